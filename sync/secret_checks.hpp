// Argon2id work off the frame loop: PIN checks and pickup-code lookups with lockouts that survive a restart, and
// fresh pickup codes for new questions. The interface the screens use; SecretWorker (secret_worker.hpp) is the
// real one, on its own thread, keeping its lockout counts in the kiosk's SQLite file.
#pragma once

#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/pickup_code.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace floorsync {

enum class LockKind { pin, pickup };

// Wrong attempts since the last right one, and until when no attempt is tried at all.
struct Lockout {
    int failures = 0;
    std::optional<SystemTime> locked_until;
    bool locked(SystemTime now) const { return locked_until && now < *locked_until; }
    bool operator==(const Lockout&) const = default;
};

// The rule, without a thread or a disk: `free_attempts` wrong attempts in a row lock for `first_lock`; every further
// wrong attempt doubles it, up to `longest_lock`. A right attempt starts over.
struct LockoutPolicy {
    int free_attempts = 5;
    std::chrono::seconds first_lock{60};
    std::chrono::seconds longest_lock{std::chrono::hours(1)};
    Lockout after_failure(Lockout before, SystemTime now) const;
};

// An unlocked ambassador: who, and the key that signs their actions. Lives only as long as the ambassador screens
// hold it; the key wipes itself.
struct AmbassadorSession {
    std::string ambassador_id;
    std::string name;
    std::string department;
    ambassador::MacKey mac;
};

struct SecretResult {
    std::uint64_t ticket = 0;
    enum class Outcome {
        accepted,  // the right PIN / a code that names a known question / a new code made
        refused,   // a wrong PIN / a code that names no known question (counts as a failure)
        locked,    // not tried: locked until lockout.locked_until
        failed,    // could not be checked (the disk refused the lockout count, no memory for Argon2id): say so
    };
    Outcome outcome = Outcome::failed;
    std::optional<AmbassadorSession> session;  // check_pin accepted
    std::optional<pickup::Keys> pickup;        // look_up_pickup accepted, or new_pickup
    std::string code;                          // new_pickup: the normalised code to show the asker
    Lockout lockout;                           // the count after this attempt (check_pin, look_up_pickup)
    std::string error;                         // failed: why
};

class SecretChecks {
public:
    virtual ~SecretChecks() = default;
    // The PIN against the credentials (one Argon2id run per distinct salt). The PIN text is wiped after use.
    virtual std::uint64_t check_pin(std::string pin, std::vector<ambassador::Credential> credentials) = 0;
    // Derives the code's keys and accepts when their id is one of `known_pickup_ids`.
    virtual std::uint64_t look_up_pickup(std::string normalised_code, std::vector<std::string> known_pickup_ids) = 0;
    // A fresh random code and its keys, for the question being typed.
    virtual std::uint64_t new_pickup() = 0;
    // The latest count for `kind` (as loaded at start and after each attempt), for what the screen shows.
    virtual Lockout lockout(LockKind kind) const = 0;
    virtual std::vector<SecretResult> take_results() = 0;
};

}  // namespace floorsync

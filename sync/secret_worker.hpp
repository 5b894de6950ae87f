// The real SecretChecks: PIN checks, pickup-code lookups and new pickup codes on a thread of their own, with the
// lockout counts kept in the kiosk's SQLite file (table lockouts) so they survive a restart.
#pragma once

#include "sync/secret_checks.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace floorsync {

class SecretWorker final : public SecretChecks {
public:
    // Starts the thread. It opens its own connection to the kiosk's database at db_path (as a Store: the same file
    // the Recorder and the SyncEngine use; the schema is migrated there if no one did yet), loads the lockout counts
    // and then serves requests in the order they came. on_result is called on the worker thread after every result
    // and once the counts are loaded (wake the UI). wall_clock is what lockouts are measured against.
    SecretWorker(std::string db_path, std::function<void()> on_result, LockoutPolicy policy = {},
                 std::function<SystemTime()> wall_clock = [] { return std::chrono::system_clock::now(); });
    // Finishes the request being worked on (its result is dropped), skips the others, joins the thread.
    ~SecretWorker() override;
    SecretWorker(const SecretWorker&) = delete;
    SecretWorker& operator=(const SecretWorker&) = delete;

    // While locked: answers `locked` without hashing. Otherwise one Argon2id run per distinct (salt, limits) among
    // the credentials; a match is `accepted` with the session, none is `refused` (a failure under the policy). The
    // new count is on disk before the answer; when it cannot be written the answer is `failed` whether the PIN was
    // right or not (so a broken disk cannot be used to guess without a lockout). The PIN text is wiped, also the
    // copy given here.
    std::uint64_t check_pin(std::string pin, std::vector<ambassador::Credential> credentials) override;
    // The same lockout rule (its own count); accepted when pickup::derive(code).id is one of known_pickup_ids.
    std::uint64_t look_up_pickup(std::string normalised_code, std::vector<std::string> known_pickup_ids) override;
    // A fresh code and its keys; no lockout, no disk.
    std::uint64_t new_pickup() override;
    // The count as loaded at start and after each attempt ({} until loaded). Thread-safe.
    Lockout lockout(LockKind kind) const override;
    std::vector<SecretResult> take_results() override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync

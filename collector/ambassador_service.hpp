// The rules for ambassadors over an AmbassadorTable of any backend: names, departments, PINs (turned into a check
// value and a MAC key, never kept), one PIN per person across all departments, reset and removal.
#pragma once

#include "collector/storage/storage.hpp"
#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/clock.hpp"

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::collector {

// An ambassador command that cannot be done as asked: a bad name, department or PIN, a PIN another active
// ambassador (of any department) has, an unknown or removed id. what() says which, never the PIN.
struct AmbassadorError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Not thread-safe, like the table it works on.
class AmbassadorService {
public:
    using Clock = std::function<SystemTime()>;
    explicit AmbassadorService(AmbassadorTable& table, ambassador::KdfParams params = ambassador::interactive_params(),
                               Clock clock = [] { return std::chrono::system_clock::now(); });

    // A new ambassador (a new UUID v4) of `department` with this PIN; returns the record as stored (revision, salt).
    AmbassadorRecord add(const std::string& name, const std::string& department, std::string_view pin);
    // A new PIN for an active ambassador: a new check value and MAC key under a new revision, so kiosks drop the old
    // PIN at their next poll and the collector refuses actions signed with the old key at once.
    AmbassadorRecord reset_pin(const std::string& id, std::string_view pin);
    // Kiosks get a tombstone with their next poll; the collector refuses the ambassador's actions from now on.
    void remove(const std::string& id);
    std::vector<AmbassadorRecord> list();

private:
    // Refuses a PIN that any active ambassador of any department (other than `except_id`) has: one Argon2id run per
    // distinct (department salt, limits), compared with each one's check value. `key` is the PIN's key under `salt`
    // and the service's limits, reused rather than derived again.
    void require_unique_pin(const std::string& salt, const ambassador::PinKey& key, std::string_view pin,
                            const std::string& except_id);

    AmbassadorTable& table_;
    ambassador::KdfParams params_;
    Clock clock_;
};

}  // namespace floorsync::collector

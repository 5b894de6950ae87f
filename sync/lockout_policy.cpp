// The growing lock after wrong PINs or pickup codes: free attempts, then a lock that doubles with each failure.
#include "sync/secret_checks.hpp"

#include <algorithm>

namespace floorsync {

Lockout LockoutPolicy::after_failure(Lockout before, SystemTime now) const {
    Lockout after;
    after.failures = before.failures + 1;
    if (after.failures < free_attempts) return after;
    const int doublings = std::min(after.failures - free_attempts, 30);
    const auto lock = std::min<std::chrono::seconds>(first_lock * (std::int64_t{1} << doublings), longest_lock);
    after.locked_until = now + lock;
    return after;
}

}  // namespace floorsync

// The collector's policy on well-formed events: plausible timestamps, the token's own kiosk id and departments.
#pragma once

#include "sync/shared/clock.hpp"
#include "collector/registry.hpp"
#include "sync/shared/protocol.hpp"

#include <vector>

namespace floorsync::collector {

// Events created before this are rejected (the product did not exist; a kiosk clock reset to 1970 shows here).
inline constexpr const char* kEarliestCreatedAt = "2020-01-01T00:00:00Z";
// Kiosk clocks drift; an event more than this far in the future is rejected.
inline constexpr std::chrono::hours kMaxClockAhead{24};

// Sets `error` on every still-valid event that breaks the policy; events already rejected keep their reason.
void apply_policy(std::vector<CheckedEvent>& events, const KioskIdentity& kiosk, SystemTime now);

}  // namespace floorsync::collector

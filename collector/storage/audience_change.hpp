// Which content items a change of one kiosk's departments makes visible or hidden for it, on either backend.
#pragma once

#include "collector/storage/storage.hpp"

#include <string>
#include <vector>

namespace floorsync::collector {

// The published (not withdrawn) records among `records` that are for a kiosk with one of the departments `before`
// and not for one with those `after`, or the other way round: exactly those whose audience names a department of
// the symmetric difference of both sets and none that both share. Items for everyone (empty audience) and withdrawn
// ones are never in it. Keeps the order of `records`.
std::vector<ContentRecord> items_to_resend(const std::vector<ContentRecord>& records,
                                           const std::vector<std::string>& before,
                                           const std::vector<std::string>& after);

}  // namespace floorsync::collector

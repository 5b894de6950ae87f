// Collector policy checks on decoded events: timestamp range, kiosk identity and allowed departments.
#include "collector/validation.hpp"

#include <algorithm>

namespace floorsync::collector {

void apply_policy(std::vector<CheckedEvent>& events, const KioskIdentity& kiosk, SystemTime now) {
    static const SystemTime earliest = *parse_rfc3339(kEarliestCreatedAt);
    const SystemTime latest = now + kMaxClockAhead;
    for (CheckedEvent& checked : events) {
        if (!checked.error.empty()) continue;
        const Event& event = checked.event;
        const SystemTime created = *parse_rfc3339(event.created_at);  // normalised by decode_upload_checked
        if (created < earliest || created > latest) {
            checked.error = "invalid field 'created_at': " + event.created_at +
                            " is outside the accepted range (2020-01-01 to one day after the collector's clock)";
        } else if (event.kiosk_id != kiosk.id) {
            checked.error = "invalid field 'kiosk_id': '" + event.kiosk_id + "' does not match the token's kiosk '" +
                            kiosk.id + "'";
        } else if (!event.department.empty() &&
                   std::find(kiosk.departments.begin(), kiosk.departments.end(), event.department) ==
                       kiosk.departments.end()) {
            checked.error = "invalid field 'department': '" + event.department + "' is not allowed for kiosk '" +
                            kiosk.id + "'";
        }
    }
}

}  // namespace floorsync::collector

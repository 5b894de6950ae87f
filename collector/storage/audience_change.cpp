// items_to_resend: the published items whose visibility for a kiosk flips when its departments change.
#include "collector/storage/audience_change.hpp"

namespace floorsync::collector {

std::vector<ContentRecord> items_to_resend(const std::vector<ContentRecord>& records,
                                           const std::vector<std::string>& before,
                                           const std::vector<std::string>& after) {
    std::vector<ContentRecord> flipped;
    for (const ContentRecord& record : records) {
        if (record.withdrawn || record.item.audience.empty()) continue;
        if (content::is_for(record.item, before) != content::is_for(record.item, after)) flipped.push_back(record);
    }
    return flipped;
}

}  // namespace floorsync::collector

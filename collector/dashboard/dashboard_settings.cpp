// The change pillars' names as the dashboard shows them.
#include "collector/dashboard/dashboard_settings.hpp"

namespace floorsync::collector {

const char* pillar_label(const std::string& pillar) {
    if (pillar == kPillarKnowing) return "Knowing what changes";
    if (pillar == kPillarWhy) return "Seeing why";
    if (pillar == kPillarTraining) return "Training";
    if (pillar == kPillarSupport) return "Support";
    return pillar.c_str();
}

}  // namespace floorsync::collector

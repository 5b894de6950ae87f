// Timeline: the countdown is computed from the go-live milestone and the local calendar.
#include "kiosk/logic/screens/timeline_screen.hpp"

namespace kiosk {

std::optional<Countdown> go_live_countdown(const ScreenHost& host) {
    const auto* go_live = host.content().go_live;
    if (!go_live) return std::nullopt;
    const auto at = time_of(go_live->at);
    if (!at) return std::nullopt;
    return countdown_to(*at, host.wall_now());
}

}  // namespace kiosk

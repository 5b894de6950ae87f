// Cleaning lock: its countdown and its end.
#include "kiosk/logic/screens/cleaning_screen.hpp"

#include <algorithm>

namespace kiosk {

Transition CleaningScreen::tick(ScreenHost& host, TimePoint now) {
    if (now >= ends(host)) return Transition::end_visit();
    return Transition::stay();
}

std::optional<TimePoint> CleaningScreen::deadline(const ScreenHost& host, TimePoint now) const {
    using std::chrono::seconds;
    const auto elapsed = std::chrono::duration_cast<seconds>(std::max(now, shown_at()) - shown_at()) + seconds(1);
    return std::min(ends(host), shown_at() + elapsed);
}

int CleaningScreen::seconds_left(const ScreenHost& host, TimePoint now) const {
    const auto left = ends(host) - now;
    if (left <= left.zero()) return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count());
}

}  // namespace kiosk

// Thank-you: a tap or the end of thank_you_duration goes home (the visit goes on: the language stays).
#include "kiosk/logic/screens/thank_you_screen.hpp"

#include "kiosk/logic/screens/home_screen.hpp"

namespace kiosk {

Transition ThankYouScreen::handle(const Input& input, ScreenHost&, TimePoint) {
    if (input.kind == Input::Kind::close_thank_you) return go_to<HomeScreen>();
    return Transition::stay();
}

Transition ThankYouScreen::tick(ScreenHost& host, TimePoint now) {
    if (now >= shown_at() + host.config().thank_you_duration) return go_to<HomeScreen>();
    return Transition::stay();
}

std::optional<TimePoint> ThankYouScreen::deadline(const ScreenHost& host, TimePoint) const {
    return shown_at() + host.config().thank_you_duration;
}

}  // namespace kiosk

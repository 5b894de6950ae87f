// Thank-you: a tap or the end of thank_you_duration goes home (the visit goes on: the language stays); with a
// pickup code, only "Done" or the idle timeout.
#include "kiosk/logic/screens/thank_you_screen.hpp"

#include "kiosk/logic/screens/home_screen.hpp"

namespace kiosk {

namespace {

// After a thank-you the next person may step up at once: the training answers and votes of this visit must not
// greet them (the language stays, as the person who just answered may go on reading).
Transition home_after_thanks(ScreenHost& host) {
    host.visit().forget_training_answers();
    host.visit().forget_votes();
    return go_to<HomeScreen>();
}

}  // namespace

Transition ThankYouScreen::handle(const Input& input, ScreenHost& host, TimePoint) {
    if (input.kind == Input::Kind::close_thank_you) return home_after_thanks(host);
    return Transition::stay();
}

Transition ThankYouScreen::tick(ScreenHost& host, TimePoint now) {
    if (!waits_for_done() && now >= shown_at() + host.config().thank_you_duration) return home_after_thanks(host);
    return Transition::stay();
}

std::optional<TimePoint> ThankYouScreen::deadline(const ScreenHost& host, TimePoint) const {
    if (waits_for_done()) return std::nullopt;
    return shown_at() + host.config().thank_you_duration;
}

}  // namespace kiosk

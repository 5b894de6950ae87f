// Why: switching between the two texts.
#include "kiosk/logic/screens/why_screen.hpp"

namespace kiosk {

Transition WhyScreen::handle_own(const Input& input, ScreenHost& host, TimePoint now) {
    if (input.kind == Input::Kind::choose_tab && input.index <= 1) {
        const Tab chosen = input.index == 0 ? Tab::organisation : Tab::you;
        if (chosen != tab_) {
            tab_ = chosen;
            ContentScreen::handle(in::scroll_to(0.0f), host, now);  // the other text starts at its top
        }
    }
    return Transition::stay();
}

}  // namespace kiosk

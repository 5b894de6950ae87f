// Scrolling, back to home, and switching between the content screens.
#include "kiosk/logic/screens/content_screen.hpp"

#include "kiosk/logic/screen_registry.hpp"
#include "kiosk/logic/screens/home_screen.hpp"

#include <algorithm>

namespace kiosk {

Transition ContentScreen::handle(const Input& input, ScreenHost& host, TimePoint now) {
    switch (input.kind) {
    case Input::Kind::go_home: return go_to<HomeScreen>();
    case Input::Kind::scroll_to: scroll_em_ = std::max(0.0f, input.amount); return Transition::stay();
    case Input::Kind::open_screen:
        if (input.text == name()) return Transition::stay();
        if (ScreenPtr next = open_content_screen(input.text)) return Transition::go(std::move(next));
        return Transition::stay();
    default: return handle_own(input, host, now);
    }
}

}  // namespace kiosk

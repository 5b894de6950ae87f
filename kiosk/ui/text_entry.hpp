// Typing on a touch screen, shared by the ask and answer screens: the box with the text so far and the on-screen
// keyboard (kiosk::KeyboardLayout) drawn as large keys.
#pragma once

#include "kiosk/logic/keyboard_layout.hpp"
#include "kiosk/ui/screens.hpp"

#include <string_view>

namespace kiosk::ui {

// The text as typed, wrapped; when it is longer than the box, the end stays visible. A bar marks where the next
// character goes. `placeholder` shows while nothing is typed.
void draw_text_box(const ScreenContext& ctx, std::string_view typed, std::string_view placeholder, Rect box);

// The keyboard's current page at the bottom of `area`; key targets "key:ROW:COLUMN", a press acts as
// in::press_key. `can_enter`: whether the enter key (send, save) is live; `enter_label`: its label ("" keeps the
// layout's own).
void draw_keyboard(const ScreenContext& ctx, const KeyboardLayout& keyboard, Rect area, bool can_enter, std::string_view enter_label = {});

}  // namespace kiosk::ui

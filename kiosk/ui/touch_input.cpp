// The touch pointer rules: release-then-hide, and no tap carried over from the previous screen.
#include "kiosk/ui/touch_input.hpp"

#include <cfloat>

namespace kiosk::ui {

void TouchPointer::before_new_frame(ImGuiIO& io, TimePoint now) {
    const bool down = io.MouseDown[0] || io.MouseDown[1] || io.MouseDown[2];
    const bool pressed = down && !was_down_;
    const bool just_released = was_down_ && !down;
    was_down_ = down;
    if (pressed && now < settled_at_) ignoring_press_ = true;
    if (ignoring_press_) {
        // ImGui never sees this press: no button is armed by it and its release clicks nothing.
        if (!down) ignoring_press_ = false;
        io.MouseDown[0] = io.MouseDown[1] = io.MouseDown[2] = false;
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        pointer_visible_ = false;
        return;
    }
    if (!down && !just_released)
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    pointer_visible_ = down || just_released;
}

}  // namespace kiosk::ui

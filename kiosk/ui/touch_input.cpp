// The release-then-hide rule for touch pointers.
#include "kiosk/ui/touch_input.hpp"

#include <cfloat>

namespace kiosk::ui {

void TouchPointer::before_new_frame(ImGuiIO& io) {
    const bool down = io.MouseDown[0] || io.MouseDown[1] || io.MouseDown[2];
    const bool just_released = was_down_ && !down;
    was_down_ = down;
    if (!down && !just_released)
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    pointer_visible_ = down || just_released;
}

}  // namespace kiosk::ui

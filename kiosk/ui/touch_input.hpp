// Touch screens arrive as a mouse (GLFW 3.3 has no touch API): hide the pointer once the finger has lifted.
#pragma once

#include <imgui.h>

namespace kiosk::ui {

// Call after the platform backend filled io.MousePos/MouseDown and before ImGui::NewFrame(). One frame after
// the button is released (so the release still lands on the control and counts as a tap), the pointer is moved
// off-screen, so no control keeps a hover look after the finger has gone.
class TouchPointer {
public:
    void before_new_frame(ImGuiIO& io);
    // True while the pointer is still on the screen: the loop draws one more frame to move it away.
    bool needs_followup_frame() const { return pointer_visible_; }

private:
    bool was_down_ = false;
    bool pointer_visible_ = false;
};

}  // namespace kiosk::ui

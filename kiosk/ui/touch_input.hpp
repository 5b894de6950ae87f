// Touch screens arrive as a mouse (GLFW 3.3 has no touch API): hide the pointer once the finger has lifted, and
// let a tap act only on the screen on which it started.
#pragma once

#include <imgui.h>

#include <chrono>

namespace kiosk::ui {

// Call before_new_frame after the platform backend filled io.MousePos/MouseDown and before ImGui::NewFrame().
// - One frame after the button is released (so the release still lands on the control and counts as a tap), the
//   pointer is moved off-screen, so no control keeps a hover look after the finger has gone.
// - A press that starts within `settle_time` after the screen changed is ignored until the finger lifts: the
//   second half of a quick double tap (150-250 ms apart) would otherwise land on whatever the new screen has at
//   that spot. A single tap is never delayed: the screen it lands on has been showing for longer than that.
class TouchPointer {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    static constexpr std::chrono::milliseconds settle_time{350};

    void before_new_frame(ImGuiIO& io, TimePoint now);
    // The screen changed at `now` (after a tap, a timeout or new data).
    void screen_changed(TimePoint now) { settled_at_ = now + settle_time; }
    // From when a new press acts again.
    TimePoint settled_at() const { return settled_at_; }
    // True while the pointer is still on the screen: the loop draws one more frame to move it away.
    bool needs_followup_frame() const { return pointer_visible_; }

private:
    bool was_down_ = false;
    bool pointer_visible_ = false;
    bool ignoring_press_ = false;  // this press started before the screen had settled
    TimePoint settled_at_{};
};

}  // namespace kiosk::ui

// A list that scrolls when a finger drags it: clips what it holds, reports the new offset, shows where you are.
#pragma once

#include "kiosk/logic/input.hpp"
#include "kiosk/ui/layout.hpp"

#include <imgui.h>

namespace kiosk::ui {

struct ScreenContext;

// Usage: ScrollArea list(ctx, viewport, screen.scroll_em()); draw from list.top() downwards; list.finish(bottom_y).
// Drawing and tap targets outside the viewport are clipped away. A drag that started inside the viewport moves the
// list with the finger (Input::scroll_to, clamped to the content), and no control acts on that finger's release.
class ScrollArea {
public:
    ScrollArea(const ScreenContext& ctx, Rect viewport, float scroll_em);
    ~ScrollArea();
    ScrollArea(const ScrollArea&) = delete;
    ScrollArea& operator=(const ScrollArea&) = delete;

    float top() const { return viewport_.min.y - offset_px_; }  // where the content's first line goes
    const Rect& viewport() const { return viewport_; }
    // `content_bottom`: the y just below the last thing drawn (as drawn, i.e. already scrolled).
    void finish(float content_bottom);

private:
    const ScreenContext& ctx_;
    Rect viewport_;
    float offset_px_;
    bool finished_ = false;
};

}  // namespace kiosk::ui

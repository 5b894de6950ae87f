// Drag-to-scroll for touch screens (ImGui 1.86 scrolls only by wheel), with a thin position bar.
#include "kiosk/ui/scroll_area.hpp"

#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>

namespace kiosk::ui {

ScrollArea::ScrollArea(const ScreenContext& ctx, Rect viewport, float scroll_em)
    : ctx_(ctx), viewport_(viewport), offset_px_(std::max(0.0f, scroll_em) * ctx.em) {
    // ImGui's clip rect also limits which items can be hovered, so a control scrolled out of view cannot be tapped.
    ImGui::PushClipRect(viewport_.min, viewport_.max, true);
}

ScrollArea::~ScrollArea() {
    if (!finished_) ImGui::PopClipRect();
}

void ScrollArea::finish(float content_bottom) {
    finished_ = true;
    ImGui::PopClipRect();
    const float em = ctx_.em;
    const float content_height = content_bottom - top();
    const float max_offset = std::max(0.0f, content_height - viewport_.height());
    float offset = std::min(offset_px_, max_offset);

    const ImGuiIO& io = ImGui::GetIO();
    const bool started_inside = viewport_.contains(io.MouseClickedPos[0]);
    if (started_inside && is_dragging(em) && io.MouseDelta.y != 0.0f)
        offset = std::clamp(offset - io.MouseDelta.y, 0.0f, max_offset);
    if (offset != offset_px_)
        ctx_.act(in::scroll_to(offset / em));

    if (max_offset <= 0.0f)
        return;
    // Where the visible part is in the whole list, as a bar on the right edge.
    const float track = viewport_.height();
    const float bar = std::max(2.0f * em, track * viewport_.height() / content_height);
    const float y = viewport_.min.y + (track - bar) * (offset / max_offset);
    const float x = viewport_.max.x - 0.3f * em;
    ctx_.draw().AddRectFilled(ImVec2(x, y), ImVec2(x + 0.25f * em, y + bar), theme::outline, 0.125f * em);
}

}  // namespace kiosk::ui

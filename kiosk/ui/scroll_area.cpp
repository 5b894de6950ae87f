// Drag-to-scroll for touch screens (ImGui 1.86 scrolls only by wheel), with a thin position bar.
#include "kiosk/ui/scroll_area.hpp"

#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

constexpr float kHintBandEm = 1.6f;  // the "drag to scroll" band at the bottom while more follows

// Whether the last frame drew the hint band: then the list stops above it this frame, so nothing hidden under the
// band can be tapped. (Kept in ImGui's per-window storage: the view itself holds no state.)
ImGuiID band_state_id() { return ImGui::GetID("##scroll_hint_band"); }

}  // namespace

ScrollArea::ScrollArea(const ScreenContext& ctx, Rect viewport, float scroll_em)
    : ctx_(ctx), viewport_(viewport), offset_px_(std::max(0.0f, scroll_em) * ctx.em) {
    const bool band = ImGui::GetStateStorage()->GetBool(band_state_id(), false);
    const float bottom = band ? viewport_.max.y - kHintBandEm * ctx.em : viewport_.max.y;
    // ImGui's clip rect also limits which items can be hovered, so a control scrolled out of view cannot be tapped.
    ImGui::PushClipRect(viewport_.min, ImVec2(viewport_.max.x, bottom), true);
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
    // Half a pixel of slack: offset / em * em need not round-trip exactly in float, and a scroll_to on every frame
    // would count as activity and keep the visit from ever timing out.
    if (std::abs(offset - offset_px_) >= 0.5f)
        ctx_.act(in::scroll_to(offset / em));

    const bool more_below = max_offset > 0.0f && offset < max_offset - 0.5f * em;
    ImGui::GetStateStorage()->SetBool(band_state_id(), more_below);
    if (max_offset <= 0.0f)
        return;
    // While more follows below, the last line fades into a band that says how to get there, instead of being cut
    // through the middle at the viewport's edge.
    if (more_below) {
        const float band = kHintBandEm * em;
        const ImVec2 band_min(viewport_.min.x, viewport_.max.y - band);
        const ImU32 clear = theme::background & 0x00FFFFFFu;
        ctx_.draw().AddRectFilledMultiColor(ImVec2(band_min.x, band_min.y - band), ImVec2(viewport_.max.x, band_min.y), clear, clear,
                                            theme::background, theme::background);
        ctx_.draw().AddRectFilled(band_min, viewport_.max, theme::background);
        const std::string& hint = ctx_.text(text::content_scroll_hint);
        const std::string label = hint + "  \xE2\x86\x93";
        draw_text_block(ctx_.draw(), ctx_.fonts.body, label, viewport_.min.x, band_min.y + (band - ctx_.fonts.body->FontSize) * 0.5f,
                        viewport_.width() - em, theme::text_muted, Align::right);
    }
    // Where the visible part is in the whole list, as a bar on the right edge.
    const float track = viewport_.height();
    const float bar = std::max(2.0f * em, track * viewport_.height() / content_height);
    const float y = viewport_.min.y + (track - bar) * (offset / max_offset);
    const float x = viewport_.max.x - 0.3f * em;
    ctx_.draw().AddRectFilled(ImVec2(x, y), ImVec2(x + 0.25f * em, y + bar), theme::outline, 0.125f * em);
}

}  // namespace kiosk::ui

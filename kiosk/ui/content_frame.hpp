// The frame of the content screens: "back", a tab per content screen, the title; and the cards their lists hold.
#pragma once

#include "kiosk/ui/screens.hpp"

#include <string_view>

namespace kiosk::ui {

// Draws the top bar and the title of content screen `current`; returns the area left for its list.
Rect draw_content_frame(const ScreenContext& ctx, std::string_view current, std::string_view title, Rect area);

// The centred column lists use on wide screens, so lines stay readable.
Rect reading_column(const Rect& area, float em);

// A card: a surface with padding; `draw_body(left, top, width)` draws its contents and returns the bottom y.
// Returns the card's bottom y.
template <class Body>
float draw_card(const ScreenContext& ctx, float left, float top, float width, ImU32 fill, Body&& draw_body) {
    const float pad = 0.8f * ctx.em;
    ImDrawList& draw = ctx.draw();
    draw.ChannelsSplit(2);
    draw.ChannelsSetCurrent(1);
    const float bottom = draw_body(left + pad, top + pad, width - 2.0f * pad) + pad;
    draw.ChannelsSetCurrent(0);
    draw.AddRectFilled(ImVec2(left, top), ImVec2(left + width, bottom), fill, 0.45f * ctx.em);
    draw.ChannelsMerge();
    return bottom;
}

// "Nothing has been published here yet.", centred.
void draw_empty_note(const ScreenContext& ctx, Rect area);

}  // namespace kiosk::ui

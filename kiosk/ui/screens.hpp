// Internal to kiosk/ui: what every screen's draw function gets, and the screens themselves.
#pragma once

#include "kiosk/logic/flow.hpp"
#include "kiosk/logic/strings.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/ui_actions.hpp"
#include "kiosk/ui/widgets.hpp"

#include <string>

namespace kiosk::ui {

struct ScreenContext {
    const StringTables& strings;
    const FontSet& fonts;
    const std::string& language;
    Controls& controls;
    UiActions& actions;
    float em;

    const std::string& text(const char* key) const { return strings.get(language, key); }
    ImDrawList& draw() const { return controls.draw(); }
    void act(UiAction::Kind kind, std::size_t index = 0, std::size_t column = 0) const { actions.push_back({kind, index, column, 0, {}}); }
};

void draw_home(const ScreenContext& ctx, const Flow& flow, Rect area);
void draw_department(const ScreenContext& ctx, const Flow& flow, Rect area);
void draw_follow_up(const ScreenContext& ctx, const Flow& flow, Rect area);
void draw_ask(const ScreenContext& ctx, const Flow& flow, Rect area);
void draw_saving(const ScreenContext& ctx, Rect area);
void draw_thank_you(const ScreenContext& ctx, const Flow& flow, Rect area);
void draw_store_error(const ScreenContext& ctx, const Flow& flow, Rect area);
void draw_cleaning(const ScreenContext& ctx, const Flow& flow, Flow::TimePoint now, Rect area);

// Shared pieces.
float text_width(ImFont* font, std::string_view text);
// A title (title font) and an optional muted hint under it, centred; returns the height used.
float draw_heading(const ScreenContext& ctx, Rect area, std::string_view title, std::string_view hint, ImU32 title_colour);

}  // namespace kiosk::ui

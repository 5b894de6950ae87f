// The content screens' shared frame and pieces.
#include "kiosk/ui/content_frame.hpp"

#include "kiosk/logic/screen_registry.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>

namespace kiosk::ui {
namespace {

const char* tab_label_key(std::string_view screen) {
    if (screen == WhyScreen::kName) return text::home_nav_why;
    if (screen == NewsScreen::kName) return text::home_nav_news;
    if (screen == TimelineScreen::kName) return text::home_nav_timeline;
    if (screen == QuestionsScreen::kName) return text::questions_home_button;
    return text::home_nav_training;
}

}  // namespace

Rect reading_column(const Rect& area, float em) {
    const float width = std::min(area.width(), 46.0f * em);
    const float left = area.centre().x - width * 0.5f;
    return Rect{ImVec2(left, area.min.y), ImVec2(left + width, area.max.y)};
}

Rect draw_content_frame(const ScreenContext& ctx, std::string_view current, std::string_view title, Rect area) {
    const float em = ctx.em;
    ImFont* font = ctx.fonts.bold;
    Rect bar = area.take_top(theme::touch_target_em * em, 0.6f * em);
    const std::string& back = ctx.text(text::content_back);
    const Rect back_button = bar.take_left(std::max(text_width(font, back) + 2.0f * em, 6.0f * em), em);
    if (ctx.controls.button("back", back, back_button, ButtonKind::normal, font))
        ctx.act(in::go_home());

    // The tabs share what is left, up to a comfortable width each.
    const auto& names = content_screen_names();
    const float gap = 0.5f * em;
    const float tab_width = std::min(11.0f * em, (bar.width() - gap * static_cast<float>(names.size() - 1)) / static_cast<float>(names.size()));
    for (auto it = names.rbegin(); it != names.rend(); ++it) {
        const Rect tab = bar.take_right(tab_width, gap);
        const bool selected = *it == current;
        if (ctx.controls.button(std::string("tab:") + std::string(*it), ctx.text(tab_label_key(*it)), tab,
                                selected ? ButtonKind::selected : ButtonKind::normal, font) && !selected)
            ctx.act(in::open_screen(std::string(*it)));
    }

    const float title_bottom = draw_text_block(ctx.draw(), ctx.fonts.title, title, area.min.x, area.min.y, area.width(), theme::text,
                                               Align::left);
    area.take_top(title_bottom - area.min.y, 0.6f * em);
    return area;
}

void draw_empty_note(const ScreenContext& ctx, Rect area) {
    const std::string& note = ctx.text(text::content_empty);
    const float height = wrapped_height(ctx.fonts.body, note, area.width());
    draw_text_block(ctx.draw(), ctx.fonts.body, note, area.min.x, area.centre().y - height * 0.5f, area.width(), theme::text_muted,
                    Align::centre);
}

}  // namespace kiosk::ui

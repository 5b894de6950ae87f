// Timeline: the go-live countdown in large type, then the milestones by date (past ones ticked off).
#include "kiosk/logic/content_text.hpp"
#include "kiosk/ui/content_frame.hpp"
#include "kiosk/ui/scroll_area.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>

namespace kiosk::ui {

void draw_screen(const ScreenContext& ctx, const TimelineScreen& screen, Rect area) {
    const float em = ctx.em;
    area = draw_content_frame(ctx, TimelineScreen::kName, ctx.text(text::timeline_title), area);
    const auto& milestones = ctx.host.content().milestones;
    if (milestones.empty()) {
        draw_empty_note(ctx, area);
        return;
    }
    Rect column = reading_column(area, em);
    const auto countdown = go_live_countdown(ctx.host);
    const std::string headline = countdown ? ctx.text(text::timeline_go_live) + " \xC2\xB7 " + countdown_text(ctx.strings, ctx.language, *countdown)
                                           : ctx.text(text::timeline_no_date);
    const float headline_bottom = draw_text_block(ctx.draw(), ctx.fonts.title, headline, column.min.x, column.min.y, column.width(),
                                                  countdown ? theme::accent : theme::text_muted, Align::centre);
    column.take_top(headline_bottom - column.min.y, 0.8f * em);

    ScrollArea list(ctx, column, screen.scroll_em());
    float y = list.top();
    const float width = column.width() - 0.8f * em;
    const SystemTime now = ctx.host.wall_now();
    // The date column as wide as its longest date.
    float date_width = 4.0f * em;
    for (const auto* item : milestones)
        if (const auto at = time_of(item->at))
            date_width = std::max(date_width, text_width(ctx.fonts.bold, format_date(ctx.strings, ctx.language, *at)) + 0.5f * em);
    for (const auto* item : milestones) {
        const auto& texts = floorsync::content::translation_for(*item, ctx.language);
        const auto at = time_of(item->at);
        const bool past = at && *at <= now;
        const float dot_y = y + 0.5f * ctx.fonts.bold->FontSize;
        // A line of dots down the left: filled for what is done, the go-live in the accent colour.
        ctx.draw().AddCircleFilled(ImVec2(column.min.x + 0.5f * em, dot_y), 0.4f * em,
                                   item->go_live ? theme::accent : past ? theme::ok : theme::outline, 20);
        const std::string date = at ? format_date(ctx.strings, ctx.language, *at) : std::string();
        draw_text_block(ctx.draw(), ctx.fonts.bold, date, column.min.x + 1.5f * em, y, date_width, past ? theme::text_muted : theme::text,
                        Align::left);
        const float text_left = column.min.x + 1.5f * em + date_width + 0.5f * em;
        const float text_width_px = width - (text_left - column.min.x);
        // The go-live stands out by its colour and dot; its title already says what it is.
        const std::string& title = texts.title;
        float bottom = draw_text_block(ctx.draw(), ctx.fonts.bold, title, text_left, y, text_width_px,
                                       item->go_live ? theme::accent : theme::text, Align::left);
        if (!texts.body.empty())
            bottom = draw_text_block(ctx.draw(), ctx.fonts.body, texts.body, text_left, bottom + 0.2f * em, text_width_px, theme::text_muted,
                                     Align::left);
        y = bottom + 1.0f * em;
    }
    list.finish(y);
}

}  // namespace kiosk::ui

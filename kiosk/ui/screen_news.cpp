// News: announcements and "you said, we did" as cards, newest first, in a list that scrolls.
#include "kiosk/logic/content_text.hpp"
#include "kiosk/ui/content_frame.hpp"
#include "kiosk/ui/scroll_area.hpp"
#include "kiosk/ui/theme.hpp"

namespace kiosk::ui {

void draw_screen(const ScreenContext& ctx, const NewsScreen& screen, Rect area) {
    using floorsync::content::Kind;
    const float em = ctx.em;
    area = draw_content_frame(ctx, NewsScreen::kName, ctx.text(text::news_title), area);
    const auto& items = ctx.host.content().news;
    if (items.empty()) {
        draw_empty_note(ctx, area);
        return;
    }
    const Rect column = reading_column(area, em);
    ScrollArea list(ctx, column, screen.scroll_em());
    float y = list.top();
    const float width = column.width() - 0.8f * em;
    for (const auto* item : items) {
        // Cards wholly above or below the viewport are still measured (their height places the next one) but cost
        // little: the clip rectangle drops their triangles.
        const auto& texts = floorsync::content::translation_for(*item, ctx.language);
        y = draw_card(ctx, column.min.x, y, width, theme::surface, [&](float left, float top, float inner) {
            float bottom = top;
            if (const auto when = time_of(item->shown_from.empty() ? item->updated_at : item->shown_from))
                bottom = draw_text_block(ctx.draw(), ctx.fonts.body, format_day(ctx.strings, ctx.language, *when), left, bottom,
                                         inner, theme::text_muted, Align::left);
            bottom = draw_text_block(ctx.draw(), ctx.fonts.bold, texts.title, left, bottom, inner, theme::text, Align::left);
            if (item->kind == Kind::you_said_we_did) {
                bottom = draw_text_block(ctx.draw(), ctx.fonts.bold, ctx.text(text::news_you_said), left, bottom + 0.4f * em, inner,
                                         theme::accent, Align::left);
                bottom = draw_text_block(ctx.draw(), ctx.fonts.body, texts.body, left, bottom, inner, theme::text, Align::left);
                bottom = draw_text_block(ctx.draw(), ctx.fonts.bold, ctx.text(text::news_we_did), left, bottom + 0.4f * em, inner,
                                         theme::ok, Align::left);
                bottom = draw_text_block(ctx.draw(), ctx.fonts.body, texts.detail, left, bottom, inner, theme::text, Align::left);
            } else if (!texts.body.empty()) {
                bottom = draw_text_block(ctx.draw(), ctx.fonts.body, texts.body, left, bottom + 0.3f * em, inner, theme::text,
                                         Align::left);
            }
            return bottom;
        });
        y += 0.7f * em;
    }
    list.finish(y);
}

}  // namespace kiosk::ui

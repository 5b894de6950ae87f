// Why: two tabs, "for the organisation" and "for you", over the why texts, newest first; long texts scroll.
#include "kiosk/ui/content_frame.hpp"
#include "kiosk/ui/scroll_area.hpp"
#include "kiosk/ui/theme.hpp"

namespace kiosk::ui {

void draw_screen(const ScreenContext& ctx, const WhyScreen& screen, Rect area) {
    const float em = ctx.em;
    area = draw_content_frame(ctx, WhyScreen::kName, ctx.text(text::why_title), area);
    const auto& items = ctx.host.content().why;
    if (items.empty()) {
        draw_empty_note(ctx, area);
        return;
    }
    Rect column = reading_column(area, em);
    Rect tabs = column.take_top(theme::touch_target_em * em, 0.8f * em);
    const float tab_width = (tabs.width() - 0.5f * em) * 0.5f;
    const Rect organisation = tabs.take_left(tab_width, 0.5f * em);
    const bool for_you = screen.tab() == WhyScreen::Tab::you;
    if (ctx.controls.button("why:organisation", ctx.text(text::why_tab_organisation), organisation,
                            for_you ? ButtonKind::normal : ButtonKind::selected, ctx.fonts.bold))
        ctx.act(in::choose_tab(0));
    if (ctx.controls.button("why:you", ctx.text(text::why_tab_you), tabs, for_you ? ButtonKind::selected : ButtonKind::normal,
                            ctx.fonts.bold))
        ctx.act(in::choose_tab(1));

    ScrollArea list(ctx, column, screen.scroll_em());
    float y = list.top();
    const float width = column.width() - 0.8f * em;  // room for the scroll bar
    for (const auto* item : items) {
        const auto& texts = floorsync::content::translation_for(*item, ctx.language);
        const std::string& body = for_you ? texts.detail : texts.body;
        y = draw_text_block(ctx.draw(), ctx.fonts.bold, texts.title, column.min.x, y, width, theme::accent, Align::left);
        y = draw_text_block(ctx.draw(), ctx.fonts.body, body, column.min.x, y + 0.4f * em, width, theme::text, Align::left);
        y += 1.4f * em;
    }
    list.finish(y);
}

}  // namespace kiosk::ui

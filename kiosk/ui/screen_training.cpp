// Training: the coming sessions as cards (when, where, seats) with one "I'll be there" each, in a list that scrolls.
#include "kiosk/logic/content_text.hpp"
#include "kiosk/ui/content_frame.hpp"
#include "kiosk/ui/scroll_area.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>

namespace kiosk::ui {

void draw_screen(const ScreenContext& ctx, const TrainingScreen& screen, Rect area) {
    const float em = ctx.em;
    area = draw_content_frame(ctx, TrainingScreen::kName, ctx.text(text::training_title), area);
    const auto& sessions = ctx.host.content().trainings;
    if (sessions.empty()) {
        draw_empty_note(ctx, area);
        return;
    }
    Rect column = reading_column(area, em);
    const float hint_bottom = draw_text_block(ctx.draw(), ctx.fonts.body, ctx.text(text::training_hint), column.min.x, column.min.y,
                                              column.width(), theme::text_muted, Align::left);
    column.take_top(hint_bottom - column.min.y, 0.6f * em);

    ScrollArea list(ctx, column, screen.scroll_em());
    float y = list.top();
    const float width = column.width() - 0.8f * em;
    for (const auto* item : sessions) {
        const auto& texts = floorsync::content::translation_for(*item, ctx.language);
        y = draw_card(ctx, column.min.x, y, width, theme::surface, [&](float left, float top, float inner) {
            const float button_width = std::min(13.0f * em, inner * 0.4f);
            const float text_room = inner - button_width - 0.8f * em;
            float bottom = draw_text_block(ctx.draw(), ctx.fonts.bold, texts.title, left, top, text_room, theme::text, Align::left);
            const auto at = time_of(item->at), until = time_of(item->until);
            if (at && until)
                bottom = draw_text_block(ctx.draw(), ctx.fonts.body, format_session(ctx.strings, ctx.language, *at, *until), left, bottom,
                                         text_room, theme::accent, Align::left);
            std::string where = ctx.strings.format(ctx.language, text::training_place, {{"place", item->place}});
            if (item->seats > 0)
                where += "  \xC2\xB7  " + ctx.strings.format_count(ctx.language, text::training_seats_one, text::training_seats, item->seats);
            bottom = draw_text_block(ctx.draw(), ctx.fonts.body, where, left, bottom, text_room, theme::text_muted, Align::left);
            if (!texts.body.empty())
                bottom = draw_text_block(ctx.draw(), ctx.fonts.body, texts.body, left, bottom + 0.3f * em, text_room, theme::text,
                                         Align::left);

            const Rect button{ImVec2(left + inner - button_width, top),
                              ImVec2(left + inner, top + theme::touch_target_em * em)};
            const auto interest = screen.interest(ctx.host, item->id);
            switch (interest) {
            case TrainingScreen::Interest::none:
            case TrainingScreen::Interest::failed:
                if (ctx.controls.button("attend:" + item->id, ctx.text(text::training_attend), button, ButtonKind::primary, ctx.fonts.bold))
                    ctx.act(in::attend_training(item->id));
                if (interest == TrainingScreen::Interest::failed)
                    bottom = std::max(bottom, draw_text_block(ctx.draw(), ctx.fonts.body, ctx.text(text::training_failed), button.min.x,
                                                              button.max.y + 0.2f * em, button.width(), theme::danger, Align::centre));
                break;
            case TrainingScreen::Interest::saving:
                ctx.controls.button("attend:" + item->id, ctx.text(text::training_saving), button, ButtonKind::disabled, ctx.fonts.bold);
                break;
            case TrainingScreen::Interest::given:
                ctx.controls.button("attend:" + item->id, ctx.text(text::training_attending), button, ButtonKind::selected,
                                    ctx.fonts.bold);
                break;
            }
            return std::max(bottom, button.max.y);
        });
        y += 0.7f * em;
    }
    list.finish(y);
}

}  // namespace kiosk::ui

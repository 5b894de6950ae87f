// Ask a question: the text so far with a character counter, send/cancel, and the on-screen keyboard.
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/text_entry.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {
namespace {

constexpr std::size_t kWarnBelowRemaining = 20;

void draw_top_bar(const ScreenContext& ctx, const AskScreen& screen, Rect bar) {
    const float em = ctx.em;
    ImFont* font = ctx.fonts.bold;
    const std::string& cancel_label = ctx.text(text::ask_cancel);
    const std::string& send_label = ctx.text(text::ask_send);
    const float button_width = std::max({text_width(font, cancel_label), text_width(font, send_label)}) + 3.0f * em;
    const float width = std::clamp(button_width, 8.0f * em, bar.width() * 0.3f);

    if (ctx.controls.button("cancel", cancel_label, bar.take_left(width, em), ButtonKind::normal, font))
        ctx.act(in::cancel_question());
    if (ctx.controls.button("send", send_label, bar.take_right(width, em),
                            screen.can_send() ? ButtonKind::primary : ButtonKind::disabled, font))
        ctx.act(in::send_question());

    const std::string& title = ctx.text(text::ask_title);
    const float size = ctx.fonts.title->FontSize * std::clamp(bar.width() / std::max(text_width(ctx.fonts.title, title), 1.0f), 0.6f, 1.0f);
    const float height = wrapped_height(ctx.fonts.title, title, bar.width(), size);
    ctx.draw().PushClipRect(bar.min, bar.max, true);
    draw_text_block(ctx.draw(), ctx.fonts.title, title, bar.min.x, bar.min.y + (bar.height() - height) * 0.5f, bar.width(), theme::text,
                    Align::centre, size);
    ctx.draw().PopClipRect();
}

void draw_counter_line(const ScreenContext& ctx, const AskScreen& screen, Rect line) {
    ImFont* font = ctx.fonts.body;
    const std::size_t remaining = screen.editor().remaining();
    const std::string counter = ctx.strings.format_count(ctx.language, text::ask_remaining_one, text::ask_remaining_other,
                                                         static_cast<std::int64_t>(remaining));
    const float counter_width = text_width(font, counter);
    ctx.draw().AddText(font, font->FontSize, ImVec2(line.max.x - counter_width, line.min.y),
                       remaining < kWarnBelowRemaining ? theme::warning : theme::text_muted, counter.c_str());

    // Left of the counter: why a character was refused, else the promise of anonymity.
    const char* message_key = text::ask_anonymous;
    ImU32 message_colour = theme::text_muted;
    switch (screen.last_insert_result()) {
    case InsertResult::refused_limit: message_key = text::ask_limit_reached; message_colour = theme::warning; break;
    case InsertResult::refused_control:
    case InsertResult::refused_invalid_utf8: message_key = text::ask_refused_character; message_colour = theme::warning; break;
    default: break;
    }
    const Rect room{line.min, ImVec2(line.max.x - counter_width - ctx.em, line.max.y)};
    const std::string& message = ctx.text(message_key);
    const float size = font->FontSize * std::clamp(room.width() / std::max(text_width(font, message), 1.0f), 0.7f, 1.0f);
    ctx.draw().PushClipRect(room.min, room.max, true);
    ctx.draw().AddText(font, size, ImVec2(line.min.x, line.min.y + (font->FontSize - size)), message_colour, message.c_str());
    ctx.draw().PopClipRect();
}

}  // namespace

void draw_screen(const ScreenContext& ctx, const AskScreen& screen, Rect area) {
    const float em = ctx.em;
    draw_top_bar(ctx, screen, area.take_top(theme::touch_target_em * em, 0.4f * em));
    const float box_height = 3.0f * ctx.fonts.body->FontSize + 0.6f * em;
    draw_text_box(ctx, screen.editor().text(), ctx.text(text::ask_placeholder), area.take_top(box_height, 0.1f * em));
    draw_counter_line(ctx, screen, area.take_top(1.1f * em, 0.3f * em));
    draw_keyboard(ctx, screen.keyboard(), area, screen.can_send());
}

}  // namespace kiosk::ui

// Ask a question: the text so far with a character counter, send/cancel, and the on-screen keyboard.
#include "kiosk/ui/screens.hpp"
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

// The question as typed, wrapped; when it is longer than the box, the end stays visible. A bar marks where
// the next character goes.
void draw_text_box(const ScreenContext& ctx, const AskScreen& screen, Rect box) {
    const float em = ctx.em;
    ImDrawList& draw = ctx.draw();
    draw.AddRectFilled(box.min, box.max, theme::surface, theme::corner_em * em);
    draw.AddRect(box.min, box.max, theme::outline, theme::corner_em * em, 0, std::max(1.0f, 0.08f * em));

    const Rect inner{ImVec2(box.min.x + 0.6f * em, box.min.y + 0.3f * em), ImVec2(box.max.x - 0.6f * em, box.max.y - 0.3f * em)};
    ImFont* font = ctx.fonts.body;
    const std::string& typed = screen.editor().text();
    draw.PushClipRect(inner.min, inner.max, true);
    if (typed.empty()) {
        draw_text_block(draw, font, ctx.text(text::ask_placeholder), inner.min.x, inner.min.y, inner.width(), theme::text_muted, Align::left);
        draw.AddRectFilled(ImVec2(inner.min.x, inner.min.y), ImVec2(inner.min.x + 0.12f * em, inner.min.y + font->FontSize), theme::accent);
    } else {
        const float caret_room = 0.5f * em;
        const std::vector<std::string_view> lines = wrap_lines(font, typed, inner.width() - caret_room);
        const std::size_t fit = std::max<std::size_t>(1, static_cast<std::size_t>(inner.height() / font->FontSize));
        const std::size_t first = lines.size() > fit ? lines.size() - fit : 0;
        float y = inner.min.y;
        for (std::size_t i = first; i < lines.size(); ++i) {
            draw.AddText(font, font->FontSize, ImVec2(inner.min.x, y), theme::text, lines[i].data(), lines[i].data() + lines[i].size());
            y += font->FontSize;
        }
        // A trailing space is trimmed from the wrapped line but moves the caret.
        const std::string_view last = lines.back();
        float caret_x = inner.min.x + text_width(font, last);
        const char* last_end = last.data() + last.size();
        const char* text_end = typed.data() + typed.size();
        caret_x += static_cast<float>(text_end - last_end) * text_width(font, " ");
        caret_x = std::min(caret_x + 0.1f * em, inner.max.x - 0.12f * em);
        draw.AddRectFilled(ImVec2(caret_x, y - font->FontSize), ImVec2(caret_x + 0.12f * em, y), theme::accent);
    }
    draw.PopClipRect();
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

std::string key_label(const ScreenContext& ctx, const Key& key) {
    return key.action == KeyAction::character ? key.text : ctx.text(key.label_key.c_str());
}

ButtonKind key_kind(const AskScreen& screen, const Key& key) {
    if (key.action == KeyAction::shift && screen.keyboard().shift_active())
        return ButtonKind::selected;
    if (key.action == KeyAction::enter)
        return screen.can_send() ? ButtonKind::primary : ButtonKind::disabled;
    return ButtonKind::normal;
}

void draw_keyboard(const ScreenContext& ctx, const AskScreen& screen, Rect area) {
    const float em = ctx.em;
    const auto& rows = screen.keyboard().rows();
    if (rows.empty())
        return;
    const float gap = 0.25f * em;
    const float row_count = static_cast<float>(rows.size());
    const float key_height = std::min(4.2f * em, (area.height() - gap * (row_count - 1.0f)) / row_count);
    const float unit = std::min(area.width() / KeyboardLayout::row_units, key_height * 1.6f);
    const float keyboard_height = key_height * row_count + gap * (row_count - 1.0f);
    float top = area.min.y + std::max(0.0f, area.height() - keyboard_height);

    for (std::size_t r = 0; r < rows.size(); ++r) {
        const float row_width = screen.keyboard().row_width(r) * unit;
        float left = area.centre().x - row_width * 0.5f;
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const Key& key = rows[r][c];
            const float width = key.width * unit;
            const Rect cell{ImVec2(left + gap * 0.5f, top), ImVec2(left + width - gap * 0.5f, top + key_height)};
            const std::string label = key_label(ctx, key);
            ImFont* font = key.action == KeyAction::character ? ctx.fonts.title : ctx.fonts.bold;
            if (ctx.controls.button("key:" + std::to_string(r) + ":" + std::to_string(c), label, cell, key_kind(screen, key), font))
                ctx.act(in::press_key(r, c));
            left += width;
        }
        top += key_height + gap;
    }
}

}  // namespace

void draw_screen(const ScreenContext& ctx, const AskScreen& screen, Rect area) {
    const float em = ctx.em;
    draw_top_bar(ctx, screen, area.take_top(theme::touch_target_em * em, 0.4f * em));
    const float box_height = 3.0f * ctx.fonts.body->FontSize + 0.6f * em;
    draw_text_box(ctx, screen, area.take_top(box_height, 0.1f * em));
    draw_counter_line(ctx, screen, area.take_top(1.1f * em, 0.3f * em));
    draw_keyboard(ctx, screen, area);
}

}  // namespace kiosk::ui

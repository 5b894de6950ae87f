// The typed-text box and the on-screen keyboard, as the ask and answer screens draw them.
#include "kiosk/ui/text_entry.hpp"

#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <string>

namespace kiosk::ui {

void draw_text_box(const ScreenContext& ctx, std::string_view typed, std::string_view placeholder, Rect box) {
    const float em = ctx.em;
    ImDrawList& draw = ctx.draw();
    draw.AddRectFilled(box.min, box.max, theme::surface, theme::corner_em * em);
    draw.AddRect(box.min, box.max, theme::outline, theme::corner_em * em, 0, std::max(1.0f, 0.08f * em));

    const Rect inner{ImVec2(box.min.x + 0.6f * em, box.min.y + 0.3f * em), ImVec2(box.max.x - 0.6f * em, box.max.y - 0.3f * em)};
    ImFont* font = ctx.fonts.body;
    draw.PushClipRect(inner.min, inner.max, true);
    if (typed.empty()) {
        draw_text_block(draw, font, placeholder, inner.min.x, inner.min.y, inner.width(), theme::text_muted, Align::left);
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

namespace {

std::string key_label(const ScreenContext& ctx, const Key& key, std::string_view enter_label) {
    if (key.action == KeyAction::enter && !enter_label.empty()) return std::string(enter_label);
    return key.action == KeyAction::character ? key.text : ctx.text(key.label_key.c_str());
}

ButtonKind key_kind(const KeyboardLayout& keyboard, const Key& key, bool can_enter) {
    if (key.action == KeyAction::shift && keyboard.shift_active())
        return ButtonKind::selected;
    if (key.action == KeyAction::enter)
        return can_enter ? ButtonKind::primary : ButtonKind::disabled;
    return ButtonKind::normal;
}

}  // namespace

void draw_keyboard(const ScreenContext& ctx, const KeyboardLayout& keyboard, Rect area, bool can_enter, std::string_view enter_label) {
    const float em = ctx.em;
    const auto& rows = keyboard.rows();
    if (rows.empty())
        return;
    const float gap = 0.25f * em;
    const float row_count = static_cast<float>(rows.size());
    const float key_height = std::min(4.2f * em, (area.height() - gap * (row_count - 1.0f)) / row_count);
    const float unit = std::min(area.width() / KeyboardLayout::row_units, key_height * 1.6f);
    const float keyboard_height = key_height * row_count + gap * (row_count - 1.0f);
    float top = area.min.y + std::max(0.0f, area.height() - keyboard_height);

    for (std::size_t r = 0; r < rows.size(); ++r) {
        const float row_width = keyboard.row_width(r) * unit;
        float left = area.centre().x - row_width * 0.5f;
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const Key& key = rows[r][c];
            const float width = key.width * unit;
            const Rect cell{ImVec2(left + gap * 0.5f, top), ImVec2(left + width - gap * 0.5f, top + key_height)};
            const std::string label = key_label(ctx, key, enter_label);
            ImFont* font = key.action == KeyAction::character ? ctx.fonts.title : ctx.fonts.bold;
            if (ctx.controls.button("key:" + std::to_string(r) + ":" + std::to_string(c), label, cell, key_kind(keyboard, key, can_enter), font))
                ctx.act(in::press_key(r, c));
            left += width;
        }
        top += key_height + gap;
    }
}

}  // namespace kiosk::ui

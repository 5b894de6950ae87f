// Word wrapping, text blocks and the touch buttons.
#include "kiosk/ui/widgets.hpp"

#include "kiosk/ui/theme.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

namespace kiosk::ui {
namespace {

const char* next_char(const char* s, const char* end) {
    unsigned int codepoint = 0;
    const int length = ImTextCharFromUtf8(&codepoint, s, end);
    return s + std::max(1, length);
}

void append_wrapped_paragraph(ImFont* font, float scale, std::string_view paragraph, float wrap_width,
                              std::vector<std::string_view>& lines) {
    const char* s = paragraph.data();
    const char* end = s + paragraph.size();
    if (s == end) {
        lines.emplace_back(s, 0);
        return;
    }
    while (s < end) {
        const char* line_end = font->CalcWordWrapPositionA(scale, s, end, wrap_width);
        if (line_end <= s)
            line_end = next_char(s, end);  // a single character wider than the box: still make progress
        std::string_view line(s, static_cast<std::size_t>(line_end - s));
        while (!line.empty() && line.back() == ' ')
            line.remove_suffix(1);
        lines.push_back(line);
        s = line_end;
        while (s < end && *s == ' ')
            ++s;
    }
}

float text_width_of(ImFont* font, std::string_view text) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
}

ImU32 fill_for(ButtonKind kind, bool pressed) {
    switch (kind) {
    case ButtonKind::primary: return pressed ? theme::accent_pressed : theme::accent;
    case ButtonKind::selected: return pressed ? theme::accent_pressed : theme::surface_selected;
    case ButtonKind::danger: return pressed ? theme::surface_pressed : theme::danger_surface;
    case ButtonKind::cleaning: return pressed ? theme::surface_pressed : theme::cleaning_surface;
    case ButtonKind::disabled: return theme::surface;
    case ButtonKind::normal: break;
    }
    return pressed ? theme::surface_pressed : theme::surface;
}

ImU32 text_for(ButtonKind kind) {
    switch (kind) {
    case ButtonKind::primary:
    case ButtonKind::selected: return theme::text_on_light;
    case ButtonKind::disabled: return theme::text_muted;
    default: return theme::text;
    }
}

}  // namespace

std::vector<std::string_view> wrap_lines(ImFont* font, std::string_view text, float wrap_width, float size) {
    const float scale = size > 0.0f ? size / font->FontSize : 1.0f;
    std::vector<std::string_view> lines;
    wrap_width = std::max(wrap_width, 1.0f);
    std::size_t start = 0;
    while (true) {
        const std::size_t newline = text.find('\n', start);
        const std::string_view paragraph = text.substr(start, newline == std::string_view::npos ? std::string_view::npos : newline - start);
        append_wrapped_paragraph(font, scale, paragraph, wrap_width, lines);
        if (newline == std::string_view::npos)
            break;
        start = newline + 1;
    }
    return lines;
}

float wrapped_height(ImFont* font, std::string_view text, float wrap_width, float size) {
    return static_cast<float>(wrap_lines(font, text, wrap_width, size).size()) * (size > 0.0f ? size : font->FontSize);
}

float widest_word(ImFont* font, std::string_view text) {
    float widest = 0.0f;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(" \n", start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view word = text.substr(start, end - start);
        widest = std::max(widest, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, word.data(), word.data() + word.size()).x);
        start = end + 1;
    }
    return widest;
}

float draw_text_block(ImDrawList& draw, ImFont* font, std::string_view text, float left, float top, float width, ImU32 colour,
                      Align align, float size) {
    if (size <= 0.0f)
        size = font->FontSize;
    float y = top;
    for (std::string_view line : wrap_lines(font, text, width, size)) {
        const float line_width = font->CalcTextSizeA(size, FLT_MAX, 0.0f, line.data(), line.data() + line.size()).x;
        float x = left;
        if (align == Align::centre)
            x = left + (width - line_width) * 0.5f;
        else if (align == Align::right)
            x = left + width - line_width;
        draw.AddText(font, size, ImVec2(std::floor(x), std::floor(y)), colour, line.data(), line.data() + line.size());
        y += size;
    }
    return y;
}

bool Controls::area(const std::string& id, std::string_view label, const Rect& rect, bool* pressed) {
    if (pressed != nullptr)
        *pressed = false;
    // Inside a scrolled list only the visible part of a control can be tapped (and is listed as a target).
    const ImVec2 clip_min = draw_.GetClipRectMin(), clip_max = draw_.GetClipRectMax();
    const Rect visible{ImVec2(std::max(rect.min.x, clip_min.x), std::max(rect.min.y, clip_min.y)),
                       ImVec2(std::min(rect.max.x, clip_max.x), std::min(rect.max.y, clip_max.y))};
    if (visible.width() < 1.0f || visible.height() < 1.0f)
        return false;
    targets_.push_back({id, std::string(label), visible});
    ImGui::SetCursorScreenPos(rect.min);
    const bool clicked = ImGui::InvisibleButton(id.c_str(), ImVec2(std::max(rect.width(), 1.0f), std::max(rect.height(), 1.0f)));
    if (pressed != nullptr)
        *pressed = ImGui::IsItemActive() && ImGui::IsItemHovered() && !is_dragging(em_);
    // A finger that slid to scroll a list did not mean the control it lifted on.
    const float slop = drag_slop_em * em_;
    return clicked && ImGui::GetIO().MouseDragMaxDistanceSqr[0] <= slop * slop;
}

bool is_dragging(float em) {
    const float slop = drag_slop_em * em;
    return ImGui::IsMouseDown(ImGuiMouseButton_Left) && ImGui::GetIO().MouseDragMaxDistanceSqr[0] > slop * slop;
}

std::string fit_line(ImFont* font, std::string_view text, float width) {
    const std::size_t newline = text.find('\n');
    const bool cut_at_newline = newline != std::string_view::npos;
    std::string_view line = text.substr(0, newline);
    if (!cut_at_newline && text_width_of(font, line) <= width)
        return std::string(line);
    const char* ellipsis = "\xE2\x80\xA6";
    const float room = width - text_width_of(font, ellipsis);
    const char* s = line.data();
    const char* end = s + line.size();
    const char* fits = s;
    float used = 0.0f;
    while (fits < end) {
        const char* next = next_char(fits, end);
        used += font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, fits, next).x;
        if (used > room)
            break;
        fits = next;
    }
    std::string cut(s, fits);
    while (!cut.empty() && cut.back() == ' ') cut.pop_back();  // "planning van…", not "planning van …"
    return cut + ellipsis;
}

bool Controls::button(const std::string& id, std::string_view label, const Rect& rect, ButtonKind kind, ImFont* font) {
    bool pressed = false;
    const bool clicked = area(id, label, rect, &pressed);
    const float rounding = theme::corner_em * em_;
    draw_.AddRectFilled(rect.min, rect.max, fill_for(kind, pressed && kind != ButtonKind::disabled), rounding);
    // A whole-pixel outline width lets ImGui draw it as a textured line: a third of the triangles, which a
    // software rasteriser pays for one by one.
    if (kind == ButtonKind::cleaning || kind == ButtonKind::normal || kind == ButtonKind::danger)
        draw_.AddRect(rect.min, rect.max, kind == ButtonKind::cleaning ? theme::text : theme::outline, rounding, 0,
                      std::max(1.0f, std::round(0.08f * em_)));

    const float padding = 0.4f * em_;
    const float text_width = rect.width() - 2.0f * padding;
    // A word wider than the control is drawn smaller rather than broken in two (a long word in a narrow key).
    const float size = font->FontSize * std::clamp(text_width / std::max(widest_word(font, label), 1.0f), 0.65f, 1.0f);
    const float text_height = wrapped_height(font, label, text_width, size);
    draw_.PushClipRect(rect.min, rect.max, true);
    draw_text_block(draw_, font, label, rect.min.x + padding, rect.min.y + (rect.height() - text_height) * 0.5f, text_width,
                    text_for(kind), Align::centre, size);
    draw_.PopClipRect();
    return clicked && kind != ButtonKind::disabled;
}

}  // namespace kiosk::ui

// Touch-sized controls and text blocks, drawn with ImDrawList inside the kiosk's one full-screen window.
#pragma once

#include "kiosk/ui/layout.hpp"

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::ui {

enum class ButtonKind {
    normal,    // dark surface, white text
    primary,   // yellow, dark text: the main way forward (done, send)
    selected,  // a chosen chip or the current language
    danger,
    cleaning,  // the cleaning-lock control: blue with a border, so it is never mistaken for a rating
    disabled,  // drawn dimmed; a tap does nothing
};

enum class Align { left, centre, right };

// The lines `text` breaks into at `wrap_width` pixels (word wrap, and at '\n'); a word longer than the width is
// cut between characters so nothing runs off the screen.
// `size` is the pixel size to draw at (0: the font's own size).
std::vector<std::string_view> wrap_lines(ImFont* font, std::string_view text, float wrap_width, float size = 0.0f);
// Height of `text` wrapped at `wrap_width`.
float wrapped_height(ImFont* font, std::string_view text, float wrap_width, float size = 0.0f);
// The widest word of `text` in pixels at the font's size.
float widest_word(ImFont* font, std::string_view text);

// Draws wrapped text with its top at `top`, aligned inside [left, left + width]. Returns the bottom y.
float draw_text_block(ImDrawList& draw, ImFont* font, std::string_view text, float left, float top, float width, ImU32 colour,
                      Align align, float size = 0.0f);

// One line of `text` (up to its first line break) that fits `width`, cut with "…" when it does not.
std::string fit_line(ImFont* font, std::string_view text, float width);

// How far a finger may move during a tap; further, and it is a drag (scrolling a list), not a tap.
inline constexpr float drag_slop_em = 0.6f;
// True while the finger is down and has moved further than the slop.
bool is_dragging(float em);

// Tappable controls. Each records a Target so tests can find it. A click counts when the finger lifts on the
// control (ImGui's behaviour), so sliding off a control cancels the tap.
class Controls {
public:
    Controls(ImDrawList& draw, TargetList& targets, float em) : draw_(draw), targets_(targets), em_(em) {}

    // Returns true on the frame the button was tapped (never for ButtonKind::disabled).
    bool button(const std::string& id, std::string_view label, const Rect& rect, ButtonKind kind, ImFont* font);
    // An area without drawing (faces, the thank-you screen); `pressed` tells whether a finger is on it now.
    bool area(const std::string& id, std::string_view label, const Rect& rect, bool* pressed = nullptr);

    ImDrawList& draw() { return draw_; }
    float em() const { return em_; }

private:
    ImDrawList& draw_;
    TargetList& targets_;
    float em_;
};

}  // namespace kiosk::ui

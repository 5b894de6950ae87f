// The kiosk's fonts: DejaVu/Noto from Debian (or a configured file), rendered by FreeType, sized to the screen.
#pragma once

#include <stdexcept>
#include <string>

struct ImFont;
struct ImFontAtlas;

namespace kiosk::ui {

struct FontError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct FontSet {
    ImFont* body = nullptr;   // 1 em: labels, buttons, status line
    ImFont* bold = nullptr;   // 1 em bold: keys, chips, emphasis
    ImFont* title = nullptr;  // 1.5 em bold: the question and screen titles
    float em = 0.0f;          // pixel size of `body`
    std::string regular_path; // the files actually used, for the log
    std::string bold_path;
};

// One em in pixels for a screen: about 1/22 of the framebuffer height, never below 16 px times the monitor's
// content scale, so the UI keeps its proportions at any resolution and stays readable on dense screens.
float font_pixel_size_for_screen(int framebuffer_height, float content_scale);

// Clears `atlas` and builds the kiosk's fonts into it with FreeType. Glyphs: Latin-1, Latin Extended-A,
// general punctuation, the euro sign, arrows and symbols used on keys, and U+FFFD, which is drawn in place of
// any character the font cannot draw (emoji, other scripts). `override_path` empty: Debian's DejaVu Sans,
// falling back to Noto Sans. Throws FontError naming the file when a font is missing or cannot be loaded.
FontSet load_fonts(ImFontAtlas& atlas, float em_pixels, const std::string& override_path);

}  // namespace kiosk::ui

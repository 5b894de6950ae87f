// Font files, glyph ranges and the FreeType atlas build.
#include "kiosk/ui/fonts.hpp"

#include <imgui.h>
#include <imgui_freetype.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

namespace kiosk::ui {
namespace {

const char* const kDejaVuRegular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const kDejaVuBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const char* const kNotoRegular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
const char* const kNotoBold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

constexpr ImWchar kReplacementChar = 0xFFFD;

const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
    0x0100, 0x017F,  // Latin Extended-A (Polish, Czech, Turkish, ...)
    0x2010, 0x2027,  // dashes, curly quotes, bullet, ellipsis
    0x2030, 0x203A,  // per mille, primes, angle quotes
    0x20AC, 0x20AC,  // euro sign
    0x2190, 0x2193,  // arrows
    0x21E7, 0x21E7,  // shift key
    0x232B, 0x232B,  // backspace key
    0x23CE, 0x23CE,  // return key
    0x2713, 0x2717,  // check marks (chosen chips)
    0xFFFD, 0xFFFD,  // replacement character, drawn for anything else
    0,
};

// ImGui asserts on a file it cannot read, so the file is read here and handed over as memory it will free.
struct FontBytes {
    void* data = nullptr;
    int size = 0;
};

FontBytes read_font_file(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error))
        throw FontError("font file " + path + " does not exist or is not a regular file");
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        throw FontError("font file " + path + " cannot be opened for reading");
    const std::streamsize size = in.tellg();
    if (size <= 0 || size > (1 << 30))
        throw FontError("font file " + path + " is empty or too large");
    in.seekg(0);
    void* data = ImGui::MemAlloc(static_cast<std::size_t>(size));
    if (!in.read(static_cast<char*>(data), size)) {
        ImGui::MemFree(data);
        throw FontError("font file " + path + " cannot be read");
    }
    return {data, static_cast<int>(size)};
}

ImFont* add_font(ImFontAtlas& atlas, const std::string& path, float pixels, bool synthetic_bold) {
    FontBytes bytes = read_font_file(path);
    ImFontConfig config;
    config.FontDataOwnedByAtlas = true;
    config.OversampleH = 1;  // FreeType renders at the final size; oversampling only matters for stb_truetype
    config.OversampleV = 1;
    config.PixelSnapH = true;
    config.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting | (synthetic_bold ? ImGuiFreeTypeBuilderFlags_Bold : 0);
    std::snprintf(config.Name, sizeof(config.Name), "%s %.0fpx", std::filesystem::path(path).filename().c_str(), pixels);
    return atlas.AddFontFromMemoryTTF(bytes.data, bytes.size, pixels, &config, kGlyphRanges);
}

bool readable(const char* path) {
    std::error_code error;
    return std::filesystem::is_regular_file(path, error);
}

}  // namespace

float font_pixel_size_for_screen(int framebuffer_height, float content_scale) {
    const float from_height = static_cast<float>(framebuffer_height) / 22.0f;
    const float floor = 16.0f * std::max(content_scale, 1.0f);
    return std::round(std::max(from_height, floor));
}

FontSet load_fonts(ImFontAtlas& atlas, float em_pixels, const std::string& override_path) {
    FontSet set;
    bool synthetic_bold = false;
    if (!override_path.empty()) {
        set.regular_path = override_path;
        set.bold_path = override_path;
        synthetic_bold = true;  // one file was configured; FreeType emboldens it for headings
    } else if (readable(kDejaVuRegular)) {
        set.regular_path = kDejaVuRegular;
        set.bold_path = readable(kDejaVuBold) ? kDejaVuBold : kDejaVuRegular;
        synthetic_bold = set.bold_path == set.regular_path;
    } else if (readable(kNotoRegular)) {
        set.regular_path = kNotoRegular;
        set.bold_path = readable(kNotoBold) ? kNotoBold : kNotoRegular;
        synthetic_bold = set.bold_path == set.regular_path;
    } else {
        throw FontError(std::string("no font found: install fonts-dejavu-core (") + kDejaVuRegular +
                        ") or fonts-noto-core, or set a font path in the config");
    }

    atlas.Clear();
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = 0;
    atlas.TexDesiredWidth = 2048;
    set.em = em_pixels;
    set.body = add_font(atlas, set.regular_path, em_pixels, false);
    set.bold = add_font(atlas, set.bold_path, em_pixels, synthetic_bold);
    set.title = add_font(atlas, set.bold_path, std::round(em_pixels * 1.5f), synthetic_bold);
    if (set.body == nullptr || set.bold == nullptr || set.title == nullptr || !atlas.Build()) {
        atlas.Clear();
        throw FontError("font file " + set.regular_path + " could not be loaded by FreeType (not a TrueType/OpenType font?)");
    }
    for (ImFont* font : {set.body, set.bold, set.title}) {
        if (font->FindGlyphNoFallback(kReplacementChar) != nullptr && font->FallbackChar != kReplacementChar) {
            font->FallbackChar = kReplacementChar;
            font->BuildLookupTable();
        }
    }
    return set;
}

}  // namespace kiosk::ui

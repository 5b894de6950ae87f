// UI tests: fonts (Debian files, override errors, replacement glyph) and the touch pointer rule.
#include "ui_harness.hpp"

#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/touch_input.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <cfloat>
#include <fstream>

using ui_test::TempDir;
using ui_test::UiHarness;

namespace {

struct ContextOnly {
    ContextOnly() { context = ImGui::CreateContext(); }
    ~ContextOnly() { ImGui::DestroyContext(context); }
    ImGuiContext* context;
};

}  // namespace

TEST_CASE("the fonts cover Dutch and European letters and the euro sign, and draw U+FFFD for the rest") {
    ContextOnly imgui;
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    const kiosk::ui::FontSet fonts = kiosk::ui::load_fonts(atlas, 30.0f, "");
    CHECK(fonts.em == 30.0f);
    CHECK(fonts.regular_path.find("DejaVuSans.ttf") != std::string::npos);
    for (ImFont* font : {fonts.body, fonts.bold, fonts.title}) {
        for (ImWchar c : {ImWchar(0x00EB), ImWchar(0x0133), ImWchar(0x00E9), ImWchar(0x0141), ImWchar(0x20AC), ImWchar(0x00DF)})
            CHECK(font->FindGlyphNoFallback(c) != nullptr);
        CHECK(font->FallbackChar == 0xFFFD);
        CHECK(font->FindGlyph(0x4E2D) == font->FindGlyph(0xFFFD));  // a CJK character shows the replacement mark
    }
    CHECK(fonts.title->FontSize > fonts.body->FontSize);
}

TEST_CASE("a configured font that is missing or not a font is a clear error") {
    ContextOnly imgui;
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    TempDir dir;
    const std::string missing = (dir.path() / "nope.ttf").string();
    CHECK_THROWS_WITH_AS(kiosk::ui::load_fonts(atlas, 20.0f, missing), doctest::Contains(missing.c_str()), kiosk::ui::FontError);

    const std::string not_a_font = (dir.path() / "text.ttf").string();
    { std::ofstream(not_a_font) << "this is not a font file"; }
    CHECK_THROWS_WITH_AS(kiosk::ui::load_fonts(atlas, 20.0f, not_a_font), doctest::Contains(not_a_font.c_str()), kiosk::ui::FontError);

    // The override works with a real font file.
    const std::string noto = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    const kiosk::ui::FontSet fonts = kiosk::ui::load_fonts(atlas, 20.0f, noto);
    CHECK(fonts.regular_path == noto);
    CHECK(fonts.body->FindGlyphNoFallback(0x20AC) != nullptr);
}

TEST_CASE("font size follows the screen and the monitor's content scale") {
    CHECK(kiosk::ui::font_pixel_size_for_screen(1080, 1.0f) > kiosk::ui::font_pixel_size_for_screen(720, 1.0f));
    CHECK(kiosk::ui::font_pixel_size_for_screen(2160, 2.0f) == doctest::Approx(2160.0f / 22.0f).epsilon(0.02));
    CHECK(kiosk::ui::font_pixel_size_for_screen(200, 2.0f) >= 32.0f);  // never unreadably small on a dense screen
}

TEST_CASE("after a finger lifts, the pointer leaves the screen one frame later so no hover look sticks") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 ask = ui.view->find_target("ask")->rect.centre();

    io.MousePos = ask;
    io.MouseDown[0] = true;
    ui.frame();
    CHECK(ImGui::IsAnyItemActive());
    io.MousePos = ask;
    io.MouseDown[0] = false;
    ui.frame();  // the release lands on the button: the tap counts
    CHECK(ui.flow->screen() == kiosk_test::screen_name::ask);
    CHECK(ui.touch.needs_followup_frame());
    io.MousePos = ask;  // the OS still reports the last touch position
    ui.frame();
    CHECK(io.MousePos.x == -FLT_MAX);
    ui.frame();  // IsAnyItemHovered() also looks at the previous frame
    CHECK_FALSE(ImGui::IsAnyItemHovered());
    CHECK_FALSE(ui.touch.needs_followup_frame());
}

TEST_CASE("the home screen fits and scales: faces are big at any resolution") {
    TempDir dir;
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(1920, 1080), ImVec2(1024, 768), ImVec2(3840, 2160)}) {
        UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string(), size.x, size.y);
        INFO("screen " << size.x << "x" << size.y);
        for (const auto& target : ui.view->targets()) {
            CHECK(target.rect.min.x >= 0.0f);
            CHECK(target.rect.min.y >= 0.0f);
            CHECK(target.rect.max.x <= size.x);
            CHECK(target.rect.max.y <= size.y);
            CHECK(target.rect.height() >= 3.0f * ui.fonts.em);
        }
        const auto face = ui.view->find_target("face:3")->rect;
        CHECK(face.width() >= size.x / 6.0f);
        // Face targets do not overlap.
        CHECK(ui.view->find_target("face:2")->rect.max.x <= face.min.x + 0.5f);
    }
}

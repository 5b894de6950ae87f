// UI tests: a tap acts only on the screen on which it started; a quick double tap never reaches the next screen.
#include "ui_harness.hpp"

#include <doctest/doctest.h>

namespace screen_name = kiosk_test::screen_name;
using ui_test::TempDir;
using ui_test::UiHarness;

namespace {

using kiosk::ui::Rect;

// A spot inside `first` (a control on this screen) that is also inside a control of `next_targets` (the next
// screen), and which of those it is: where the second half of a double tap would do harm.
// `one_character`: only a control labelled with a single character (a key that types).
std::pair<ImVec2, std::string> overlap(const Rect& first, const std::vector<kiosk::ui::Target>& next_targets,
                                       const std::string& prefix, bool one_character = false) {
    for (const auto& target : next_targets) {
        if (target.id.rfind(prefix, 0) != 0) continue;
        if (one_character && target.label.size() != 1) continue;
        const Rect both{ImVec2(std::max(first.min.x, target.rect.min.x), std::max(first.min.y, target.rect.min.y)),
                        ImVec2(std::min(first.max.x, target.rect.max.x), std::min(first.max.y, target.rect.max.y))};
        if (both.width() > 4 && both.height() > 4) return {both.centre(), target.id};
    }
    FAIL("no control starting with '" << prefix << "' lies under the first control");
    return {};
}

}  // namespace

TEST_CASE("a double tap on a face stores the rating and does not tick the reason chip under it") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    const Rect face = ui.view->find_target("face:4")->rect;
    // Learn the follow-up screen's layout once, then go home again.
    ui.tap("face:4");
    ui.wait_until_saved();
    REQUIRE(ui.flow->screen() == screen_name::follow_up);
    const auto [spot, chip] = overlap(face, ui.view->targets(), "reason:");
    ui.tap("skip");
    ui.advance(std::chrono::seconds(30));
    REQUIRE(ui.flow->screen() == screen_name::home);
    ui.advance(std::chrono::seconds(30));  // past the repeat-tap interval: the next rating is not suspect

    // The double tap: both halves on the same spot, the second as soon as the new screen is there.
    ui.tap_at(spot);
    ui.wait_until_saved();
    REQUIRE(ui.flow->screen() == screen_name::follow_up);
    ui.tap_at(spot);
    CHECK(ui.flow->screen() == screen_name::follow_up);
    for (std::size_t i = 0; i < ui.config.reasons.size(); ++i) CHECK_FALSE(ui.flow->reason_selected(i));
    // A deliberate tap on that chip, once the screen has been showing for a moment, acts at once.
    ui.tap(chip);
    CHECK(ui.flow->reason_selected(std::stoul(chip.substr(7))));
    CHECK(ui.stored_events().size() == 2);  // two ratings, no amendment yet
}

TEST_CASE("a double tap on 'ask a question' opens an empty editor with Send disabled") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    const Rect ask = ui.view->find_target("ask")->rect;
    ui.tap("ask");
    REQUIRE(ui.flow->screen() == screen_name::ask);
    const auto [spot, key] = overlap(ask, ui.view->targets(), "key:", true);
    ui.tap("cancel");
    REQUIRE(ui.flow->screen() == screen_name::home);

    ui.advance(kiosk::ui::TouchPointer::settle_time);
    ui.tap_at(spot);
    REQUIRE(ui.flow->screen() == screen_name::ask);
    ui.tap_at(spot);  // lands on a key of the on-screen keyboard
    ui.tap_at(spot);  // and a third, still within the settling time
    CHECK(ui.flow->editor().text().empty());
    CHECK_FALSE(ui.flow->can_send_question());
    ui.tap(key);  // a tap after the settling time types
    CHECK_FALSE(ui.flow->editor().text().empty());
}

TEST_CASE("single taps are never delayed: the settling time only follows a screen change") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("ask");
    REQUIRE(ui.flow->screen() == screen_name::ask);
    ui.advance(kiosk::ui::TouchPointer::settle_time);
    // On the same screen, key after key, 48 ms apart: every one counts.
    ImVec2 key;
    bool found = false;
    for (const auto& target : ui.view->targets()) {
        if (target.id.rfind("key:", 0) == 0 && target.label == "b") {
            key = target.rect.centre();
            found = true;
        }
    }
    REQUIRE(found);
    for (int i = 0; i < 5; ++i) ui.tap_at(key);
    CHECK(ui.flow->editor().text() == "bbbbb");
}

TEST_CASE("a press that began before the settling time is ignored until the finger lifts, also when held") {
    kiosk::ui::TouchPointer touch;
    ImGuiContext* context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    const auto start = kiosk::ui::TouchPointer::TimePoint{} + std::chrono::hours(1);
    touch.screen_changed(start);
    io.MouseDown[0] = true;
    io.MousePos = ImVec2(10, 10);
    touch.before_new_frame(io, start + std::chrono::milliseconds(100));
    CHECK_FALSE(io.MouseDown[0]);
    // Still held long after the settling time: still the same, ignored press.
    io.MouseDown[0] = true;
    touch.before_new_frame(io, start + std::chrono::seconds(2));
    CHECK_FALSE(io.MouseDown[0]);
    io.MouseDown[0] = false;
    touch.before_new_frame(io, start + std::chrono::seconds(2));
    // The next press is judged anew and passes.
    io.MouseDown[0] = true;
    io.MousePos = ImVec2(10, 10);
    touch.before_new_frame(io, start + std::chrono::seconds(3));
    CHECK(io.MouseDown[0]);
    CHECK(io.MousePos.x == 10);
    ImGui::DestroyContext(context);
}

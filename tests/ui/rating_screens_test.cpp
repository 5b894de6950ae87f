// UI tests: rating with a tap, follow-up reasons, department pick, repeat taps, cleaning lock, idle reset.
#include "ui_harness.hpp"

#include "kiosk/logic/screen_registry.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace screen_name = kiosk_test::screen_name;
using namespace std::chrono_literals;
using ui_test::TempDir;
using ui_test::UiHarness;

namespace {

nlohmann::json payload_of(const floorsync::StoredEvent& stored) { return nlohmann::json::parse(stored.event.payload); }

}  // namespace

TEST_CASE("a tap on a face records one rating; reasons amend it with the same rating id") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    REQUIRE(ui.flow->screen() == screen_name::home);
    for (int score = 1; score <= 5; ++score) CHECK(ui.has_target("face:" + std::to_string(score)));

    ui.tap("face:4");
    ui.wait_until_saved();
    REQUIRE(ui.flow->screen() == screen_name::follow_up);
    ui.frame();
    ui.tap("reason:0");
    ui.tap("reason:2");
    ui.tap("reason:2");  // a second tap unselects
    ui.tap("reason:3");
    CHECK(ui.target_label("reason:0").rfind("\xE2\x9C\x93", 0) == 0);  // a check mark, not colour alone
    ui.tap("done");
    ui.wait_until_saved();
    CHECK(ui.flow->screen() == screen_name::thank_you);

    const auto events = ui.stored_events();
    REQUIRE(events.size() == 2);
    CHECK(events[0].event.type == "rating");
    CHECK(payload_of(events[0])["score"] == 4);
    CHECK(payload_of(events[0])["suspect"] == false);
    CHECK(events[0].event.department == "Warehouse");
    CHECK(events[1].event.type == "rating_reasons");
    CHECK(payload_of(events[1])["rating_id"] == events[0].event.id);
    const auto& config = ui.config;
    CHECK(payload_of(events[1])["reasons"] == nlohmann::json::array({config.reasons[0].key, config.reasons[3].key}));

    ui.tap("thanks");  // any tap closes the thank-you screen early
    CHECK(ui.flow->screen() == screen_name::home);
}

TEST_CASE("skip records the rating only; the thank-you screen returns home by itself") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("face:1");
    ui.wait_until_saved();
    ui.frame();
    ui.tap("skip");
    CHECK(ui.flow->screen() == screen_name::thank_you);
    ui.advance(ui.config.thank_you_duration + 100ms);
    CHECK(ui.flow->screen() == screen_name::home);
    const auto events = ui.stored_events();
    REQUIRE(events.size() == 1);
    CHECK(payload_of(events[0])["score"] == 1);
}

TEST_CASE("a second rating within the repeat interval is stored and flagged suspect") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("face:5");
    ui.wait_until_saved();
    ui.frame();
    ui.tap("skip");
    ui.tap("thanks");
    ui.tap("face:5");
    ui.wait_until_saved();
    const auto events = ui.stored_events();
    REQUIRE(events.size() == 2);
    CHECK(payload_of(events[0])["suspect"] == false);
    CHECK(payload_of(events[1])["suspect"] == true);
}

TEST_CASE("with a department list the employee picks one, or prefers not to say") {
    TempDir dir;
    kiosk::KioskConfig config = ui_test::test_config();
    config.department.clear();
    config.departments = {"Warehouse", "Customer service", "Finance"};
    UiHarness ui(config, (dir.path() / "kiosk.db").string());

    ui.tap("face:2");
    REQUIRE(ui.flow->screen() == screen_name::department);
    CHECK(ui.target_label("dept:1") == "Customer service");
    CHECK(ui.target_label("dept:none") == ui.strings.get(ui.flow->language(), kiosk::text::department_prefer_not));
    ui.tap("dept:1");
    ui.wait_until_saved();
    CHECK(ui.flow->screen() == screen_name::follow_up);
    ui.frame();
    ui.tap("skip");
    ui.tap("thanks");
    ui.advance(6s);  // past the repeat-tap guard
    ui.tap("face:3");
    ui.tap("dept:none");
    ui.wait_until_saved();

    const auto events = ui.stored_events();
    REQUIRE(events.size() == 2);
    CHECK(events[0].event.department == "Customer service");
    CHECK(events[1].event.department.empty());
}

TEST_CASE("the idle timeout returns home and discards chosen reasons") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("lang:en");
    CHECK(ui.flow->language() == "en");
    ui.tap("face:3");
    ui.wait_until_saved();
    ui.frame();
    ui.tap("reason:1");
    ui.advance(ui.config.idle_timeout + 1s);
    CHECK(ui.flow->screen() == screen_name::home);
    CHECK(ui.flow->language() == ui.config.default_language);
    const auto events = ui.stored_events();
    REQUIRE(events.size() == 1);  // the rating stays; the half-chosen reasons are gone
    CHECK(events[0].event.type == "rating");
}

TEST_CASE("the language switch changes every label on the home screen") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("lang:nl");
    const std::string dutch = ui.target_label("face:1");
    ui.tap("lang:en");
    CHECK(ui.flow->language() == "en");
    CHECK(ui.target_label("face:1") == ui.strings.get("en", kiosk::text::face_1));
    CHECK(ui.target_label("face:1") != dutch);
    CHECK(ui.target_label("cleaning") == ui.strings.get("en", kiosk::text::home_cleaning_button));
    // Each language button is named in its own language.
    CHECK(ui.target_label("lang:nl") == ui.strings.get("nl", kiosk::text::language_name));
}

TEST_CASE("the cleaning lock ignores taps on the faces and counts down back to home") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    const kiosk::ui::Rect face = ui.view->find_target("face:5")->rect;
    ui.tap("cleaning");
    REQUIRE(ui.flow->screen() == screen_name::cleaning);
    CHECK(ui.view->targets().empty());  // nothing on the cleaning screen reacts to a touch

    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < 3; ++i) {
        io.MousePos = face.centre();
        io.MouseDown[0] = true;
        ui.frame();
        io.MouseDown[0] = false;
        ui.frame();
    }
    CHECK(ui.flow->cleaning_seconds_left(ui.now) > 50);
    ui.advance(ui.config.cleaning_lock_duration + 1s);
    CHECK(ui.flow->screen() == screen_name::home);
    CHECK(ui.stored_events().empty());
}

TEST_CASE("when the store cannot write, the screen says so, shows no thank-you, and keeps working") {
    TempDir dir;
    // A database path below a regular file can never be created.
    const auto blocker = dir.path() / "not-a-directory";
    { std::ofstream(blocker) << "x"; }
    UiHarness ui(ui_test::test_config(), (blocker / "kiosk.db").string());
    ui.tap("face:4");
    ui.wait_until_saved();
    REQUIRE(ui.flow->screen() == screen_name::store_error);
    CHECK(ui.has_target("error_back"));
    CHECK_FALSE(ui.has_target("thanks"));
    ui.tap("error_back");
    CHECK(ui.flow->screen() == screen_name::home);
    ui.frame();
    CHECK(ui.has_target("face:1"));
}

TEST_CASE("every visible label on every screen comes from the string tables") {
    TempDir dir;
    kiosk::KioskConfig config = ui_test::test_config();
    config.department.clear();
    config.departments = {"Warehouse", "Finance"};
    for (const std::string language : {"nl", "en"}) {
        UiHarness ui(config, (dir.path() / ("kiosk-" + language + ".db")).string());
        ui.tap("lang:" + language);
        for (const std::string_view name : kiosk::screen_names()) {
            REQUIRE(ui.flow->show_sample(name, ui.now, ui.strings.get(language, kiosk::text::sample_question)));
            ui.frame();
            ui.frame();
            for (const auto& target : ui.view->targets()) {
                INFO("screen " << name << " language " << language << " target " << target.id);
                CHECK_FALSE(target.label.empty());
                CHECK(target.label.find('[') == std::string::npos);  // "[key]" marks a missing string
                CHECK(target.rect.height() >= 2.7f * ui.fonts.em);  // large touch targets, in em
            }
        }
    }
}

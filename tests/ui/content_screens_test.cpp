// The communication screens drawn by the real views (ImGui null backend, real recorder): strip, tabs, dragging, taps.
#include "common/sample_content.hpp"
#include "sync/shared/clock.hpp"
#include "ui_harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <ctime>
#include <set>

using ui_test::TempDir;
using ui_test::UiHarness;
using namespace kiosk_test;

namespace {

// The realistic load: a three-paragraph why, six sessions, twenty news items, milestones with a go-live.
std::vector<Item> realistic_content() {
    std::vector<Item> items;
    const std::string paragraph =
        "Met het nieuwe magazijnbeheersysteem zien we de voorraad op elk moment, in elke hal. Dat scheelt "
        "zoekwerk, dubbele invoer en telefoontjes naar de planning.";
    items.push_back(why_item(1, paragraph + "\n\n" + paragraph + "\n\n" + paragraph,
                             "Voor jou: minder papier, duidelijke orderpicklijsten en hulp van de arbeidsomstandighedenspreekuur-"
                             "ambassadeur op je eigen afdeling.\n\n" + paragraph + "\n\n" + paragraph));
    for (int i = 0; i < 20; ++i) {
        Item item = i % 4 == 3 ? make_item(10 + i, Kind::you_said_we_did, "Scanners in hal 3", "Scanners in hall 3",
                                           "De scanners in hal 3 vallen steeds uit.")
                               : announcement(10 + i, "Veiligheidsinstructiebijeenkomst nummer " + std::to_string(i + 1),
                                              "Safety briefing number " + std::to_string(i + 1));
        if (item.kind == Kind::you_said_we_did)
            for (auto& [language, texts] : item.translations) texts.detail = "We hebben twaalf nieuwe accu's besteld.";
        items.push_back(item);
    }
    for (int i = 0; i < 6; ++i) {
        const std::string day = std::to_string(3 + i);
        items.push_back(training(40 + i, "2026-12-0" + day + "T08:00:00Z", "2026-12-0" + day + "T11:00:00Z",
                                 "Opleidingslokaal " + std::to_string(i + 1), 12, "Basistraining orderpicken",
                                 "Order picking basics"));
    }
    items.push_back(milestone(50, "2026-11-20T08:00:00Z", false, "Testweek afgerond", "Test week done"));
    items.push_back(milestone(51, "2026-12-13T08:00:00Z", true, "Livegang magazijnbeheersysteem", "Warehouse system go-live"));
    return items;
}

std::string title_of(const UiHarness& ui, const std::string& id) { return ui.target_label(id); }

void check_targets_inside(const UiHarness& ui, float width, float height) {
    for (const auto& target : ui.view->targets()) {
        INFO("target " << target.id << " on " << ui.flow->screen());
        CHECK(target.rect.min.x >= 0.0f);
        CHECK(target.rect.min.y >= 0.0f);
        CHECK(target.rect.max.x <= width);
        CHECK(target.rect.max.y <= height);
        CHECK(target.label.find('[') == std::string::npos);  // "[key]" marks a missing string
    }
}

}  // namespace

TEST_CASE("content screens: every control of every content screen lies on the screen, in both languages and sizes") {
    TempDir dir;
    for (const auto [width, height] : {std::pair{1280.0f, 800.0f}, std::pair{1920.0f, 1080.0f}}) {
        for (const std::string language : {"nl", "en"}) {
            UiHarness ui(ui_test::test_config(), (dir.path() / (language + std::to_string(int(width)) + ".db")).string(), width, height);
            ui.publish(realistic_content());
            ui.tap("lang:" + language);
            for (const char* screen : {"why", "news", "timeline", "training"}) {
                ui.tap(std::string("open:") + screen);
                REQUIRE(ui.flow->screen() == screen);
                ui.frame();
                check_targets_inside(ui, width, height);
                CHECK(ui.has_target("back"));
                ui.tap("back");
                REQUIRE(ui.flow->screen() == screen_name::home);
            }
            check_targets_inside(ui, width, height);
        }
    }
}

TEST_CASE("home: the buttons to the content screens appear only for what has content") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    CHECK_FALSE(ui.has_target("open:news"));
    CHECK_FALSE(ui.has_target("strip"));
    ui.publish({announcement(2, "Nieuwe scanners", "New scanners")});
    CHECK(ui.has_target("open:news"));
    CHECK_FALSE(ui.has_target("open:training"));
    CHECK(ui.has_target("strip"));
    CHECK(ui.has_target("ask"));
}

TEST_CASE("home's strip changes every few seconds without moving or shrinking the faces") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.publish({announcement(2, "Nieuwe scanners", "New scanners"), announcement(3, "Kantine dicht", "Canteen closed"),
                announcement(4, "Veiligheidsinstructiebijeenkomstenrooster", "Safety briefings")});
    std::vector<kiosk::ui::Rect> faces;
    for (int score = 1; score <= 5; ++score) faces.push_back(ui.view->find_target("face:" + std::to_string(score))->rect);
    const std::string first = title_of(ui, "strip");
    CHECK(first.find("Veiligheidsinstructiebijeenkomstenrooster") != std::string::npos);  // the newest first
    std::set<std::string> seen{first};
    for (int step = 0; step < 3; ++step) {
        ui.advance(std::chrono::milliseconds(8000));
        seen.insert(title_of(ui, "strip"));
        for (int score = 1; score <= 5; ++score) {
            const auto rect = ui.view->find_target("face:" + std::to_string(score))->rect;
            CHECK(rect.min.x == faces[score - 1].min.x);
            CHECK(rect.min.y == faces[score - 1].min.y);
            CHECK(rect.max.x == faces[score - 1].max.x);
            CHECK(rect.max.y == faces[score - 1].max.y);
        }
    }
    CHECK(seen.size() == 3);
    // The faces stay the first thing: above the strip and taller than it.
    const auto strip = ui.view->find_target("strip")->rect;
    CHECK(faces[0].max.y <= strip.min.y);
    CHECK(faces[0].height() > strip.height());
    ui.tap("strip");
    CHECK(ui.flow->screen() == screen_name::news);
}

TEST_CASE("home shows the go-live countdown from the string tables; a tap opens the timeline") {
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.wall_now = *floorsync::parse_rfc3339("2026-12-01T10:00:00Z");
    ui.publish(realistic_content());  // go-live on 13 December
    // At 1280 px the top bar has room for the days only; "Livegang · " goes first.
    CHECK(ui.target_label("countdown") == "nog 12 dagen");
    ui.tap("lang:en");
    CHECK(ui.target_label("countdown") == "12 days to go");
    ui.tap("countdown");
    CHECK(ui.flow->screen() == screen_name::timeline);
    unsetenv("TZ");
    tzset();
}

TEST_CASE("news: a finger dragging the list scrolls it, and lifting it there taps nothing") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.publish(realistic_content());
    ui.tap("open:news");
    REQUIRE(ui.flow->as<kiosk::NewsScreen>() != nullptr);
    CHECK(ui.flow->as<kiosk::NewsScreen>()->scroll_em() == 0.0f);
    ui.drag(ImVec2(640.0f, 600.0f), ImVec2(0.0f, -300.0f));
    const float scrolled = ui.flow->as<kiosk::NewsScreen>()->scroll_em();
    CHECK(scrolled * ui.fonts.em == doctest::Approx(300.0f).epsilon(0.1));
    ui.drag(ImVec2(640.0f, 300.0f), ImVec2(0.0f, 150.0f));  // and back a bit
    CHECK(ui.flow->as<kiosk::NewsScreen>()->scroll_em() < scrolled);
    ui.drag(ImVec2(640.0f, 300.0f), ImVec2(0.0f, 5000.0f));  // never above the top
    CHECK(ui.flow->as<kiosk::NewsScreen>()->scroll_em() == 0.0f);
    ui.drag(ImVec2(640.0f, 700.0f), ImVec2(0.0f, -100000.0f));  // nor below the end
    const float bottom = ui.flow->as<kiosk::NewsScreen>()->scroll_em();
    CHECK(bottom > 0.0f);
    ui.drag(ImVec2(640.0f, 700.0f), ImVec2(0.0f, -500.0f));
    CHECK(ui.flow->as<kiosk::NewsScreen>()->scroll_em() == doctest::Approx(bottom));
}

TEST_CASE("training: I'll be there is stored once, durable first; a drag over the button does not tap it") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.publish(realistic_content());
    ui.tap("open:training");
    const std::string first = "attend:" + content_id(40);
    REQUIRE(ui.has_target(first));
    const kiosk::ui::Rect button = ui.view->find_target(first)->rect;

    ui.drag(button.centre(), ImVec2(0.0f, 2.0f * ui.fonts.em));  // a scroll that started on the button
    ui.frame();
    CHECK(ui.stored_events().empty());

    ui.tap(first);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (ui.stored_events().empty() && std::chrono::steady_clock::now() < give_up) ui.frame();
    ui.tap(ui.view->find_target(first) ? first : first);  // a second tap in the same visit
    ui.frame();
    const auto events = ui.stored_events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].event.type == "training_interest");
    CHECK(nlohmann::json::parse(events[0].event.payload) == nlohmann::json{{"session", content_id(40)}});
    CHECK(events[0].event.department == "Warehouse");
    CHECK(ui.target_label(first) == ui.strings.get(ui.flow->language(), kiosk::text::training_attending));
}

TEST_CASE("why: the two tabs switch between 'for the organisation' and 'for you'") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.publish(realistic_content());
    ui.tap("open:why");
    REQUIRE(ui.flow->as<kiosk::WhyScreen>() != nullptr);
    CHECK(ui.flow->as<kiosk::WhyScreen>()->tab() == kiosk::WhyScreen::Tab::organisation);
    ui.tap("why:you");
    CHECK(ui.flow->as<kiosk::WhyScreen>()->tab() == kiosk::WhyScreen::Tab::you);
    ui.tap("tab:news");
    CHECK(ui.flow->screen() == screen_name::news);
}

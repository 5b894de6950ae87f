// The questions-and-answers, pickup code and thank-you views drawn by the real views (ImGui null backend, real
// recorder): everything on screen in both languages and sizes, home's faces unmoved, votes stored once, the keypad.
#include "common/sample_questions.hpp"
#include "ui_harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>

using ui_test::TempDir;
using ui_test::UiHarness;
using namespace kiosk_test;
using floorsync::questions::State;
using floorsync::questions::View;

namespace {

std::vector<View> public_and_hidden() {
    std::vector<View> all;
    all.push_back(answered(make_question(1, "Warehouse", "Wanneer krijgen we de training voor de nieuwe handscanners in hal 3?",
                                         State::open, 12),
                           "De eerste trainingen zijn in week 3 in de kantine. Meld je aan onder Training; er zijn nog plaatsen.",
                           "Sanne de Vries"));
    all.push_back(make_question(2, "Warehouse", "Krijgt de nachtdienst eigen key-users?", State::published, 4));
    all.push_back(answered(make_question(3, "", "Blijft de kantine open tijdens de livegang?", State::open, 1), "Ja.", "Ahmed"));
    all.push_back(make_question(4, "Warehouse", "Nieuwe vraag die nog niemand zag", State::open, 30));
    for (int i = 0; i < 8; ++i)
        all.push_back(make_question(10 + i, "Warehouse", "Gepubliceerde vraag nummer " + std::to_string(i + 1), State::published, 0));
    return all;
}

void publish_questions(UiHarness& ui, std::vector<View> questions) {
    ui.shell->set_content(snapshot_with(std::move(questions), {}, ++ui.content_version));
    ui.frame();
}

std::string id_of(int n) { return floorsync::questions::public_id(question_event_id(n)); }

void check_targets_inside(const UiHarness& ui, float width, float height) {
    REQUIRE_FALSE(ui.view->targets().empty());
    for (const auto& target : ui.view->targets()) {
        INFO("target " << target.id << " on " << ui.flow->screen());
        CHECK(target.rect.min.x >= 0.0f);
        CHECK(target.rect.min.y >= 0.0f);
        CHECK(target.rect.max.x <= width);
        CHECK(target.rect.max.y <= height);
        CHECK(target.label.find('[') == std::string::npos);  // "[key]" marks a missing string
        // Big enough for a gloved finger (list items scrolled half out of view excepted).
        if (target.id.rfind("vote:", 0) != 0) CHECK(target.rect.height() >= 3.0f * ui.fonts.em);
    }
}

// Taps the keypad key labelled `label`.
void tap_code_key(UiHarness& ui, char label) {
    for (const auto& target : ui.view->targets())
        if (target.id.rfind("code:", 0) == 0 && target.label == std::string(1, label)) {
            ui.tap(target.id);
            return;
        }
    FAIL("no key '" << label << "' on the keypad");
}

template <class Ready>
void frames_until(UiHarness& ui, Ready ready) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!ready() && std::chrono::steady_clock::now() < give_up) ui.frame();
    REQUIRE(ready());
}

}  // namespace

TEST_CASE("questions screens: every control lies on the screen, in both languages and sizes") {
    TempDir dir;
    for (const auto [width, height] : {std::pair{1280.0f, 800.0f}, std::pair{1920.0f, 1080.0f}}) {
        for (const std::string language : {"nl", "en"}) {
            CAPTURE(language);
            CAPTURE(width);
            UiHarness ui(ui_test::test_config(), (dir.path() / (language + std::to_string(int(width)) + ".db")).string(), width, height);
            publish_questions(ui, public_and_hidden());
            ui.tap("lang:" + language);
            CHECK(ui.target_label("ambassador") == ui.strings.get(language, kiosk::text::questions_ambassador_button));
            CHECK(ui.target_label("open:questions") == ui.strings.get(language, kiosk::text::questions_home_button));
            check_targets_inside(ui, width, height);

            ui.tap("open:questions");
            REQUIRE(ui.flow->screen() == screen_name::questions);
            check_targets_inside(ui, width, height);
            CHECK(ui.has_target("vote:" + id_of(1)));
            CHECK_FALSE(ui.has_target("vote:" + id_of(4)));  // new: never shown
            CHECK(ui.has_target("tab:questions"));

            ui.tap("pickup");
            REQUIRE(ui.flow->screen() == screen_name::pickup);
            check_targets_inside(ui, width, height);
            for (const char* id : {"back", "check", "erase", "code:0:0", "code:2:9"}) CHECK(ui.has_target(id));

            for (const auto sample : {screen_name::pickup_result, screen_name::thank_you, screen_name::questions}) {
                REQUIRE(ui.flow->show_sample(sample, ui.now));
                ui.frame();
                check_targets_inside(ui, width, height);
            }
            // The thank-you after a question sent without a code.
            ui.tap("back");
            ui.tap("ask");
            ui.flow->type_text("Waar?", ui.now);
            ui.frame();
            ui.tap("send");
            ui.wait_until_saved();
            REQUIRE(ui.flow->as<kiosk::ThankYouScreen>() != nullptr);
            CHECK(ui.flow->as<kiosk::ThankYouScreen>()->question_without_code());
            check_targets_inside(ui, width, height);
        }
    }
}

TEST_CASE("home: the questions button and the ambassador entry leave the faces exactly where they were") {
    TempDir dir;
    for (const auto [width, height] : {std::pair{1280.0f, 800.0f}, std::pair{1920.0f, 1080.0f}}) {
        UiHarness ui(ui_test::test_config(), (dir.path() / ("home" + std::to_string(int(width)) + ".db")).string(), width, height);
        std::vector<kiosk::ui::Rect> faces;
        for (int score = 1; score <= 5; ++score) faces.push_back(ui.view->find_target("face:" + std::to_string(score))->rect);
        // "Questions & answers" shows before anything was answered: it is where answers will appear and where a
        // pickup code is entered.
        CHECK(ui.has_target("open:questions"));
        publish_questions(ui, public_and_hidden());
        for (int score = 1; score <= 5; ++score) {
            const auto rect = ui.view->find_target("face:" + std::to_string(score))->rect;
            CHECK(rect.min.x == faces[score - 1].min.x);
            CHECK(rect.min.y == faces[score - 1].min.y);
            CHECK(rect.max.x == faces[score - 1].max.x);
            CHECK(rect.max.y == faces[score - 1].max.y);
        }
        // The ambassador entry: in the top bar's corner, as tall as any control, out of the faces' way.
        const auto ambassador = ui.view->find_target("ambassador")->rect;
        const auto cleaning = ui.view->find_target("cleaning")->rect;
        CHECK(ambassador.min.x >= cleaning.max.x);
        CHECK(ambassador.max.x >= width - 1.5f * ui.fonts.em);
        CHECK(ambassador.height() >= 3.0f * ui.fonts.em);
        CHECK(ambassador.max.y <= faces[0].min.y);
        ui.tap("ambassador");
        CHECK(ui.flow->screen() == "pin");
    }
}

TEST_CASE("questions: tapping I have this question too stores one vote; a double tap is still one") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    publish_questions(ui, public_and_hidden());
    ui.tap("open:questions");
    const std::string vote = "vote:" + id_of(1);
    REQUIRE(ui.has_target(vote));
    CHECK(ui.target_label(vote) == ui.strings.get("nl", kiosk::text::questions_vote));
    const ImVec2 where = ui.view->find_target(vote)->rect.centre();
    ui.tap(vote);
    ui.tap_at(where);  // the second tap of a double tap, at once
    frames_until(ui, [&] { return ui.target_label(vote) == ui.strings.get("nl", kiosk::text::questions_voted); });
    ui.tap(vote);  // and once more, later
    ui.frame();
    const auto events = ui.stored_events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].event.type == "question_vote");
    CHECK(nlohmann::json::parse(events[0].event.payload) == nlohmann::json{{"question", id_of(1)}});
    CHECK(events[0].event.department == "Warehouse");

    // The list scrolls by dragging; a drag that starts on another question's button votes for nothing.
    ui.drag(where, ImVec2(0.0f, -6.0f * ui.fonts.em));
    ui.frame();
    CHECK(ui.flow->as<kiosk::QuestionsScreen>()->scroll_em() > 0.0f);
    const std::string other = "vote:" + id_of(2);
    REQUIRE(ui.has_target(other));
    ui.drag(ui.view->find_target(other)->rect.centre(), ImVec2(0.0f, 2.0f * ui.fonts.em));
    ui.frame();
    CHECK(ui.target_label(other) == ui.strings.get("nl", kiosk::text::questions_vote));
    CHECK(ui.stored_events().size() == 1);
}

TEST_CASE("pickup: the keypad's keys enter symbols, erase takes the last one, Check waits for all eight") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("open:questions");
    ui.tap("pickup");
    REQUIRE(ui.flow->as<kiosk::PickupScreen>() != nullptr);
    const auto typed = [&] { return ui.flow->as<kiosk::PickupScreen>()->typed(); };
    for (const char symbol : std::string("K7PX4MQ")) tap_code_key(ui, symbol);
    CHECK(typed() == "K7PX4MQ");
    ui.tap("check");  // seven symbols: not checked
    CHECK(ui.flow->as<kiosk::PickupScreen>()->state() == kiosk::PickupScreen::State::typing);
    ui.tap("erase");
    CHECK(typed() == "K7PX4M");
    tap_code_key(ui, 'Q');
    tap_code_key(ui, '2');
    tap_code_key(ui, '9');  // a ninth symbol is not taken
    CHECK(typed() == "K7PX4MQ2");
    CHECK(ui.flow->as<kiosk::PickupScreen>()->typed_grouped() == "K7PX-4MQ2");
    // This harness has no secret worker: the check says it cannot be done, and counts nothing.
    ui.tap("check");
    ui.frame();
    CHECK(ui.flow->as<kiosk::PickupScreen>()->state() == kiosk::PickupScreen::State::failed);
    ui.tap("back");
    CHECK(ui.flow->screen() == screen_name::questions);
}

TEST_CASE("thank-you with a code: only Done closes it") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    REQUIRE(ui.flow->show_sample(screen_name::thank_you, ui.now));
    ui.frame();
    CHECK(ui.view->targets().size() == 1);  // no screen-wide "tap to close": a stray tap must not take the code away
    ui.tap_at(ImVec2(100.0f, 100.0f));
    CHECK(ui.flow->screen() == screen_name::thank_you);
    ui.advance(std::chrono::milliseconds(10000));
    CHECK(ui.flow->screen() == screen_name::thank_you);
    ui.tap("thanks_done");
    CHECK(ui.flow->screen() == screen_name::home);
}

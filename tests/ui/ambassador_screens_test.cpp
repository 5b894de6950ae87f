// The PIN pad and the ambassador screens drawn by the real views (ImGui null backend, real recorder): every control
// on screen in both languages and sizes, large PIN keys, dots instead of digits, a windowed queue, answering by taps.
#include "common/fake_secret_checks.hpp"
#include "common/sample_questions.hpp"
#include "kiosk/ui/theme.hpp"
#include "sync/shared/event_types.hpp"
#include "ui_harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

using ui_test::TempDir;
using ui_test::UiHarness;
using namespace kiosk_test;
using floorsync::questions::State;

namespace {

const std::string kPin = "482916";

// The UI harness with a secret checker, so the pad really unlocks (the harness's own shell has none).
struct AmbassadorUi {
    AmbassadorUi(const std::string& db_path, float width = 1280.0f, float height = 800.0f)
        : secrets([this] { return ui.wall_now; }), ui(ui_test::test_config(), db_path, width, height) {
        ui.flow.reset();
        ui.shell = std::make_unique<kiosk::Shell>(ui.config, *ui.recorder, ui.now, [this] { return ui.wall_now; }, kiosk::Shell::IdGenerator{},
                                                  &secrets);
        ui.flow = std::make_unique<ShellDriver>(*ui.shell);
        ui.frame();
    }

    void publish(std::vector<floorsync::questions::View> questions) {
        ui.shell->set_content(snapshot_with(std::move(questions), {make_credential(1, "Sanne", "Warehouse", kPin)}, ++version));
        ui.frame();
    }
    void unlock() {
        ui.tap("ambassador");
        REQUIRE(ui.flow->screen() == screen_name::pin);
        for (char digit : kPin) ui.tap(std::string("pin:") + digit);
        ui.tap("pin:ok");
        REQUIRE(ui.flow->screen() == screen_name::ambassador_queue);
    }
    std::vector<std::string> targets_starting(const std::string& prefix) const {
        std::vector<std::string> ids;
        for (const auto& target : ui.view->targets())
            if (target.id.rfind(prefix, 0) == 0) ids.push_back(target.id);
        return ids;
    }

    FakeSecretChecks secrets;
    UiHarness ui;
    std::uint64_t version = 0;
};

std::vector<floorsync::questions::View> warehouse_questions() {
    auto first = make_question(1, "Warehouse", "Waarom moeten we straks elke pallet twee keer scannen, ook als de scanner al piept?",
                               State::open, 7, "2026-12-01");
    with_pickup(first, "K7PX4MQ2");
    return {first,
            answered(make_question(2, "Warehouse", "Wie kan ik bellen als de scanner 's nachts vastloopt?", State::open, 12, "2026-11-29"),
                     "De servicedesk is dag en nacht bereikbaar op 2222.", "Sanne"),
            make_question(3, "Warehouse", "Blijven de papieren picklijsten?", State::published, 3, "2026-11-25"),
            make_question(4, "Warehouse", "Waarom horen we dit pas nu?", State::dismissed, 0, "2026-11-20"),
            make_question(5, "Office", "Een vraag van een andere afdeling", State::open, 40, "2026-12-01")};
}

void check_targets_inside(const UiHarness& ui, float width, float height) {
    CHECK_FALSE(ui.view->targets().empty());
    for (const auto& target : ui.view->targets()) {
        INFO("target " << target.id << " on " << ui.flow->screen() << " in " << ui.flow->language());
        CHECK(target.rect.min.x >= 0.0f);
        CHECK(target.rect.min.y >= 0.0f);
        CHECK(target.rect.max.x <= width);
        CHECK(target.rect.max.y <= height);
        CHECK(target.label.find('[') == std::string::npos);            // "[key]" marks a missing string
        CHECK(target.label.find(ui.config.kiosk_id) == std::string::npos);  // a kiosk id is never shown
    }
}

void check_has(const UiHarness& ui, std::initializer_list<const char*> ids) {
    for (const char* id : ids) CHECK_MESSAGE(ui.has_target(id), "no '" << id << "' on " << ui.flow->screen() << " in " << ui.flow->language());
}

}  // namespace

TEST_CASE("ambassador screens: every control lies on the screen, in both languages and sizes") {
    TempDir dir;
    for (const auto [width, height] : {std::pair{1280.0f, 800.0f}, std::pair{1920.0f, 1080.0f}}) {
        for (const std::string language : {"nl", "en"}) {
            AmbassadorUi a((dir.path() / (language + std::to_string(int(width)) + ".db")).string(), width, height);
            UiHarness& ui = a.ui;
            a.publish(warehouse_questions());
            ui.tap("lang:" + language);
            ui.tap("ambassador");
            check_has(ui, {"pin:0", "pin:1", "pin:2", "pin:3", "pin:4", "pin:5", "pin:6", "pin:7", "pin:8", "pin:9", "pin:erase", "pin:ok",
                           "pin:cancel"});
            check_targets_inside(ui, width, height);
            for (char digit : kPin) ui.tap(std::string("pin:") + digit);
            ui.tap("pin:ok");
            REQUIRE(ui.flow->screen() == screen_name::ambassador_queue);
            CHECK(ui.flow->language() == language);
            check_has(ui, {"lock", "sort:0", "sort:1", "sort:2"});
            CHECK(a.targets_starting("question:").size() >= 2);
            check_targets_inside(ui, width, height);

            ui.tap("question:" + warehouse_questions()[0].id);
            REQUIRE(ui.flow->screen() == screen_name::ambassador_question);
            check_has(ui, {"back", "lock", "moderate:answer", "moderate:answer_private", "moderate:publish", "moderate:dismiss"});
            check_targets_inside(ui, width, height);
            ui.tap("moderate:dismiss");
            check_has(ui, {"dismiss:keep", "dismiss:yes"});
            check_targets_inside(ui, width, height);
            ui.tap("dismiss:keep");

            for (const char* kind : {"moderate:answer", "moderate:answer_private"}) {
                ui.tap(kind);
                REQUIRE(ui.flow->screen() == screen_name::answer);
                check_has(ui, {"cancel", "save", "key:0:0"});
                check_targets_inside(ui, width, height);
                ui.tap("cancel");
                REQUIRE(ui.flow->screen() == screen_name::ambassador_question);
            }
            ui.tap("back");
            REQUIRE(ui.flow->screen() == screen_name::ambassador_queue);
            ui.tap("lock");
            CHECK(ui.flow->screen() == screen_name::home);
        }
    }
}

TEST_CASE("PIN pad: keys as large as the kiosk's big buttons; taps show dots, never digits; the right PIN unlocks") {
    TempDir dir;
    AmbassadorUi a((dir.path() / "kiosk.db").string());
    UiHarness& ui = a.ui;
    a.publish(warehouse_questions());
    ui.tap("ask");
    const float keyboard_key = ui.view->find_target("key:0:0")->rect.height();
    ui.tap("cancel");
    ui.tap("ambassador");
    for (const char* id : {"pin:0", "pin:5", "pin:9", "pin:erase", "pin:ok"}) {
        INFO(id);
        const kiosk::ui::Rect rect = ui.view->find_target(id)->rect;
        CHECK(rect.height() >= kiosk::ui::theme::touch_target_em * ui.fonts.em);
        CHECK(rect.width() >= kiosk::ui::theme::touch_target_em * ui.fonts.em);
        CHECK(rect.height() >= keyboard_key);
    }
    CHECK(ui.target_label("pin:ok") == ui.strings.get("nl", kiosk::text::pin_ok));
    CHECK(ui.target_label("pin:entered") == ui.strings.get("nl", kiosk::text::pin_hint));

    for (const char* id : {"pin:4", "pin:8", "pin:2"}) ui.tap(id);
    CHECK(ui.flow->as<kiosk::PinScreen>()->digit_count() == 3);
    const std::string dots = ui.target_label("pin:entered");
    CHECK(dots == "\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F");
    CHECK(std::none_of(dots.begin(), dots.end(), [](char c) { return c >= '0' && c <= '9'; }));
    ui.tap("pin:erase");
    CHECK(ui.flow->as<kiosk::PinScreen>()->digit_count() == 2);
    ui.tap("pin:cancel");
    CHECK(ui.flow->screen() == screen_name::home);
    a.unlock();
}

TEST_CASE("PIN pad: after five wrong PINs the keys are disabled and the countdown shows") {
    TempDir dir;
    AmbassadorUi a((dir.path() / "kiosk.db").string());
    UiHarness& ui = a.ui;
    a.publish(warehouse_questions());
    ui.tap("ambassador");
    for (int attempt = 0; attempt < 5; ++attempt) {
        for (int i = 0; i < 6; ++i) ui.tap("pin:1");
        ui.tap("pin:ok");
    }
    const auto* pin = ui.flow->as<kiosk::PinScreen>();
    REQUIRE(pin != nullptr);
    CHECK(pin->status(ui.shell->host()) == kiosk::PinScreen::Status::locked);
    ui.tap("pin:7");
    CHECK(pin->digit_count() == 0);
    CHECK(a.secrets.pin_checks == 5);
}

TEST_CASE("queue: with 5,000 questions only the rows in view are drawn, and dragging brings others in") {
    TempDir dir;
    AmbassadorUi a((dir.path() / "kiosk.db").string());
    UiHarness& ui = a.ui;
    std::vector<floorsync::questions::View> many;
    for (int i = 0; i < 5000; ++i) {
        const std::string day = "2026-" + std::string(i % 11 < 9 ? "0" : "") + std::to_string(i % 11 + 1) + "-1" + std::to_string(i % 9);
        many.push_back(make_question(100 + i, "Warehouse", "Vraag nummer " + std::to_string(i) + " over de scanners en de picklijsten",
                                     static_cast<State>(i % 5), i % 17, day));
    }
    a.publish(many);
    a.unlock();
    const auto rows = a.targets_starting("question:");
    CHECK(rows.size() >= 2);
    CHECK(rows.size() <= 8);
    const auto* queue = ui.flow->as<kiosk::AmbassadorQueueScreen>();
    REQUIRE(queue != nullptr);
    CHECK(queue->queue().total() == 5000);
    CHECK(queue->queue().builds() == 1);
    ui.drag(ImVec2(640.0f, 700.0f), ImVec2(0.0f, -400.0f));
    ui.drag(ImVec2(640.0f, 700.0f), ImVec2(0.0f, -400.0f));
    const auto later = a.targets_starting("question:");
    CHECK(later.size() <= 8);
    CHECK(later.front() != rows.front());
    CHECK(ui.flow->as<kiosk::AmbassadorQueueScreen>()->queue().builds() == 1);  // scrolling rebuilt nothing
    ui.tap("sort:2");
    CHECK(ui.flow->as<kiosk::AmbassadorQueueScreen>()->queue().order() == kiosk::QueueOrder::most_asked);
    CHECK(ui.flow->as<kiosk::AmbassadorQueueScreen>()->scroll_em() == 0.0f);
}

TEST_CASE("answer: typed on the on-screen keyboard and saved, it is stored durably as a signed question_moderation") {
    TempDir dir;
    AmbassadorUi a((dir.path() / "kiosk.db").string());
    UiHarness& ui = a.ui;
    a.publish(warehouse_questions());
    a.unlock();
    ui.tap("question:" + warehouse_questions()[0].id);
    ui.tap("moderate:answer");
    REQUIRE(ui.flow->screen() == screen_name::answer);
    CHECK(ui.target_label("save") == ui.strings.get("nl", kiosk::text::ambassador_save));
    for (const char* key : {"j", "a"}) ui.tap_key(key);
    ImGui::GetIO().AddInputCharacter('!');  // a physical keyboard types here too
    ui.frame();
    CHECK(ui.flow->editor().text() == "ja!");
    ui.tap("save");
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (ui.flow->screen() == screen_name::answer && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        ui.frame();
    }
    REQUIRE(ui.flow->screen() == screen_name::ambassador_question);
    CHECK(ui.flow->as<kiosk::AmbassadorQuestionScreen>()->just_saved());
    const auto events = ui.stored_events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].event.type == "question_moderation");
    CHECK(events[0].event.department == "Warehouse");
    const auto payload = floorsync::events::decode_question_moderation(events[0].event.payload);
    CHECK(payload.action == "answer");
    CHECK(payload.text == "ja!");
}

// UI tests: typing a question on the on-screen keyboard and a physical keyboard, sending, cancelling, idle reset.
#include "ui_harness.hpp"

#include <doctest/doctest.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

namespace screen_name = kiosk_test::screen_name;
using namespace std::chrono_literals;
using ui_test::TempDir;
using ui_test::UiHarness;

namespace {

std::string label(UiHarness& ui, const char* key) { return ui.strings.get(ui.flow->language(), key); }

void press_physical_key(UiHarness& ui, int glfw_key) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[glfw_key] = true;
    ui.frame();
    io.KeysDown[glfw_key] = false;
    ui.frame();
}

}  // namespace

TEST_CASE("a question typed on the on-screen keyboard, with shift, accents and backspace, is stored on send") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("ask");
    REQUIRE(ui.flow->screen() == screen_name::ask);
    ui.frame();
    CHECK(ui.target_label("send") == label(ui, kiosk::text::ask_send));

    ui.tap_key(label(ui, kiosk::text::key_shift));
    ui.tap_key("C");  // shift applies to one letter
    ui.tap_key("a");
    ui.tap_key("f");
    ui.tap_key(label(ui, kiosk::text::key_page_accents));
    ui.tap_key("é");
    ui.tap_key(label(ui, kiosk::text::key_page_letters));
    ui.tap_key("x");
    ui.tap_key(label(ui, kiosk::text::key_backspace));  // removes the whole last character
    ui.tap_key(label(ui, kiosk::text::key_space));
    ui.tap_key(label(ui, kiosk::text::key_page_symbols));
    ui.tap_key("€");
    ui.tap_key("5");
    ui.tap_key("?");
    CHECK(ui.flow->editor().text() == "Café €5?");
    CHECK(ui.flow->editor().remaining() == ui.config.max_question_length - 8);

    ui.tap("send");
    ui.wait_until_saved();
    CHECK(ui.flow->screen() == screen_name::thank_you);
    const auto events = ui.stored_events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].event.type == "question");
    CHECK(nlohmann::json::parse(events[0].event.payload)["text"] == "Café €5?");
}

TEST_CASE("a physical keyboard types too; an emoji is kept as typed; Enter sends") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("ask");
    ImGuiIO& io = ImGui::GetIO();
    for (char c : std::string("Hi ")) io.AddInputCharacter(static_cast<unsigned int>(c));
    io.AddInputCharacter(0x00EB);  // ë
    // The platform queues characters beyond U+FFFF as a surrogate pair (ImGui 1.86 has 16-bit ImWchar).
    io.InputQueueCharacters.push_back(static_cast<ImWchar>(0xD83D));
    io.InputQueueCharacters.push_back(static_cast<ImWchar>(0xDE00));
    io.AddInputCharacter(0x0007);  // a control character is refused
    ui.frame();
    CHECK(ui.flow->editor().text() == "Hi \xC3\xAB\xF0\x9F\x98\x80");
    CHECK(ui.flow->last_insert_result() == kiosk::InsertResult::refused_control);

    press_physical_key(ui, 259);  // Backspace: the whole emoji goes
    CHECK(ui.flow->editor().text() == "Hi \xC3\xAB");
    io.InputQueueCharacters.push_back(static_cast<ImWchar>(0xD83D));
    io.InputQueueCharacters.push_back(static_cast<ImWchar>(0xDE00));
    ui.frame();
    press_physical_key(ui, 257);  // Enter sends
    ui.wait_until_saved();
    CHECK(ui.flow->screen() == screen_name::thank_you);
    const auto events = ui.stored_events();
    REQUIRE(events.size() == 1);
    CHECK(nlohmann::json::parse(events[0].event.payload)["text"] == "Hi \xC3\xAB\xF0\x9F\x98\x80");
}

TEST_CASE("cancel discards the text and stores nothing") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("ask");
    ui.tap_key("q");
    ui.tap("cancel");
    CHECK(ui.flow->screen() == screen_name::home);
    ui.tap("ask");
    CHECK(ui.flow->editor().text().empty());
    CHECK(ui.stored_events().empty());
}

TEST_CASE("send is disabled while the question is blank") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("ask");
    ui.tap_key(label(ui, kiosk::text::key_space));
    ui.tap("send");
    CHECK(ui.flow->screen() == screen_name::ask);
    CHECK(ui.stored_events().empty());
}

TEST_CASE("the idle timer discards a half-typed question so the next person never sees it") {
    TempDir dir;
    UiHarness ui(ui_test::test_config(), (dir.path() / "kiosk.db").string());
    ui.tap("ask");
    ui.tap_key("s");
    ui.tap_key("e");
    ui.advance(ui.config.idle_timeout - 2s);
    CHECK(ui.flow->screen() == screen_name::ask);  // still someone's draft
    ui.tap_key("c");                          // typing keeps it alive
    ui.advance(ui.config.idle_timeout - 2s);
    CHECK(ui.flow->screen() == screen_name::ask);
    ui.advance(3s);
    CHECK(ui.flow->screen() == screen_name::home);
    ui.tap("ask");
    CHECK(ui.flow->editor().text().empty());
    CHECK(ui.stored_events().empty());
}

TEST_CASE("the character counter counts down and the limit is enforced") {
    TempDir dir;
    kiosk::KioskConfig config = ui_test::test_config();
    config.max_question_length = 12;
    UiHarness ui(config, (dir.path() / "kiosk.db").string());
    ui.tap("ask");
    for (int i = 0; i < 14; ++i) ui.tap_key("a");
    CHECK(ui.flow->editor().length() == 12);
    CHECK(ui.flow->last_insert_result() == kiosk::InsertResult::refused_limit);
}

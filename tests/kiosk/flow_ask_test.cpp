// Screen state machine, questions and failures: typing, sending, cancelling, store errors, idle reset.
#include "flow_fixture.hpp"

#include "kiosk/logic/strings.hpp"

#include <doctest/doctest.h>

#include <functional>

using namespace kiosk;
using namespace kiosk_test;

namespace {

// Presses the on-screen key with this text or label on the current keyboard page.
KeyOutcome press(FlowFixture& f, std::string_view text_or_label) {
    const auto& rows = f.flow.keyboard().rows();
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c)
            if (rows[r][c].text == text_or_label || rows[r][c].label_key == text_or_label)
                return f.flow.press_key(r, c, f.now);
    FAIL("no key ", text_or_label);
    return {};
}

}  // namespace

TEST_CASE("ask: type on the on-screen keyboard, send, stored as a question event") {
    FlowFixture f;
    f.flow.open_ask(f.now);
    CHECK(f.flow.screen() == screen_name::ask);
    press(f, text::key_shift);
    press(f, "W");
    press(f, "a");
    press(f, "t");
    press(f, text::key_space);
    press(f, text::key_page_accents);
    press(f, "é");
    press(f, text::key_page_symbols);
    press(f, "€");
    press(f, "1");
    press(f, text::key_backspace);
    press(f, text::key_page_letters);
    press(f, "?");
    CHECK(f.flow.editor().text() == "Wat é€?");
    CHECK(f.flow.editor().remaining() == 13);
    CHECK(f.flow.can_send_question());
    press(f, text::key_send);  // the keyboard's enter key sends
    CHECK(f.flow.screen() == screen_name::thank_you);
    CHECK(f.flow.subject() == Subject::question);
    REQUIRE(f.sink.stored.size() == 1);
    CHECK(f.sink.stored[0].type == "question");
    CHECK(FlowFixture::payload(f.sink.stored[0]) == nlohmann::json{{"text", "Wat é€?"}});
    CHECK(f.sink.stored[0].department == "Expeditie");
    CHECK(f.flow.editor().empty());
}

TEST_CASE("ask: a physical keyboard types too; control characters are refused; the limit holds") {
    FlowFixture f;
    f.flow.open_ask(f.now);
    CHECK(f.flow.type_codepoint(U'H', f.now) == InsertResult::inserted);
    CHECK(f.flow.type_text("ë 😀", f.now) == InsertResult::inserted);
    CHECK(f.flow.type_codepoint(U'\n', f.now) == InsertResult::refused_control);
    CHECK(f.flow.last_insert_result() == InsertResult::refused_control);
    CHECK(f.flow.type_text("\x1B[A", f.now) == InsertResult::refused_control);
    CHECK(f.flow.editor().text() == "Hë 😀");
    CHECK(f.flow.type_text("0123456789abcdefg", f.now) == InsertResult::refused_limit);  // 4 + 17 > 20
    CHECK(f.flow.editor().length() == 4);
    CHECK(f.flow.type_text("0123456789abcdef", f.now) == InsertResult::inserted);
    CHECK(f.flow.editor().at_limit());
    f.flow.backspace(f.now);
    CHECK(f.flow.editor().remaining() == 1);
    f.flow.send_question(f.now);
    CHECK(FlowFixture::payload(f.sink.stored.at(0))["text"] == "Hë 😀0123456789abcde");
}

TEST_CASE("ask: empty or blank text cannot be sent; cancel discards") {
    FlowFixture f;
    f.flow.open_ask(f.now);
    CHECK_FALSE(f.flow.can_send_question());
    f.flow.send_question(f.now);
    CHECK(f.flow.screen() == screen_name::ask);
    CHECK(f.flow.last_insert_result() == InsertResult::refused_empty);
    f.flow.type_text("   ", f.now);
    f.flow.send_question(f.now);
    CHECK(f.flow.screen() == screen_name::ask);
    f.flow.type_text("Kan ik thuiswerken?", f.now);
    f.flow.cancel_question(f.now);
    CHECK(f.flow.screen() == screen_name::home);
    CHECK(f.sink.submitted.empty());
    f.flow.open_ask(f.now);
    CHECK(f.flow.editor().empty());
}

TEST_CASE("ask with a department list: send, then pick the department") {
    FlowFixture f(kDepartmentList);
    f.flow.open_ask(f.now);
    f.flow.type_text("  Waarom?  ", f.now);
    f.flow.send_question(f.now);
    CHECK(f.flow.screen() == screen_name::department);
    CHECK(f.flow.subject() == Subject::question);
    f.flow.choose_department(0, f.now);
    CHECK(f.flow.screen() == screen_name::thank_you);
    REQUIRE(f.sink.stored.size() == 1);
    CHECK(f.sink.stored[0].department == "Expeditie");
    CHECK(FlowFixture::payload(f.sink.stored[0])["text"] == "Waarom?");  // trimmed
}

TEST_CASE("a sent question is kept when nobody picks a department (prefer not to say)") {
    FlowFixture f(kDepartmentList);
    f.flow.open_ask(f.now);
    f.flow.type_text("Wie helpt mij?", f.now);
    f.flow.send_question(f.now);
    REQUIRE(f.flow.screen() == screen_name::department);
    f.advance(30s);
    CHECK(f.flow.screen() == screen_name::home);
    REQUIRE(f.sink.stored.size() == 1);
    CHECK(f.sink.stored[0].type == "question");
    CHECK(f.sink.stored[0].department == "");
    CHECK(FlowFixture::payload(f.sink.stored[0])["text"] == "Wie helpt mij?");
    CHECK(f.flow.editor().empty());
}

TEST_CASE("store failure on a rating: error screen, no thank-you, recovery when the store works again") {
    FlowFixture f;
    f.sink.mode = FakeSink::Mode::fail;
    f.flow.tap_face(2, f.now);
    CHECK(f.flow.screen() == screen_name::store_error);
    CHECK(f.flow.error_detail() == "database or disk is full");
    CHECK(f.flow.last_store_failed());
    f.flow.dismiss_error(f.now);
    CHECK(f.flow.screen() == screen_name::home);

    f.sink.mode = FakeSink::Mode::store;  // the fault is gone
    f.advance(1s);
    f.flow.tap_face(2, f.now);
    CHECK(f.flow.screen() == screen_name::follow_up);
    REQUIRE(f.sink.stored.size() == 1);
    // The failed tap never happened, so the retry a second later is not a suspect repeat.
    CHECK(FlowFixture::payload(f.sink.stored[0])["suspect"] == false);
    CHECK_FALSE(f.flow.last_store_failed());
}

TEST_CASE("store failure on a question keeps the text so it can be sent again") {
    FlowFixture f;
    f.sink.mode = FakeSink::Mode::fail;
    f.flow.open_ask(f.now);
    f.flow.type_text("Waar is de handboek?", f.now);
    f.flow.send_question(f.now);
    CHECK(f.flow.screen() == screen_name::store_error);
    CHECK(f.flow.subject() == Subject::question);
    f.flow.dismiss_error(f.now);
    CHECK(f.flow.screen() == screen_name::ask);
    CHECK(f.flow.editor().text() == "Waar is de handboek?");
    f.sink.mode = FakeSink::Mode::store;
    f.flow.send_question(f.now);
    CHECK(f.flow.screen() == screen_name::thank_you);
    REQUIRE(f.sink.stored.size() == 1);
    CHECK(FlowFixture::payload(f.sink.stored[0])["text"] == "Waar is de handboek?");
}

TEST_CASE("store failure on the reasons: error screen, the rating stays stored") {
    FlowFixture f;
    f.flow.tap_face(1, f.now);
    f.sink.mode = FakeSink::Mode::fail;
    f.flow.toggle_reason(2, f.now);
    f.flow.finish_follow_up(f.now);
    CHECK(f.flow.screen() == screen_name::store_error);
    CHECK(f.flow.subject() == Subject::reasons);
    f.flow.dismiss_error(f.now);
    CHECK(f.flow.screen() == screen_name::home);
    CHECK(f.sink.count("rating") == 1);
    CHECK(f.sink.count("rating_reasons") == 0);
}

TEST_CASE("a late answer after the idle reset changes nothing on screen") {
    FlowFixture f;
    f.sink.mode = FakeSink::Mode::hold;
    f.flow.tap_face(4, f.now);
    f.advance(30s);
    CHECK(f.flow.screen() == screen_name::home);
    f.sink.answer_held(false);
    f.advance(1s);
    CHECK(f.flow.screen() == screen_name::home);
    CHECK(f.flow.last_store_failed());
}

TEST_CASE("idle reset from every screen returns home and discards drafts") {
    struct Case {
        const char* name;
        std::function<void(FlowFixture&)> reach;
        std::string_view screen;
    };
    const std::vector<Case> cases = {
        {"ask with text typed", [](FlowFixture& f) {
             f.flow.open_ask(f.now);
             f.flow.type_text("geheim", f.now);
             press(f, text::key_page_accents);
             press(f, text::key_shift);
         }, screen_name::ask},
        {"follow-up with reasons chosen", [](FlowFixture& f) {
             f.flow.tap_face(2, f.now);
             f.flow.toggle_reason(1, f.now);
         }, screen_name::follow_up},
        {"saving", [](FlowFixture& f) {
             f.sink.mode = FakeSink::Mode::hold;
             f.flow.tap_face(2, f.now);
         }, screen_name::saving},
        {"store error with a question kept", [](FlowFixture& f) {
             f.sink.mode = FakeSink::Mode::fail;
             f.flow.open_ask(f.now);
             f.flow.type_text("geheim", f.now);
             f.flow.send_question(f.now);
         }, screen_name::store_error},
        {"thank-you", [](FlowFixture& f) {
             f.flow.tap_face(2, f.now);
             f.flow.skip_follow_up(f.now);
         }, screen_name::thank_you},
        {"home in another language", [](FlowFixture& f) { f.flow.choose_language("en", f.now); }, screen_name::home},
    };
    for (const auto& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        FlowFixture f;
        f.flow.choose_language("en", f.now);
        c.reach(f);
        REQUIRE(f.flow.screen() == c.screen);
        f.advance(29s);
        f.flow.note_activity(f.now);  // a touch keeps the screen
        f.advance(29s);
        if (c.screen != screen_name::thank_you && c.screen != screen_name::home) CHECK(f.flow.screen() == c.screen);
        f.advance(1s);
        CHECK(f.flow.screen() == screen_name::home);
        CHECK(f.flow.language() == "nl");
        CHECK(f.flow.editor().empty());
        CHECK_FALSE(f.flow.any_reason_selected());
        CHECK(f.flow.keyboard().page() == KeyboardPage::letters);
        CHECK(f.flow.keyboard().shift() == ShiftState::off);
        CHECK(f.flow.rating_score() == 0);
        f.flow.open_ask(f.now);
        CHECK(f.flow.editor().empty());  // the next person never sees the previous text
        // A discarded draft is never recorded.
        for (const auto& event : f.sink.stored) CHECK(event.type != "rating_reasons");
        for (const auto& event : f.sink.stored) CHECK(event.type != "question");
    }
}

TEST_CASE("next_deadline tells the UI loop when to wake") {
    FlowFixture f;
    CHECK(f.flow.next_deadline() == std::nullopt);  // idle home in the default language
    f.flow.open_ask(f.now);
    CHECK(f.flow.next_deadline() == f.now + 30s);
    f.advance(10s);
    f.flow.type_codepoint(U'a', f.now);
    CHECK(f.flow.next_deadline() == f.now + 30s);
    f.flow.send_question(f.now);
    CHECK(f.flow.screen() == screen_name::thank_you);
    CHECK(f.flow.next_deadline() == f.now + 4s);
}

TEST_CASE("samples for screenshots record nothing") {
    for (auto screen : {screen_name::home, screen_name::department, screen_name::saving, screen_name::follow_up, screen_name::thank_you,
                        screen_name::ask, screen_name::store_error, screen_name::cleaning, screen_name::why, screen_name::news, screen_name::timeline,
                        screen_name::training}) {
        FlowFixture f(kDepartmentList);
        f.flow.choose_language("en", f.now);
        f.flow.show_sample(screen, f.now, "Sample?");
        CHECK(f.flow.screen() == screen);
        CHECK(f.flow.language() == "en");
        CHECK(f.sink.submitted.empty());
        if (screen == screen_name::ask) CHECK(f.flow.editor().text() == "Sample?");
        if (screen == screen_name::follow_up) CHECK(f.flow.any_reason_selected());
    }
}

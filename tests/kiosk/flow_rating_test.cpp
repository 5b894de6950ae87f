// Screen state machine, ratings: follow-up reasons, department pick, repeat-tap guard, cleaning, language.
#include "flow_fixture.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk_test;

TEST_CASE("rate, pick reasons, done: one rating and one rating_reasons event amending it") {
    FlowFixture f;
    CHECK(f.flow.screen() == screen_name::home);
    f.flow.tap_face(2, f.now);
    CHECK(f.flow.screen() == screen_name::follow_up);  // the fake sink stored it at once
    REQUIRE(f.sink.stored.size() == 1);
    const floorsync::Event rating = f.sink.stored[0];
    CHECK(rating.type == "rating");
    CHECK(FlowFixture::payload(rating) == nlohmann::json{{"score", 2}, {"suspect", false}});
    CHECK(rating.kiosk_id == "hal3-k1");
    CHECK(rating.department == "Expeditie");
    CHECK(rating.language == "nl");
    CHECK(rating.created_at == "2026-11-29T23:04:38.123Z");

    f.flow.toggle_reason(2, f.now);
    f.flow.toggle_reason(0, f.now);
    f.flow.toggle_reason(4, f.now);
    f.flow.toggle_reason(4, f.now);  // untapped again
    CHECK(f.flow.reason_selected(0));
    CHECK_FALSE(f.flow.reason_selected(4));
    f.flow.finish_follow_up(f.now);
    CHECK(f.flow.screen() == screen_name::thank_you);
    CHECK(f.flow.subject() == Subject::reasons);

    REQUIRE(f.sink.stored.size() == 2);
    const floorsync::Event reasons = f.sink.stored[1];
    CHECK(reasons.type == "rating_reasons");
    CHECK(reasons.id != rating.id);
    CHECK(FlowFixture::payload(reasons) ==
          nlohmann::json{{"rating_id", rating.id}, {"reasons", {"dont_know_what", "need_training"}}});
    CHECK(reasons.department == rating.department);
    CHECK(f.sink.count("rating") == 1);

    f.advance(3s);
    CHECK(f.flow.screen() == screen_name::thank_you);
    f.advance(1s);
    CHECK(f.flow.screen() == screen_name::home);
}

TEST_CASE("rate then skip, or done with nothing chosen: nothing more is recorded") {
    FlowFixture f;
    f.flow.tap_face(5, f.now);
    f.flow.toggle_reason(1, f.now);
    f.flow.skip_follow_up(f.now);
    CHECK(f.flow.screen() == screen_name::thank_you);
    CHECK(f.sink.submitted.size() == 1);
    f.flow.close_thank_you(f.now);
    CHECK(f.flow.screen() == screen_name::home);

    f.advance(10s);
    f.flow.tap_face(4, f.now);
    f.flow.finish_follow_up(f.now);
    CHECK(f.flow.screen() == screen_name::thank_you);
    CHECK(f.sink.submitted.size() == 2);
    CHECK(f.sink.count("rating_reasons") == 0);
}

TEST_CASE("the thank-you appears only after the store confirmed the rating") {
    FlowFixture f;
    f.sink.mode = FakeSink::Mode::hold;
    f.flow.tap_face(3, f.now);
    CHECK(f.flow.screen() == screen_name::saving);
    CHECK(f.flow.rating_score() == 3);
    f.flow.tap_face(3, f.now);  // a second tap while saving is ignored
    CHECK(f.sink.submitted.size() == 1);
    f.advance(1s);
    CHECK(f.flow.screen() == screen_name::saving);
    f.sink.answer_held(true);
    f.advance(10ms);
    CHECK(f.flow.screen() == screen_name::follow_up);
}

TEST_CASE("a config without reasons goes from the rating straight to thank-you") {
    FlowFixture f(kFixedDepartment + "reasons = []\n");
    f.flow.tap_face(1, f.now);
    CHECK(f.flow.screen() == screen_name::thank_you);
    CHECK(f.flow.subject() == Subject::rating);
}

TEST_CASE("department pick after the rating, including prefer not to say") {
    FlowFixture f(kDepartmentList);
    f.flow.tap_face(4, f.now);
    CHECK(f.flow.screen() == screen_name::department);
    CHECK(f.sink.submitted.empty());  // recorded once the department is known
    f.flow.choose_department(1, f.now);
    CHECK(f.flow.screen() == screen_name::follow_up);
    REQUIRE(f.sink.stored.size() == 1);
    CHECK(f.sink.stored[0].department == "Inkoop");
    f.flow.toggle_reason(3, f.now);
    f.flow.finish_follow_up(f.now);
    CHECK(f.sink.stored.at(1).department == "Inkoop");
    f.flow.close_thank_you(f.now);

    f.advance(10s);
    f.flow.tap_face(2, f.now);
    f.flow.prefer_not_to_say(f.now);
    REQUIRE(f.sink.stored.size() == 3);
    CHECK(f.sink.stored[2].department == "");
    CHECK(f.flow.screen() == screen_name::follow_up);

    f.flow.skip_follow_up(f.now);
    f.flow.close_thank_you(f.now);
    f.flow.choose_department(0, f.now);  // not on the department screen: ignored
    CHECK(f.sink.stored.size() == 3);
}

TEST_CASE("idle on the department screen keeps the tap as prefer not to say") {
    FlowFixture f(kDepartmentList);
    f.flow.choose_language("en", f.now);
    f.flow.tap_face(1, f.now);
    f.advance(29s);
    CHECK(f.flow.screen() == screen_name::department);
    CHECK(f.sink.submitted.empty());
    f.advance(1s);
    CHECK(f.flow.screen() == screen_name::home);
    REQUIRE(f.sink.submitted.size() == 1);
    CHECK(f.sink.submitted[0].type == "rating");
    CHECK(f.sink.submitted[0].department == "");
    CHECK(f.sink.submitted[0].language == "en");
    CHECK(f.flow.language() == "nl");  // back to the default for the next person
}

TEST_CASE("repeat-tap guard: a second rating within the interval is kept and flagged suspect") {
    FlowFixture f;
    f.flow.tap_face(5, f.now);
    f.flow.skip_follow_up(f.now);
    f.flow.close_thank_you(f.now);
    f.advance(4900ms);
    f.flow.tap_face(5, f.now);
    CHECK(f.flow.screen() == screen_name::follow_up);  // on screen it looks like any rating
    f.flow.skip_follow_up(f.now);
    f.flow.close_thank_you(f.now);
    f.advance(4s);  // within 5 s of the previous (suspect) tap: still suspect
    f.flow.tap_face(1, f.now);
    f.flow.skip_follow_up(f.now);
    f.flow.close_thank_you(f.now);
    f.advance(5s);  // exactly the interval later: counts again
    f.flow.tap_face(4, f.now);

    REQUIRE(f.sink.stored.size() == 4);
    CHECK(FlowFixture::payload(f.sink.stored[0])["suspect"] == false);
    CHECK(FlowFixture::payload(f.sink.stored[1])["suspect"] == true);
    CHECK(FlowFixture::payload(f.sink.stored[1])["score"] == 5);
    CHECK(FlowFixture::payload(f.sink.stored[2])["suspect"] == true);
    CHECK(FlowFixture::payload(f.sink.stored[3])["suspect"] == false);
    for (const auto& event : f.sink.stored) CHECK(event.type == "rating");
}

TEST_CASE("repeat-tap guard off with interval 0") {
    FlowFixture f(kFixedDepartment.substr(0, kFixedDepartment.find("repeat_tap")) + "repeat_tap_interval_seconds = 0\n");
    f.flow.tap_face(5, f.now);
    f.flow.skip_follow_up(f.now);
    f.flow.close_thank_you(f.now);
    f.flow.tap_face(5, f.now);
    REQUIRE(f.sink.stored.size() == 2);
    CHECK(FlowFixture::payload(f.sink.stored[1])["suspect"] == false);
}

TEST_CASE("cleaning lock ignores every tap for its duration, counts down, then returns home") {
    FlowFixture f;
    f.flow.start_cleaning(f.now);
    CHECK(f.flow.screen() == screen_name::cleaning);
    CHECK(f.flow.cleaning_seconds_left(f.now) == 60);
    CHECK(f.flow.next_deadline() == f.now + 1s);
    f.advance(500ms);
    CHECK(f.flow.cleaning_seconds_left(f.now) == 60);
    CHECK(f.flow.next_deadline() == f.now + 500ms);
    for (int i = 0; i < 50; ++i) {
        f.advance(1s);
        f.flow.tap_face(1 + i % 5, f.now);
        f.flow.open_ask(f.now);
        f.flow.choose_language("en", f.now);
        f.flow.start_cleaning(f.now);
        f.flow.note_activity(f.now);
    }
    CHECK(f.flow.screen() == screen_name::cleaning);
    CHECK(f.flow.cleaning_seconds_left(f.now) == 10);
    CHECK(f.flow.language() == "nl");
    CHECK(f.sink.submitted.empty());
    f.advance(9s);
    CHECK(f.flow.cleaning_seconds_left(f.now) == 1);
    CHECK(f.flow.next_deadline() == f.now + 500ms);
    f.advance(500ms);
    CHECK(f.flow.screen() == screen_name::home);
    CHECK(f.flow.cleaning_seconds_left(f.now) == 0);
    f.flow.tap_face(3, f.now);
    CHECK(f.sink.submitted.size() == 1);
}

TEST_CASE("language switch from home sets the events' language") {
    FlowFixture f;
    CHECK(f.flow.language() == "nl");
    f.flow.choose_language("en", f.now);
    CHECK(f.flow.language() == "en");
    f.flow.choose_language("de", f.now);  // not configured: ignored
    CHECK(f.flow.language() == "en");
    f.flow.tap_face(3, f.now);
    f.flow.choose_language("nl", f.now);  // not on home: ignored
    f.flow.toggle_reason(0, f.now);
    f.flow.finish_follow_up(f.now);
    REQUIRE(f.sink.stored.size() == 2);
    CHECK(f.sink.stored[0].language == "en");
    CHECK(f.sink.stored[1].language == "en");
    f.flow.close_thank_you(f.now);
    CHECK(f.flow.language() == "en");  // the same person may go on to ask a question
    CHECK(f.flow.next_deadline() == f.now + 30s);
    f.advance(30s);
    CHECK(f.flow.language() == "nl");  // idle: back to the default language
    CHECK(f.flow.next_deadline() == std::nullopt);  // nothing to wait for: the UI loop may sleep
}

TEST_CASE("events get fresh ids and out-of-range input is ignored") {
    FlowFixture f;
    f.flow.tap_face(0, f.now);
    f.flow.tap_face(6, f.now);
    CHECK(f.sink.submitted.empty());
    f.flow.tap_face(3, f.now);
    f.flow.toggle_reason(99, f.now);
    CHECK_FALSE(f.flow.any_reason_selected());
    f.flow.toggle_reason(1, f.now);
    f.flow.finish_follow_up(f.now);
    REQUIRE(f.sink.stored.size() == 2);
    CHECK(f.sink.stored[0].id != f.sink.stored[1].id);
    CHECK(f.flow.events_submitted() == 2);
}

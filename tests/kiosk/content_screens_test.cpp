// The communication screens as plain logic: what shows when, the go-live countdown, "I'll be there", the strip.
#include "common/sample_content.hpp"
#include "flow_fixture.hpp"
#include "kiosk/logic/content_text.hpp"
#include "kiosk/logic/screens/all_screens.hpp"
#include "kiosk/logic/strings.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>

using namespace kiosk;
using namespace kiosk_test;

namespace {

SystemTime at(const char* rfc3339) { return *floorsync::parse_rfc3339(rfc3339); }

// The kiosk's local time zone for one test, put back afterwards.
struct LocalZone {
    explicit LocalZone(const char* zone) {
        if (const char* old = std::getenv("TZ")) previous = old;
        setenv("TZ", zone, 1);
        tzset();
    }
    ~LocalZone() {
        if (previous.empty()) unsetenv("TZ");
        else setenv("TZ", previous.c_str(), 1);
        tzset();
    }
    std::string previous;
};

std::vector<Item> sample_items() {
    std::vector<Item> items;
    items.push_back(why_item(1, "Een nieuw magazijnbeheersysteem.", "Minder dubbel werk voor jou."));
    items.push_back(announcement(2, "Nieuwe scanners", "New scanners"));
    items.push_back(announcement(3, "Schoonmaakrooster", "Cleaning rota"));
    items.push_back(milestone(4, "2026-12-14T08:00:00Z", true, "Livegang", "Go-live"));
    items.push_back(milestone(5, "2026-11-20T08:00:00Z", false, "Testweek", "Test week"));
    items.push_back(training(6, "2026-12-03T08:00:00Z", "2026-12-03T11:00:00Z", "Zaal 1", 12, "Basistraining", "Basics"));
    return items;
}

}  // namespace

TEST_CASE("content: only what is inside its showing window shows, and the catalog knows when that changes") {
    FlowFixture f;
    f.wall_now = at("2026-12-01T09:00:00Z");
    std::vector<Item> items = sample_items();
    items.erase(items.begin() + 2);  // one announcement, so home's strip has nothing to cycle through
    Item later = announcement(7, "Kerstborrel", "Christmas drinks");
    later.shown_from = "2026-12-01T12:00:00.000Z";
    Item gone = announcement(8, "Oud nieuws", "Old news");
    gone.shown_until = "2026-12-01T08:00:00.000Z";
    Item ended = training(9, "2026-11-30T08:00:00Z", "2026-11-30T10:00:00Z", "Zaal 2", 0, "Voorbij", "Past");
    items.push_back(later);
    items.push_back(gone);
    items.push_back(ended);
    f.shell.set_content(snapshot_of(items));

    const VisibleContent& visible = f.shell.host().content();
    REQUIRE(visible.news.size() == 1);
    CHECK(visible.news[0]->id == content_id(2));
    REQUIRE(visible.trainings.size() == 1);
    CHECK(visible.trainings[0]->id == content_id(6));
    REQUIRE(visible.milestones.size() == 2);
    CHECK(visible.milestones[0]->id == content_id(5));  // by date
    REQUIRE(visible.go_live != nullptr);
    CHECK(visible.go_live->id == content_id(4));
    CHECK(visible.why.size() == 1);
    CHECK(visible.strip.size() == 1);
    // The next change is the announcement that starts at noon (before the training ends or a new day begins).
    REQUIRE(f.shell.host().catalog().next_change().has_value());
    CHECK(*f.shell.host().catalog().next_change() == at("2026-12-01T12:00:00Z"));
    // The loop wakes for it by itself: the deadline is three hours of steady time away.
    CHECK(f.flow.next_deadline() == f.now + std::chrono::hours(3));

    f.wall_now = at("2026-12-01T12:00:01Z");
    f.advance(std::chrono::hours(3));
    REQUIRE(f.shell.host().content().news.size() == 2);
    CHECK(f.shell.host().content().news[0]->id == content_id(7));  // newest first
}

TEST_CASE("content: a new snapshot replaces everything; withdrawn items are simply no longer in it") {
    FlowFixture f;
    f.wall_now = at("2026-12-01T09:00:00Z");
    f.shell.set_content(snapshot_of(sample_items(), 1));
    CHECK(f.shell.host().content().news.size() == 2);
    std::vector<Item> fewer = sample_items();
    fewer.erase(fewer.begin() + 1);  // the collector withdrew item 2
    f.shell.set_content(snapshot_of(fewer, 2));
    REQUIRE(f.shell.host().content().news.size() == 1);
    CHECK(f.shell.host().content().news[0]->id == content_id(3));
}

TEST_CASE("countdown: days to go before the go-live, 'today' on the day, days since afterwards, by local calendar days") {
    LocalZone zone("Europe/Amsterdam");
    const StringTables strings = StringTables::embedded();
    const SystemTime go_live = at("2026-12-14T08:00:00Z");

    const Countdown before = countdown_to(go_live, at("2026-12-02T10:00:00Z"));
    CHECK(before.phase == Countdown::Phase::before);
    CHECK(before.days == 12);
    CHECK(countdown_text(strings, "nl", before) == "nog 12 dagen");
    CHECK(countdown_text(strings, "en", before) == "12 days to go");
    // 23:30 local the evening before is one day to go, though only nine hours remain.
    const Countdown eve = countdown_to(go_live, at("2026-12-13T22:30:00Z"));
    CHECK(eve.days == 1);
    CHECK(countdown_text(strings, "nl", eve) == "nog 1 dag");
    CHECK(countdown_text(strings, "en", eve) == "1 day to go");

    const Countdown day = countdown_to(go_live, at("2026-12-14T20:00:00Z"));
    CHECK(day.phase == Countdown::Phase::today);
    CHECK(countdown_text(strings, "nl", day) == "Vandaag live");
    CHECK(countdown_text(strings, "en", day) == "Live today");

    const Countdown after = countdown_to(go_live, at("2026-12-17T07:00:00Z"));
    CHECK(after.phase == Countdown::Phase::after);
    CHECK(after.days == 3);
    CHECK(countdown_text(strings, "nl", after) == "live sinds 3 dagen");
    CHECK(countdown_text(strings, "en", after) == "Live for 3 days");

    // Across the change to summer time a day has 23 hours: still two calendar days.
    CHECK(calendar_days_between(at("2027-03-27T12:00:00Z"), at("2027-03-29T06:00:00Z")) == 2);
    CHECK(next_local_midnight(at("2027-03-27T12:00:00Z")) == at("2027-03-27T23:00:00Z"));
    CHECK(next_local_midnight(at("2027-03-28T12:00:00Z")) == at("2027-03-28T22:00:00Z"));
}

TEST_CASE("countdown: the timeline's countdown follows the wall clock and the catalog wakes at midnight") {
    LocalZone zone("Europe/Amsterdam");
    FlowFixture f;
    f.wall_now = at("2026-12-02T10:00:00Z");
    f.shell.set_content(snapshot_of(sample_items()));
    f.flow.open_screen("timeline", f.now);
    CHECK(f.flow.screen() == screen_name::timeline);
    REQUIRE(go_live_countdown(f.shell.host()).has_value());
    CHECK(go_live_countdown(f.shell.host())->days == 12);
    // The training at 08:00 on the 3rd ends at 11:00; before that, local midnight comes.
    CHECK(*f.shell.host().catalog().next_change() == at("2026-12-02T23:00:00Z"));
    f.wall_now = at("2026-12-02T23:00:01Z");
    f.advance(std::chrono::minutes(1));
    CHECK(go_live_countdown(f.shell.host())->days == 11);
}

TEST_CASE("dates and session times are written with the string tables' day and month names") {
    LocalZone zone("Europe/Amsterdam");
    const StringTables strings = StringTables::embedded();
    const SystemTime start = at("2026-12-14T08:00:00Z"), end = at("2026-12-14T11:30:00Z");
    CHECK(format_session(strings, "nl", start, end) == "ma 14 dec 09:00\xE2\x80\x93" "12:30");
    CHECK(format_session(strings, "en", start, at("2026-12-15T15:00:00Z")) == "Mon 14 Dec 09:00 \xE2\x80\x93 Tue 15 Dec 16:00");
    CHECK(format_session(strings, "en", start, end) == "Mon 14 Dec 09:00\xE2\x80\x93" "12:30");
    CHECK(format_date(strings, "nl", at("2027-03-01T12:00:00Z")) == "1 mrt 2027");
}

TEST_CASE("home opens each content screen in one tap; back and the tabs move between them") {
    FlowFixture f;
    f.shell.set_content(snapshot_of(sample_items()));
    for (const char* name : {"why", "news", "timeline", "training"}) {
        f.flow.open_screen(name, f.now);
        CHECK(f.flow.screen() == name);
        f.flow.go_home(f.now);
        CHECK(f.flow.screen() == screen_name::home);
    }
    f.flow.open_screen("settings", f.now);  // not a content screen
    CHECK(f.flow.screen() == screen_name::home);
    f.flow.open_screen("news", f.now);
    f.flow.open_screen("training", f.now);  // the tabs on a content screen
    CHECK(f.flow.screen() == screen_name::training);
    f.flow.open_screen("ask", f.now);  // only content screens are tabs
    CHECK(f.flow.screen() == screen_name::training);
}

TEST_CASE("a content screen's own state goes with it: the why tab and the scroll start fresh next time") {
    FlowFixture f;
    f.shell.set_content(snapshot_of(sample_items()));
    f.flow.open_screen("why", f.now);
    f.flow.choose_tab(1, f.now);
    f.flow.scroll_to(12.5f, f.now);
    REQUIRE(f.flow.as<WhyScreen>() != nullptr);
    CHECK(f.flow.as<WhyScreen>()->tab() == WhyScreen::Tab::you);
    CHECK(f.flow.as<WhyScreen>()->scroll_em() == doctest::Approx(12.5f));
    f.flow.choose_tab(0, f.now);  // the other text starts at its top
    CHECK(f.flow.as<WhyScreen>()->scroll_em() == 0.0f);
    f.flow.choose_tab(1, f.now);
    f.flow.scroll_to(-3.0f, f.now);  // the view clamps; the screen never keeps a negative offset
    CHECK(f.flow.as<WhyScreen>()->scroll_em() == 0.0f);
    f.flow.scroll_to(4.0f, f.now);
    f.advance(std::chrono::seconds(31));  // idle: the visit ends
    CHECK(f.flow.screen() == screen_name::home);
    f.flow.open_screen("why", f.now);
    CHECK(f.flow.as<WhyScreen>()->tab() == WhyScreen::Tab::organisation);
    CHECK(f.flow.as<WhyScreen>()->scroll_em() == 0.0f);
}

TEST_CASE("I'll be there: one anonymous training_interest event per session and visit") {
    FlowFixture f;
    f.shell.set_content(snapshot_of(sample_items()));
    const std::string session = content_id(6);
    f.flow.open_screen("training", f.now);
    const auto* screen = f.flow.as<TrainingScreen>();
    REQUIRE(screen != nullptr);
    CHECK(screen->interest(f.shell.host(), session) == TrainingScreen::Interest::none);

    f.flow.attend_training(session, f.now);
    REQUIRE(f.sink.stored.size() == 1);
    const floorsync::Event& event = f.sink.stored[0];
    CHECK(event.type == "training_interest");
    CHECK(FlowFixture::payload(event) == nlohmann::json{{"session", session}});
    CHECK(event.department == "Expeditie");
    CHECK(event.kiosk_id == "hal3-k1");
    CHECK(f.flow.as<TrainingScreen>()->interest(f.shell.host(), session) == TrainingScreen::Interest::given);

    f.flow.attend_training(session, f.now);  // a second tap in the same visit
    f.flow.go_home(f.now);
    f.flow.open_screen("training", f.now);
    CHECK(f.flow.as<TrainingScreen>()->interest(f.shell.host(), session) == TrainingScreen::Interest::given);
    f.flow.attend_training(session, f.now);  // and after leaving and coming back
    CHECK(f.sink.stored.size() == 1);

    f.flow.attend_training(content_id(2), f.now);  // an announcement is not a session
    f.flow.attend_training(content_id(99), f.now);  // nor is an id the kiosk does not hold
    CHECK(f.sink.submitted.size() == 1);

    // The next person (a new visit after the idle timeout) may say they come too.
    f.advance(std::chrono::seconds(31));
    CHECK(f.flow.screen() == screen_name::home);
    f.flow.open_screen("training", f.now);
    CHECK(f.flow.as<TrainingScreen>()->interest(f.shell.host(), session) == TrainingScreen::Interest::none);
    f.flow.attend_training(session, f.now);
    CHECK(f.sink.stored.size() == 2);
    CHECK(f.sink.stored[1].id != f.sink.stored[0].id);
}

TEST_CASE("I'll be there: a tap the disk could not store is offered again, and saving shows while it waits") {
    FlowFixture f;
    f.shell.set_content(snapshot_of(sample_items()));
    const std::string session = content_id(6);
    f.flow.open_screen("training", f.now);
    f.sink.mode = FakeSink::Mode::hold;
    f.flow.attend_training(session, f.now);
    CHECK(f.flow.as<TrainingScreen>()->interest(f.shell.host(), session) == TrainingScreen::Interest::saving);
    f.sink.answer_held(false);
    f.advance(std::chrono::milliseconds(10));
    CHECK(f.flow.as<TrainingScreen>()->interest(f.shell.host(), session) == TrainingScreen::Interest::failed);
    CHECK(f.flow.last_store_failed());
    f.sink.mode = FakeSink::Mode::store;
    f.flow.attend_training(session, f.now);
    CHECK(f.sink.stored.size() == 1);
    CHECK(f.flow.as<TrainingScreen>()->interest(f.shell.host(), session) == TrainingScreen::Interest::given);
}

TEST_CASE("home's strip moves to the next item every few seconds and wakes the loop for it") {
    FlowFixture f;
    f.shell.set_content(snapshot_of(sample_items()));
    const auto* home = f.flow.as<HomeScreen>();
    REQUIRE(home != nullptr);
    const auto* first = home->strip_item(f.shell.host(), f.now);
    REQUIRE(first != nullptr);
    CHECK(first->id == content_id(3));  // the newest news first
    CHECK(f.flow.next_deadline() == f.now + kStripInterval);
    f.advance(kStripInterval);
    CHECK(home->strip_item(f.shell.host(), f.now)->id == content_id(2));
    f.advance(kStripInterval);
    CHECK(home->strip_item(f.shell.host(), f.now)->id == content_id(3));

    // One item: nothing to cycle, so nothing to wake for; no content: no strip.
    f.shell.set_content(snapshot_of({announcement(2, "Een", "One")}, 2));
    CHECK(f.flow.next_deadline() == std::nullopt);
    f.shell.set_content(snapshot_of({}, 3));
    CHECK(f.flow.as<HomeScreen>()->strip_item(f.shell.host(), f.now) == nullptr);
}

TEST_CASE("a visit that gave 'I'll be there' ends on home after the idle timeout, like a language change") {
    FlowFixture f;
    f.shell.set_content(snapshot_of(sample_items()));
    f.flow.open_screen("training", f.now);
    f.flow.attend_training(content_id(6), f.now);
    f.flow.go_home(f.now);
    CHECK(f.shell.host().visit().used(f.config.default_language));
    CHECK(f.flow.next_deadline() <= f.now + std::chrono::seconds(30));
    f.advance(std::chrono::seconds(31));
    CHECK_FALSE(f.shell.host().visit().used(f.config.default_language));
}

TEST_CASE("I'll be there: the recorder's answer counts for the visit even when the person already left the screen") {
    FlowFixture f;
    f.shell.set_content(snapshot_of(sample_items()));
    const std::string session = content_id(6);
    f.flow.open_screen("training", f.now);
    f.sink.mode = FakeSink::Mode::hold;
    f.flow.attend_training(session, f.now);
    f.flow.go_home(f.now);
    f.sink.answer_held(false);  // the disk refused it while home showed
    f.advance(std::chrono::milliseconds(10));
    f.flow.open_screen("training", f.now);
    CHECK(f.flow.as<TrainingScreen>()->interest(f.shell.host(), session) == TrainingScreen::Interest::failed);
    f.sink.mode = FakeSink::Mode::store;
    f.flow.attend_training(session, f.now);  // offered again, and stored
    CHECK(f.sink.stored.size() == 1);
}

TEST_CASE("the inputs of one frame stop at the first that changes the screen") {
    FlowFixture f;
    f.shell.set_content(snapshot_of(sample_items()));
    f.shell.inputs({in::open_screen("news"), in::scroll_to(5.0f)}, f.now);
    REQUIRE(f.flow.as<NewsScreen>() != nullptr);
    CHECK(f.flow.as<NewsScreen>()->scroll_em() == 0.0f);
}

TEST_CASE("the thank-you is never cut short by the idle timeout, and forgets the visit's training answers") {
    FlowFixture f(kFixedDepartment + "reasons = []\n");  // the rating goes straight to the thank-you
    f.shell.set_content(snapshot_of(sample_items()));
    f.flow.open_screen("training", f.now);
    f.flow.attend_training(content_id(6), f.now);
    f.flow.go_home(f.now);
    f.sink.mode = FakeSink::Mode::hold;
    f.flow.tap_face(4, f.now);
    f.advance(std::chrono::milliseconds(29900));
    f.sink.answer_held(true);  // a slow disk: the answer comes just before the idle timeout
    f.advance(std::chrono::milliseconds(10));
    REQUIRE(f.flow.screen() == screen_name::thank_you);
    f.advance(std::chrono::seconds(2));  // 32 s after the last tap: the idle timeout has passed, the thanks stay
    CHECK(f.flow.screen() == screen_name::thank_you);
    f.advance(std::chrono::seconds(2));
    CHECK(f.flow.screen() == screen_name::home);
    CHECK(f.shell.host().visit().trainings_attended.empty());  // the next person may say they come too
}

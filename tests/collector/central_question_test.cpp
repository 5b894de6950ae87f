// The central team's question actions (CentralQuestionService over the backend under test): kept like an ambassador's
// action, folded with them by time, and carried by the feed to the right kiosks over real HTTP on loopback.
#include "ambassador_test_support.hpp"

#include "collector/central_question_service.hpp"
#include "collector/storage/question_effects.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/protocol.hpp"
#include "sync/shared/question_view.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace collector_test;
using floorsync::FeedEntry;
using floorsync::FeedResponse;
using floorsync::FeedSection;
using floorsync::collector::CentralQuestionError;
using floorsync::collector::CentralQuestionService;
using floorsync::collector::QuestionActionRecord;
using floorsync::questions::State;

namespace {

// The central team's clock: a fixed time, so the fold's order against ambassadors' actions is known. In the past
// (ingest accepts 2020 on): a future one would move the process-wide UUIDv7 generator ahead for the other tests.
constexpr const char* kCentralTime = "2024-06-03T10:00:00.000Z";
constexpr const char* kEarlier = "2024-06-03T09:00:00.000Z";
constexpr const char* kLater = "2024-06-03T11:00:00.000Z";

struct Fixture {
    TempDir dir;
    std::string db = fresh_database(dir);
    std::string north1 = add_kiosk(db, "north-1", {"Assembly"});
    std::string north2 = add_kiosk(db, "north-2", {"Assembly"});
    std::string south = add_kiosk(db, "south-1", {"Bakery"});
    std::string canteen = add_kiosk(db, "canteen-1", {"Canteen"});  // a department without an ambassador
    TestAmbassador anna = add_ambassador(db, "Anna", "Assembly", "482913");
    RunningCollector collector{db};
    std::unique_ptr<httplib::Client> client = collector.client();
    std::unique_ptr<floorsync::collector::Storage> storage = floorsync::collector::open_storage(db);
    std::unique_ptr<floorsync::collector::QuestionTable> table = storage->open_questions();
    CentralQuestionService central{*table, [] { return *floorsync::parse_rfc3339(kCentralTime); }};

    // Follows `more` to the end; the body of every page is kept in `bodies`.
    FeedResponse poll(const std::string& token, const std::string& since, std::string* bodies = nullptr) {
        FeedResponse all;
        std::string cursor = since;
        while (true) {
            const auto reply = client->Get("/api/v1/feed?since=" + cursor, bearer(token));
            REQUIRE(reply);
            REQUIRE_MESSAGE(reply->status == 200, reply->body);
            if (bodies != nullptr) *bodies += reply->body;
            FeedResponse page = floorsync::decode_feed(reply->body);
            for (auto& entry : page.entries) all.entries.push_back(std::move(entry));
            cursor = all.next_cursor = page.next_cursor;
            if (!page.more) return all;
        }
    }
    std::string ask(const std::string& token, const std::string& kiosk, const std::string& department,
                    const std::string& text) {
        const json question = question_json(kiosk, department, text);
        REQUIRE(statuses(post_events(*client, token, upload_body({question}))) == "stored");
        return public_id_of(question);
    }
};

std::vector<const FeedEntry*> questions_of(const FeedResponse& feed) {
    std::vector<const FeedEntry*> entries;
    for (const auto& entry : feed.entries)
        if (entry.section == FeedSection::question) entries.push_back(&entry);
    return entries;
}

// The one question entry of a poll, decoded; fails the test when there is not exactly one, or it is a tombstone.
floorsync::questions::View only_question(const FeedResponse& feed) {
    const auto entries = questions_of(feed);
    REQUIRE(entries.size() == 1);
    REQUIRE_FALSE(entries[0]->withdrawn);
    return floorsync::questions::decode_view(entries[0]->json);
}

}  // namespace

TEST_CASE("the central team publishes, answers and dismisses an organisation-wide question; every kiosk follows") {
    Fixture f;
    const std::string id = f.ask(f.north1, "north-1", "", "Komt er een kerstborrel?");
    const auto south_start = f.poll(f.south, "0");
    const auto canteen_start = f.poll(f.canteen, "0");
    CHECK(questions_of(south_start).empty());  // new: on no kiosk

    const auto published = f.central.publish(id);
    CHECK(published.view.state == State::published);
    const auto south_published = f.poll(f.south, south_start.next_cursor);
    const auto view = only_question(south_published);
    CHECK(view.id == id);
    CHECK(view.state == State::published);
    CHECK(view.department.empty());
    CHECK(view.revision == published.view.revision);
    CHECK(only_question(f.poll(f.canteen, canteen_start.next_cursor)).state == State::published);

    const auto answered = f.central.answer(id, "Ja, op 19 december in de kantine.");
    CHECK(answered.view.revision > published.view.revision);  // the next content revision
    const auto south_answered = f.poll(f.south, south_published.next_cursor);
    const auto answer = only_question(south_answered);
    CHECK(answer.state == State::answered);
    CHECK(answer.answer == "Ja, op 19 december in de kantine.");
    CHECK(answer.answer_by == "Central team");
    CHECK_FALSE(answer.answered_day.empty());
    CHECK(only_question(f.poll(f.north2, "0")).state == State::answered);  // a first poll of another department

    // Dismissed: no longer public, so the kiosks that showed it get a tombstone.
    CHECK(f.central.dismiss(id).view.state == State::dismissed);
    const auto south_dismissed_poll = f.poll(f.south, south_answered.next_cursor);
    const auto south_dismissed = questions_of(south_dismissed_poll);
    REQUIRE(south_dismissed.size() == 1);
    CHECK(south_dismissed[0]->withdrawn);
    CHECK(south_dismissed[0]->id == id);

    // Each action is kept as an ambassador's would be: a fresh UUIDv7 event id, the marker, no kiosk, the time.
    const auto actions = f.table->actions();
    REQUIRE(actions.size() == 3);
    for (const QuestionActionRecord& action : actions) {
        CHECK(floorsync::is_uuid(action.event_id));
        CHECK(action.question == id);
        CHECK(action.ambassador == floorsync::collector::kCentralTeamActor);
        CHECK(action.kiosk_id.empty());
        CHECK(action.created_at == kCentralTime);
        CHECK(action.by == "Central team");
    }
    CHECK(actions[0].event_id != actions[1].event_id);
    CHECK(std::count_if(actions.begin(), actions.end(), [](const QuestionActionRecord& a) {
              return a.action == "answer" && a.text == "Ja, op 19 december in de kantine.";
          }) == 1);
}

TEST_CASE("the central team answers a question of a department without an ambassador; only its kiosks get it") {
    Fixture f;
    const std::string id = f.ask(f.canteen, "canteen-1", "Canteen", "Komt er weer soep op vrijdag?");
    const auto canteen_start = f.poll(f.canteen, "0");
    CHECK(only_question(canteen_start).state == State::open);
    std::string south_bodies;
    const auto south_start = f.poll(f.south, "0", &south_bodies);

    const auto answered = f.central.answer(id, "Vanaf volgende week weer.", "Facilitair");
    CHECK(answered.view.state == State::answered);
    const auto canteen_after = only_question(f.poll(f.canteen, canteen_start.next_cursor));
    CHECK(canteen_after.state == State::answered);
    CHECK(canteen_after.answer == "Vanaf volgende week weer.");
    CHECK(canteen_after.answer_by == "Facilitair");
    CHECK(canteen_after.department == "Canteen");

    const auto south_after = f.poll(f.south, south_start.next_cursor, &south_bodies);
    CHECK(south_after.entries.empty());  // another department's question: not even a tombstone
    CHECK(south_bodies.find(id) == std::string::npos);

    // Published, then dismissed: the department's kiosk gets each state (the ambassador view shows them all).
    CHECK(f.central.publish(id).view.state == State::answered);  // answered in public stays answered
    CHECK(f.central.dismiss(id).view.state == State::dismissed);
    CHECK(only_question(f.poll(f.canteen, canteen_start.next_cursor)).state == State::dismissed);
}

TEST_CASE("central team and ambassadors: the latest action wins by time, in whatever order they are stored") {
    Fixture f;
    const std::string id = f.ask(f.north1, "north-1", "Assembly", "Wanneer komt de nieuwe planning?");
    f.central.answer(id, "Vrijdag, van het centrale team.");

    // Anna's answer made earlier than the central team's (a kiosk that was offline): stored, but not the current one.
    REQUIRE(statuses(post_events(*f.client, f.north2,
                                 upload_body({moderation_json("north-2", f.anna, id, "answer", "Donderdag.",
                                                              kEarlier)}))) == "stored");
    auto stored = stored_question(f.db, id);
    REQUIRE(stored);
    CHECK(stored->view.answer == "Vrijdag, van het centrale team.");
    CHECK(stored->view.answer_by == "Central team");
    CHECK(stored->first_answer_at == kEarlier);

    // Anna's later answer replaces it, on every kiosk of the department.
    REQUIRE(statuses(post_events(*f.client, f.north2,
                                 upload_body({moderation_json("north-2", f.anna, id, "answer", "Maandag.", kLater)}))) ==
            "stored");
    stored = stored_question(f.db, id);
    REQUIRE(stored);
    CHECK(stored->view.state == State::answered);
    CHECK(stored->view.answer == "Maandag.");
    CHECK(stored->view.answer_by == "Anna");
    CHECK(only_question(f.poll(f.north1, "0")).answer == "Maandag.");
    CHECK(f.table->actions().size() == 3);  // all answers are kept
}

TEST_CASE("central team actions: unknown ids and bad texts or names are refused, and nothing is written") {
    Fixture f;
    const std::string id = f.ask(f.north1, "north-1", "", "Waarom is de parkeerplaats dicht?");
    const auto before = stored_question(f.db, id);
    REQUIRE(before);

    CHECK_THROWS_WITH_AS(f.central.publish(std::string(32, '0')),
                         doctest::Contains("no question with id '00000000000000000000000000000000'"),
                         CentralQuestionError);
    CHECK_THROWS_AS(f.central.dismiss("not-a-question-id"), CentralQuestionError);
    CHECK_THROWS_AS(f.central.answer(std::string(32, 'f'), "Een antwoord."), CentralQuestionError);
    CHECK_THROWS_WITH_AS(f.central.answer(id, "   "), doctest::Contains("--text"), CentralQuestionError);
    CHECK_THROWS_WITH_AS(f.central.answer(id, "Dicht wegens \u202Ewerk"), doctest::Contains("U+202E"),
                         CentralQuestionError);
    CHECK_THROWS_WITH_AS(f.central.answer(id, std::string(1001, 'x')), doctest::Contains("--text"),
                         CentralQuestionError);
    CHECK_THROWS_WITH_AS(f.central.answer(id, "Wegens werk.", ""), doctest::Contains("--by"), CentralQuestionError);

    CHECK(f.table->actions().empty());
    CHECK(stored_question(f.db, id) == before);
}

TEST_CASE("central team question listing filters by department (\"\" : organisation-wide) and state") {
    Fixture f;
    const std::string everyone = f.ask(f.north1, "north-1", "", "Komt er een kerstborrel?");
    const std::string assembly = f.ask(f.north1, "north-1", "Assembly", "Hoe laat begint de ploeg?");
    f.central.publish(assembly);

    const auto ids = [](const std::vector<floorsync::collector::QuestionRecord>& records) {
        std::vector<std::string> found;
        for (const auto& record : records) found.push_back(record.view.id);
        return found;
    };
    auto all = ids(f.central.list({}));
    std::sort(all.begin(), all.end());  // asked within one millisecond they may come in either order
    std::vector<std::string> both{everyone, assembly};
    std::sort(both.begin(), both.end());
    CHECK(all == both);
    CHECK(ids(f.central.list({std::string(), std::nullopt})) == std::vector<std::string>{everyone});
    CHECK(ids(f.central.list({std::string("Assembly"), std::nullopt})) == std::vector<std::string>{assembly});
    CHECK(ids(f.central.list({std::nullopt, State::published})) == std::vector<std::string>{assembly});
    CHECK(ids(f.central.list({std::string(), State::published})).empty());
}

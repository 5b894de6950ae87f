// The questions of the content snapshot: the feed's, with this kiosk's own questions, ambassador actions and votes
// from the outbox on top until the feed reflects them; the engine publishing them as soon as they are committed.
#include "sync/content_snapshot_builder.hpp"
#include "sync/question_overlay.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"
#include "sync/store.hpp"
#include "sync/sync_engine.hpp"
#include "sync_test_support.hpp"

#include "common/sample_questions.hpp"

#include <doctest/doctest.h>

using namespace floorsync;
using namespace sync_test;
using namespace std::chrono_literals;
namespace act = floorsync::events::moderation_action;

namespace {

const std::string kPin = "135791";

Event own_event(const std::string& type, std::string payload, std::string created_at = utc_now_rfc3339()) {
    Event event;
    event.id = new_uuid_v7();
    event.type = type;
    event.created_at = std::move(created_at);
    event.kiosk_id = "kiosk-a1";
    event.department = "warehouse";
    event.language = "nl";
    event.payload = std::move(payload);
    return event;
}

Event asked(const std::string& text, const std::string& pickup_code = "") {
    events::Question question{text, "", ""};
    if (!pickup_code.empty()) {
        const auto keys = pickup::derive(pickup_code);
        question.pickup_id = keys.id;
        question.pickup_key = keys.public_key;
    }
    return own_event(event_type::question, events::encode(question));
}

// An action as the ambassador screens record it: signed with the MAC key the PIN derives.
Event moderated(const std::string& question, const std::string& action, const std::string& text,
                const ambassador::Credential& by, const std::string& created_at = utc_now_rfc3339()) {
    Event event = own_event(event_type::question_moderation, "{}", created_at);
    const auto key = ambassador::mac_key(ambassador::derive_pin_key(kPin, by.salt, by.params), by.id);
    const std::string proof =
        ambassador::sign(key, {event.kiosk_id, event.id, event.created_at, question, action, text, by.id});
    event.payload = events::encode(events::QuestionModeration{question, action, text, by.id, proof});
    return event;
}

Event voted(const std::string& question) {
    return own_event(event_type::question_vote, events::encode(events::QuestionVote{question}));
}

StoredEvent stored(Event event, EventState state = EventState::pending, std::string sent_at = "") {
    static std::int64_t seq = 0;
    StoredEvent s;
    s.seq = ++seq;
    s.event = std::move(event);
    s.state = state;
    s.sent_at = std::move(sent_at);
    return s;
}

const questions::View* find(const std::vector<questions::View>& views, const std::string& id) {
    for (const auto& view : views)
        if (view.id == id) return &view;
    return nullptr;
}

}  // namespace

TEST_CASE("snapshot: an own question not in the feed yet shows as new, with its local day and pickup fields") {
    const auto feed = std::vector<questions::View>{kiosk_test::make_question(1, "warehouse", "Uit de feed")};
    Event question = asked("Waarom beginnen we om zes uur?", "K7PX4MQ2");
    question.created_at = "2026-12-01T12:00:00.000Z";
    const auto shown = with_own_events(feed, {stored(question)}, "", {});
    REQUIRE(shown.size() == 2);
    CHECK(shown[0] == feed[0]);
    const questions::View& own = shown[1];
    CHECK(own.id == questions::public_id(question.id));
    CHECK(own.state == questions::State::open);
    CHECK(own.department == "warehouse");
    CHECK(own.day == local_day("2026-12-01T12:00:00.000Z"));
    CHECK(own.day.size() == 10);
    CHECK(own.text == "Waarom beginnen we om zes uur?");
    CHECK(own.pickup_id == pickup::derive("K7PX4MQ2").id);
    CHECK(own.pickup_key == pickup::derive("K7PX4MQ2").public_key);
    CHECK(own.votes == 0);
}

TEST_CASE("snapshot: an own question shows until the feed reflects it, once; refused ones never") {
    const Event question = asked("Komt er een nieuwe planning?");
    const std::string id = questions::public_id(question.id);
    const std::string synced = "2026-12-01T10:00:00.000Z";

    SUBCASE("sent, but confirmed after the last complete feed poll started: still shown") {
        const auto shown =
            with_own_events({}, {stored(question, EventState::sent, "2026-12-01T10:00:00.500Z")}, synced, {});
        CHECK(find(shown, id));
    }
    SUBCASE("sent before the last complete poll started, and not in the feed: not shown (no longer for this kiosk)") {
        const auto shown =
            with_own_events({}, {stored(question, EventState::sent, "2026-12-01T09:59:59.000Z")}, synced, {});
        CHECK(shown.empty());
    }
    SUBCASE("in the feed already: the feed's copy, once") {
        questions::View from_feed = kiosk_test::make_question(1, "warehouse", "Komt er een nieuwe planning?");
        from_feed.id = id;
        from_feed.votes = 3;
        const auto shown = with_own_events({from_feed}, {stored(question)}, synced, {});
        CHECK(shown == std::vector<questions::View>{from_feed});
    }
    SUBCASE("quarantined: the collector refused it") {
        CHECK(with_own_events({}, {stored(question, EventState::quarantined)}, synced, {}).empty());
    }
}

TEST_CASE("snapshot: own actions fold onto the feed's state, signed with the ambassador's name") {
    const auto anna = kiosk_test::make_credential(1, "Anna", "warehouse", kPin);
    const auto open_question = kiosk_test::make_question(1, "warehouse", "Waarom zo vroeg?");
    const std::string id = open_question.id;

    SUBCASE("answer on a new question") {
        Event answer = moderated(id, act::answer, "Vanwege de vrachtwagens.", anna, "2026-12-02T09:00:00.000Z");
        const auto shown = with_own_events({open_question}, {stored(answer)}, "", {anna});
        REQUIRE(shown.size() == 1);
        CHECK(shown[0].state == questions::State::answered);
        CHECK(shown[0].answer == "Vanwege de vrachtwagens.");
        CHECK(shown[0].answer_by == "Anna");
        CHECK(shown[0].answered_day == local_day("2026-12-02T09:00:00.000Z"));
        CHECK(shown[0].text == open_question.text);
    }
    SUBCASE("publish, then an edited answer: the later one wins") {
        const auto shown = with_own_events(
            {open_question},
            {stored(moderated(id, act::publish, "", anna, "2026-12-02T09:00:00.000Z")),
             stored(moderated(id, act::answer, "Tweede versie", anna, "2026-12-02T09:05:00.000Z")),
             stored(moderated(id, act::answer, "Eerste versie", anna, "2026-12-02T09:01:00.000Z"))},
            "", {anna});
        CHECK(shown[0].state == questions::State::answered);
        CHECK(shown[0].answer == "Tweede versie");
    }
    SUBCASE("the feed's answer stays when the question is published again; a dismissal hides it") {
        const auto answered = kiosk_test::answered(open_question, "Al beantwoord", "Bo");
        const auto republished =
            with_own_events({answered}, {stored(moderated(id, act::publish, "", anna))}, "", {anna});
        CHECK(republished[0] == answered);
        const auto dismissed = with_own_events({answered}, {stored(moderated(id, act::dismiss, "", anna))}, "", {anna});
        CHECK(dismissed[0].state == questions::State::dismissed);
        CHECK(dismissed[0].answer_by == "Bo");
    }
    SUBCASE("a private answer undoes a dismissal in the feed, for ambassadors") {
        questions::View with_code = open_question;
        kiosk_test::with_pickup(with_code, "K7PX4MQ2");
        with_code.state = questions::State::dismissed;
        const std::string sealed = pickup::seal("Alleen voor jou", with_code.pickup_key);
        const auto shown = with_own_events({with_code}, {stored(moderated(id, act::answer_private, sealed, anna))}, "",
                                           {anna});
        CHECK(shown[0].state == questions::State::answered_privately);
        CHECK(shown[0].answer_sealed == sealed);
        CHECK(pickup::open(shown[0].answer_sealed, pickup::derive("K7PX4MQ2")) == "Alleen voor jou");
    }
    SUBCASE("an ambassador no longer in the credentials answers as \"\"; an action on an unknown question is ignored") {
        const auto shown = with_own_events(
            {open_question},
            {stored(moderated(id, act::answer, "Antwoord", anna)),
             stored(moderated(questions::public_id("elsewhere"), act::dismiss, "", anna))},
            "", {});
        REQUIRE(shown.size() == 1);
        CHECK(shown[0].answer == "Antwoord");
        CHECK(shown[0].answer_by.empty());
    }
    SUBCASE("an action the feed reflects already is not applied again") {
        const auto later = kiosk_test::answered(open_question, "Latere van Bo", "Bo");
        const auto shown = with_own_events(
            {later},
            {stored(moderated(id, act::answer, "Oud", anna), EventState::sent, "2026-12-01T09:00:00.000Z")},
            "2026-12-01T10:00:00.000Z", {anna});
        CHECK(shown[0] == later);
    }
}

TEST_CASE("snapshot: each own vote adds one until the feed reflects it, also on an own question") {
    const auto feed_question =
        kiosk_test::make_question(1, "warehouse", "Meer parkeerplaatsen?", questions::State::published, 4);
    const Event own_question = asked("Kantine open op zaterdag?");
    const std::string own_id = questions::public_id(own_question.id);
    const std::string synced = "2026-12-01T10:00:00.000Z";
    const auto shown = with_own_events(
        {feed_question},
        {stored(own_question), stored(voted(feed_question.id)), stored(voted(feed_question.id)),
         stored(voted(feed_question.id), EventState::sent, "2026-12-01T09:00:00.000Z"),  // in the feed's 4
         stored(voted(feed_question.id), EventState::sent, "2026-12-01T10:00:01.000Z"),
         stored(voted(own_id))},
        synced, {});
    CHECK(find(shown, feed_question.id)->votes == 7);
    CHECK(find(shown, own_id)->votes == 1);
}

TEST_CASE("snapshot: the builder re-reads the cache only when the cursor moved, and says when nothing changed") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    const auto anna = kiosk_test::make_credential(1, "Anna", "warehouse", kPin);
    const auto question = kiosk_test::make_question(1, "warehouse", "Vraag uit de feed");
    FeedPage page;
    page.next_cursor = "3";
    page.question_upserts = {question};
    page.ambassador_upserts = {anna};
    REQUIRE(store.apply_feed_page(page).applied);

    ContentSnapshotBuilder builder;
    const auto first = builder.refresh(store);
    REQUIRE(first);
    CHECK(first->questions == std::vector<questions::View>{question});
    CHECK(first->ambassadors == std::vector<ambassador::Credential>{anna});
    CHECK_FALSE(builder.refresh(store));  // nothing moved

    store.append(own_event(event_type::rating, R"({"score":4,"suspect":false})"));
    CHECK_FALSE(builder.refresh(store));  // a rating does not change what the snapshot shows

    store.append(moderated(question.id, act::publish, "", anna));
    const auto published = builder.refresh(store);
    REQUIRE(published);
    CHECK(published->questions.at(0).state == questions::State::published);

    // The feed brings the action back: its state from the feed, the own event reflected once the poll completes.
    FeedPage reflected;
    reflected.from_cursor = "3";
    reflected.next_cursor = "4";
    auto now_published = question;
    now_published.state = questions::State::published;
    now_published.revision = 4;
    reflected.question_upserts = {now_published};
    REQUIRE(store.apply_feed_page(reflected).applied);
    const auto after_feed = builder.refresh(store);
    REQUIRE(after_feed);
    CHECK(after_feed->questions == std::vector<questions::View>{now_published});
}

TEST_CASE("snapshot: the engine publishes an own question and an ambassador's action as soon as they are announced") {
    TempDir dir;
    const std::string kiosk_db = dir.file("kiosk.db");
    const auto anna = kiosk_test::make_credential(1, "Anna", "warehouse", kPin);
    const auto feed_question = kiosk_test::make_question(1, "warehouse", "Vraag uit de feed");
    {
        Store store(kiosk_db);
        FeedPage page;
        page.next_cursor = "2";
        page.question_upserts = {feed_question};
        page.ambassador_upserts = {anna};
        REQUIRE(store.apply_feed_page(page).applied);
    }
    // No collector: everything below happens offline, as on a kiosk without network.
    SyncEngine engine(kiosk_db, SyncSettings{}, {});
    REQUIRE(eventually([&] { return engine.content()->version >= 1; }, 10s));
    CHECK(engine.content()->questions == std::vector<questions::View>{feed_question});
    CHECK(engine.content()->ambassadors == std::vector<ambassador::Credential>{anna});
    const std::uint64_t before = engine.content()->version;

    Store recorder_side(kiosk_db);
    const Event question = asked("Nieuwe vraag van deze kiosk");
    recorder_side.append(question);
    recorder_side.append(moderated(feed_question.id, act::answer, "Zo zit het.", anna));
    recorder_side.append(voted(feed_question.id));
    engine.notify_new_events();
    REQUIRE(eventually([&] { return engine.content()->questions.size() == 2; }, 10s));
    const auto snapshot = engine.content();
    CHECK(snapshot->version > before);
    const questions::View* answered = find(snapshot->questions, feed_question.id);
    REQUIRE(answered);
    CHECK(answered->state == questions::State::answered);
    CHECK(answered->answer == "Zo zit het.");
    CHECK(answered->answer_by == "Anna");
    CHECK(answered->votes == 1);
    const questions::View* own = find(snapshot->questions, questions::public_id(question.id));
    REQUIRE(own);
    CHECK(own->state == questions::State::open);
    CHECK(own->text == "Nieuwe vraag van deze kiosk");
}

// The store's cache of the feed's questions and ambassador credentials (schema v4): the migration from v3, pages
// applied all or nothing with the content and the cursor, tombstones, unreadable rows, feed_synced_at, lockouts
// and the snapshot inputs.
#include "old_schemas.hpp"
#include "store_test_support.hpp"

#include "sync/shared/event_types.hpp"
#include "sync/sqlite.hpp"
#include "sync/store.hpp"

#include "common/sample_questions.hpp"

using namespace floorsync;
using store_test::TempDir;
using store_test::make_event;

namespace {


content::Item make_item(const std::string& title, std::int64_t revision) {
    content::Item item;
    item.id = new_uuid_v4();
    item.kind = content::Kind::announcement;
    item.default_language = "nl";
    item.translations["nl"] = {title, "", ""};
    item.revision = revision;
    item.updated_at = "2026-03-01T10:00:00.000Z";
    return item;
}

// A page of questions and credentials only.
FeedPage question_page(std::string from, std::string next, std::vector<questions::View> questions,
                       std::vector<ambassador::Credential> ambassadors = {},
                       std::vector<std::string> question_removals = {},
                       std::vector<std::string> ambassador_removals = {}) {
    FeedPage page;
    page.from_cursor = std::move(from);
    page.next_cursor = std::move(next);
    page.question_upserts = std::move(questions);
    page.ambassador_upserts = std::move(ambassadors);
    page.question_removals = std::move(question_removals);
    page.ambassador_removals = std::move(ambassador_removals);
    return page;
}

std::int64_t rows_in(const std::string& path, const std::string& table) {
    sqlite::Database db(path, sqlite::open_readonly);
    return db.query_int64("SELECT count(*) FROM " + table);
}

}  // namespace

TEST_CASE("questions: a version 3 database is migrated to v4, keeping events and counters, and reads the feed again") {
    TempDir dir;
    const std::string path = dir.file("v3.db");
    const content::Item cached = make_item("Al in de cache", 5);
    std::vector<Event> events;
    {
        sqlite::Database old(path);
        old.exec("PRAGMA journal_mode = WAL");
        old.exec(store_test::kVersion3Ddl);
        sqlite::Statement insert(old, "INSERT INTO events (id, type, created_at, kiosk_id, department, language, "
                                      "payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        for (int i = 0; i < 5; ++i) {
            const Event event = i == 4 ? make_event(event_type::question, R"({"text":"Waarom?"})") : make_event();
            insert.reset();
            insert.bind(1, event.id).bind(2, event.type).bind(3, event.created_at).bind(4, event.kiosk_id);
            insert.bind(5, event.department).bind(6, event.language).bind(7, event.payload);
            insert.run();
            events.push_back(event);
        }
        old.exec("UPDATE events SET state = 1, sent_at = '2026-01-02T03:04:05.000Z' WHERE seq = 1");
        sqlite::Statement content(old, "INSERT INTO content (id, revision, kind, document) VALUES (?1, ?2, ?3, ?4)");
        content.bind(1, cached.id).bind(2, cached.revision).bind(3, "announcement").bind(4, content::encode(cached));
        content.run();
        old.exec("INSERT INTO meta (key, value) VALUES ('feed_cursor', '5'), ('feed_etag', '\"feed-5\"')");
    }

    Store store(path);
    CHECK(store.connection_settings().schema_version == 4);
    CHECK(store.counts().pending == 4);
    CHECK(store.counts().sent == 1);
    const auto pending = store.pending_batch(100, 1 << 20);
    REQUIRE(pending.size() == 4);
    for (std::size_t i = 0; i < pending.size(); ++i) CHECK(pending[i].event == events[i + 1]);
    // A collector upgraded first put questions and credentials under revisions this kiosk's cursor passed: the feed
    // is read from the start again, content included (a poll from the start sends no tombstones).
    CHECK(store.content_items().empty());
    CHECK(store.feed_cursor().empty());
    CHECK(store.feed_etag().empty());
    CHECK(store.cached_questions().empty());
    CHECK(store.cached_ambassadors().empty());
    CHECK(store.lockout(LockKind::pin) == Lockout{});
    CHECK(store.integrity_ok());

    // The question asked before the upgrade is found through the new index.
    const SnapshotInputs inputs = store.snapshot_inputs();
    REQUIRE(inputs.own_question_events.size() == 1);
    CHECK(inputs.own_question_events[0].event == events[4]);
    sqlite::Database check(path, sqlite::open_readonly);
    CHECK(check.query_int64("SELECT count(*) FROM sqlite_schema WHERE name = 'events_own_questions'") == 1);

    // The migrated file takes questions and credentials as a new one does.
    const auto credential = kiosk_test::make_credential(1, "Anna", "warehouse", "135791");
    CHECK(store.apply_feed_page(question_page("", "6", {kiosk_test::make_question(1, "warehouse", "Wanneer?")},
                                              {credential}))
              .applied);
    CHECK(store.cached_questions().size() == 1);
    CHECK(store.cached_ambassadors() == std::vector<ambassador::Credential>{credential});
}

TEST_CASE("questions: a page writes questions, credentials and items together with the cursor; tombstones delete") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Store store(path);
    const auto open_question = kiosk_test::make_question(1, "warehouse", "Waarom zo vroeg?");
    const auto answered =
        kiosk_test::answered(kiosk_test::make_question(2, "warehouse", "Komt er koffie?"), "Ja", "Bo");
    const auto anna = kiosk_test::make_credential(1, "Anna", "warehouse", "135791");
    const auto bo = kiosk_test::make_credential(2, "Bo", "warehouse", "246802");
    FeedPage first = question_page("", "4", {open_question, answered}, {anna, bo});
    first.upserts = {make_item("Nieuws", 3)};
    first.etag = "\"feed-4\"";
    const FeedPageApplied applied = store.apply_feed_page(first);
    CHECK(applied.applied);
    CHECK(applied.items_changed == 1);
    CHECK(applied.questions_changed == 2);
    CHECK(applied.ambassadors_changed == 2);
    // Oldest revision first, decoded back to what was given.
    CHECK(store.cached_questions() == std::vector<questions::View>{open_question, answered});
    CHECK(store.cached_ambassadors() == std::vector<ambassador::Credential>{anna, bo});
    CHECK(store.feed_cursor() == "4");

    // The same page again changes nothing; an edit replaces; a tombstone deletes (an unknown id is no error).
    CHECK(store.apply_feed_page(question_page("4", "4", {open_question, answered}, {anna, bo})).questions_changed == 0);
    auto published = open_question;
    published.state = questions::State::published;
    published.revision = 3000;
    const FeedPageApplied second = store.apply_feed_page(
        question_page("4", "9", {published}, {}, {answered.id, questions::public_id("unknown")}, {bo.id}));
    CHECK(second.questions_changed == 2);
    CHECK(second.ambassadors_changed == 1);
    CHECK(store.cached_questions() == std::vector<questions::View>{published});
    CHECK(store.cached_ambassadors() == std::vector<ambassador::Credential>{anna});
    CHECK(rows_in(path, "questions") == 1);
    CHECK(rows_in(path, "ambassadors") == 1);

    // Survives a reopen.
    Store reopened(path);
    CHECK(reopened.cached_questions() == std::vector<questions::View>{published});
    CHECK(reopened.cached_ambassadors() == std::vector<ambassador::Credential>{anna});
}

TEST_CASE("questions: a page that fails half-way, or holds a question the rules refuse, changes nothing") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Store store(path);
    const auto first = kiosk_test::make_question(1, "warehouse", "Eerste vraag");
    REQUIRE(store.apply_feed_page(question_page("", "1", {first})).applied);

    const auto second = kiosk_test::make_question(2, "warehouse", "Tweede vraag");
    const auto anna = kiosk_test::make_credential(1, "Anna", "warehouse", "135791");
    {
        sqlite::Database other(path);
        other.exec("CREATE TRIGGER refuse_credentials BEFORE INSERT ON ambassadors "
                   "BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    }
    FeedPage page = question_page("1", "3", {second}, {anna}, {first.id});
    page.upserts = {make_item("Nieuws", 2)};
    CHECK_THROWS_AS(store.apply_feed_page(page), StoreError);
    CHECK(store.cached_questions() == std::vector<questions::View>{first});
    CHECK(store.content_items().empty());
    CHECK(store.feed_cursor() == "1");

    auto bad = second;
    bad.day = "gisteren";
    CHECK_THROWS_AS(store.apply_feed_page(question_page("1", "3", {bad})), questions::QuestionError);
    auto nameless = anna;
    nameless.name = "";
    CHECK_THROWS_AS(store.apply_feed_page(question_page("1", "3", {}, {nameless})), ambassador::CredentialError);
    CHECK(store.cached_questions() == std::vector<questions::View>{first});
    CHECK(store.feed_cursor() == "1");
}

TEST_CASE("questions: a cached row that no longer decodes is skipped and deleted") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Store store(path);
    const auto good = kiosk_test::make_question(1, "warehouse", "Goede vraag");
    const auto anna = kiosk_test::make_credential(1, "Anna", "warehouse", "135791");
    REQUIRE(store.apply_feed_page(question_page("", "1", {good}, {anna})).applied);
    {
        sqlite::Database other(path);
        other.exec("INSERT INTO questions (id, revision, department, document) VALUES ('x', 5, 'warehouse', '{no')");
        other.exec("INSERT INTO ambassadors (id, revision, department, document) "
                   "VALUES ('y', 5, 'warehouse', '{\"id\": \"y\"}')");
    }
    CHECK(store.cached_questions() == std::vector<questions::View>{good});
    CHECK(store.cached_ambassadors() == std::vector<ambassador::Credential>{anna});
    CHECK(rows_in(path, "questions") == 1);
    CHECK(rows_in(path, "ambassadors") == 1);
}

TEST_CASE("questions: feed_synced_at comes with the last page of a poll or a 304, and never moves back") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    CHECK(store.feed_synced_at().empty());
    FeedPage page = question_page("", "1", {});
    page.synced_at = "2026-12-01T10:00:00.000Z";
    REQUIRE(store.apply_feed_page(page).applied);
    CHECK(store.feed_synced_at() == "2026-12-01T10:00:00.000Z");

    FeedPage more_follows = question_page("1", "2", {});  // no synced_at: a page with more to follow
    REQUIRE(store.apply_feed_page(more_follows).applied);
    CHECK(store.feed_synced_at() == "2026-12-01T10:00:00.000Z");

    store.mark_feed_synced("2026-12-01T11:00:00+01:00");  // the same moment: no change
    CHECK(store.feed_synced_at() == "2026-12-01T10:00:00.000Z");
    store.mark_feed_synced("2026-12-01T10:05:00Z");
    CHECK(store.feed_synced_at() == "2026-12-01T10:05:00.000Z");
    store.mark_feed_synced("2026-12-01T09:00:00Z");
    CHECK(store.feed_synced_at() == "2026-12-01T10:05:00.000Z");
    CHECK_THROWS_AS(store.mark_feed_synced("yesterday"), StoreError);
}

TEST_CASE("questions: lockout counts are written, read back after a reopen, and a damaged time reads as locked") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    const SystemTime until = parse_rfc3339("2026-12-01T10:01:00.000Z").value();
    {
        Store store(path);
        CHECK(store.lockout(LockKind::pin) == Lockout{});
        store.write_lockout(LockKind::pin, Lockout{5, until});
        store.write_lockout(LockKind::pickup, Lockout{2, std::nullopt});
    }
    Store store(path);
    CHECK(store.lockout(LockKind::pin) == Lockout{5, until});
    CHECK(store.lockout(LockKind::pickup) == Lockout{2, std::nullopt});
    store.write_lockout(LockKind::pin, Lockout{});
    CHECK(store.lockout(LockKind::pin) == Lockout{});
    {
        sqlite::Database other(path);
        other.exec("UPDATE lockouts SET locked_until = 'soon' WHERE kind = 'pickup'");
        CHECK_THROWS(other.exec("INSERT INTO lockouts (kind, failures) VALUES ('other', 1)"));
    }
    CHECK(store.lockout(LockKind::pickup).locked_until == SystemTime::max());
}

TEST_CASE("questions: snapshot inputs hold the own question events, and the cache only when the cursor moved") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Store store(path);
    const Event question = make_event(event_type::question, R"({"text":"Waarom?"})");
    const Event vote = make_event(event_type::question_vote, R"({"question":"00112233445566778899aabbccddeeff"})");
    const Event refused = make_event(event_type::question, R"({"text":"Geweigerd"})");
    const Event rating = make_event();
    store.append_all({question, rating, vote, refused});
    store.mark_sent({vote.id}, "2026-12-01T10:00:00.000Z");
    store.quarantine(refused.id, "rejected: test");
    const auto anna = kiosk_test::make_credential(1, "Anna", "warehouse", "135791");
    REQUIRE(store.apply_feed_page(question_page("", "7", {kiosk_test::make_question(1, "warehouse", "Vraag")}, {anna}))
                .applied);

    const SnapshotInputs all = store.snapshot_inputs();
    CHECK(all.cache_read);
    CHECK(all.feed_cursor == "7");
    REQUIRE(all.own_question_events.size() == 2);  // not the rating, not the quarantined question
    CHECK(all.own_question_events[0].event == question);
    CHECK(all.own_question_events[0].state == EventState::pending);
    CHECK(all.own_question_events[1].event == vote);
    CHECK(all.own_question_events[1].sent_at == "2026-12-01T10:00:00.000Z");
    CHECK(all.questions.size() == 1);
    CHECK(all.ambassadors == std::vector<ambassador::Credential>{anna});

    const SnapshotInputs known = store.snapshot_inputs(std::string("7"));
    CHECK_FALSE(known.cache_read);
    CHECK(known.questions.empty());
    CHECK(known.own_read);
    CHECK(known.own_question_events.size() == 2);
    CHECK(store.snapshot_inputs(std::string("6")).cache_read);

    // With the mark known, the own events are read again only when it moves.
    const OwnQuestionsMark mark = known.own_mark;
    CHECK(mark.count == 2);
    store.append(make_event());  // a rating: no move
    CHECK_FALSE(store.snapshot_inputs(std::string("7"), mark).own_read);
    store.append(make_event(event_type::question_vote, R"({"question":"00112233445566778899aabbccddeeff"})"));
    const SnapshotInputs appended = store.snapshot_inputs(std::string("7"), mark);
    CHECK(appended.own_read);
    CHECK(appended.own_question_events.size() == 3);

    // A poll that read the feed to its end after the vote was confirmed: the feed reflects it, it is not read.
    store.mark_feed_synced("2026-12-01T10:00:00.001Z");
    const SnapshotInputs synced = store.snapshot_inputs(std::string("7"), appended.own_mark);
    CHECK(synced.own_read);
    REQUIRE(synced.own_question_events.size() == 2);
    CHECK(synced.own_question_events[0].event == question);
    CHECK(synced.own_question_events[1].state == EventState::pending);
    CHECK_FALSE(store.snapshot_inputs(std::string("7"), synced.own_mark).own_read);
}

TEST_CASE("questions: the snapshot inputs hold at most the newest kMaxOwnQuestionEvents own events, oldest first") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    std::vector<Event> asked;
    for (std::size_t i = 0; i < Store::kMaxOwnQuestionEvents + 5; ++i)
        asked.push_back(make_event(event_type::question, R"({"text":"Vraag )" + std::to_string(i) + R"("})"));
    store.append_all(asked);
    const SnapshotInputs inputs = store.snapshot_inputs();
    REQUIRE(inputs.own_question_events.size() == Store::kMaxOwnQuestionEvents);
    CHECK(inputs.own_question_events.front().event == asked[5]);
    CHECK(inputs.own_question_events.back().event == asked.back());
    CHECK(inputs.own_mark.count == static_cast<std::int64_t>(asked.size()));
}

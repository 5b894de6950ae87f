// The store's content cache: migration to schema v3, feed pages applied all or nothing, restarts, unreadable rows.
#include "old_schemas.hpp"
#include "store_test_support.hpp"

#include "sync/shared/clock.hpp"
#include "sync/sqlite.hpp"
#include "sync/store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

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

std::vector<std::string> ids_of(const std::vector<content::Item>& items) {
    std::vector<std::string> ids;
    for (const content::Item& item : items) ids.push_back(item.id);
    return ids;
}

std::int64_t content_rows(const std::string& path) {
    sqlite::Database db(path, sqlite::open_readonly);
    return db.query_int64("SELECT count(*) FROM content");
}

}  // namespace

TEST_CASE("content: a version 2 database is migrated to the current schema, keeping every outbox event, counter and setting") {
    TempDir dir;
    const std::string path = dir.file("v2.db");
    std::vector<Event> events;
    {
        sqlite::Database old(path);
        old.exec("PRAGMA journal_mode = WAL");
        old.exec(store_test::kVersion2Ddl);
        sqlite::Statement insert(old, "INSERT INTO events (id, type, created_at, kiosk_id, department, language, "
                                      "payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        for (int i = 0; i < 6; ++i) {
            const Event event = make_event();
            insert.reset();
            insert.bind(1, event.id).bind(2, event.type).bind(3, event.created_at).bind(4, event.kiosk_id);
            insert.bind(5, event.department).bind(6, event.language).bind(7, event.payload);
            insert.run();
            events.push_back(event);
        }
        old.exec("UPDATE events SET state = 1, sent_at = '2026-01-02T03:04:05.000Z' WHERE seq <= 2");
        old.exec("INSERT INTO meta (key, value) VALUES ('sync.last_result', '{}')");
        REQUIRE(old.query_int64("SELECT count(*) FROM sqlite_schema WHERE name = 'content'") == 0);
    }

    Store store(path);
    CHECK(store.connection_settings().schema_version == Store::kSchemaVersion);
    const OutboxCounts counts = store.counts();
    CHECK(counts.pending == 4);
    CHECK(counts.sent == 2);
    const auto pending = store.pending_batch(100, 1 << 20);
    REQUIRE(pending.size() == 4);
    for (std::size_t i = 0; i < pending.size(); ++i) CHECK(pending[i].event == events[i + 2]);
    CHECK(store.meta("sync.last_result") == "{}");
    CHECK(store.content_items().empty());
    CHECK(store.feed_cursor().empty());
    CHECK(store.feed_etag().empty());
    CHECK(content_rows(path) == 0);
    CHECK(store.integrity_ok());

    // The migrated file takes events and content as a new one does.
    store.append(make_event());
    CHECK(store.counts().pending == 5);
    CHECK(store.apply_feed_page({"", {make_item("Eerste", 1)}, {}, "1", "\"feed-1\""}).applied);
    CHECK(store.content_items().size() == 1);
}

TEST_CASE("content: a page replaces items, deletes removals and sets cursor and ETag together") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    const content::Item a = make_item("A", 1);
    const content::Item b = make_item("B", 2);
    const FeedPageApplied first = store.apply_feed_page({"", {a, b}, {}, "2", "\"feed-2\""});
    CHECK(first.applied);
    CHECK(first.items_changed == 2);
    CHECK(store.content_items() == std::vector<content::Item>{a, b});
    CHECK(store.feed_cursor() == "2");
    CHECK(store.feed_etag() == "\"feed-2\"");

    content::Item edited = a;
    edited.translations["nl"].title = "A, aangepast";
    edited.revision = 3;
    const FeedPageApplied second = store.apply_feed_page({"2", {edited}, {b.id}, "4", ""});
    CHECK(second.applied);
    CHECK(second.items_changed == 2);
    CHECK(store.content_items() == std::vector<content::Item>{edited});
    CHECK(store.feed_cursor() == "4");
    CHECK(store.feed_etag().empty());  // a page with more to follow has none

    // The same page again (asked for twice) changes nothing.
    const FeedPageApplied again = store.apply_feed_page({"4", {edited}, {b.id}, "4", "\"feed-4\""});
    CHECK(again.applied);
    CHECK(again.items_changed == 0);
    CHECK(store.feed_etag() == "\"feed-4\"");
}

TEST_CASE("content: a page asked for from a cursor that moved meanwhile is not applied") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Store engine_side(path);
    Store kioskctl_side(path);
    const content::Item a = make_item("A", 1);
    REQUIRE(kioskctl_side.apply_feed_page({"", {a}, {}, "1", "\"feed-1\""}).applied);

    const FeedPageApplied stale = engine_side.apply_feed_page({"", {make_item("oud", 1)}, {a.id}, "1", ""});
    CHECK_FALSE(stale.applied);
    CHECK(stale.items_changed == 0);
    CHECK(engine_side.content_items() == std::vector<content::Item>{a});
    CHECK(engine_side.feed_etag() == "\"feed-1\"");
}

TEST_CASE("content: a page that fails half-way leaves items, cursor and ETag as they were") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Store store(path);
    const content::Item a = make_item("A", 1);
    REQUIRE(store.apply_feed_page({"", {a}, {}, "1", "\"feed-1\""}).applied);

    const content::Item b = make_item("B", 2);
    const content::Item poison = make_item("C", 3);
    {
        // A real SQLite failure in the middle of the page: the third write aborts.
        sqlite::Database other(path);
        other.exec("CREATE TRIGGER refuse_poison BEFORE INSERT ON content WHEN NEW.id = '" + poison.id +
                   "' BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    }
    CHECK_THROWS_AS(store.apply_feed_page({"1", {b, poison}, {a.id}, "3", "\"feed-3\""}), StoreError);
    CHECK(store.content_items() == std::vector<content::Item>{a});
    CHECK(store.feed_cursor() == "1");
    CHECK(store.feed_etag() == "\"feed-1\"");

    // An item the content rules refuse is refused before anything is written.
    content::Item untitled = make_item("", 4);
    CHECK_THROWS_AS(store.apply_feed_page({"1", {b, untitled}, {a.id}, "4", ""}), content::ContentError);
    CHECK(store.content_items() == std::vector<content::Item>{a});
    CHECK(store.feed_cursor() == "1");

    {
        sqlite::Database other(path);
        other.exec("DROP TRIGGER refuse_poison");
    }
    CHECK(store.apply_feed_page({"1", {b, poison}, {a.id}, "3", "\"feed-3\""}).applied);
    CHECK(ids_of(store.content_items()) == std::vector<std::string>{b.id, poison.id});
}

TEST_CASE("content: cached items, cursor and ETag survive closing and reopening the store") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    content::Item milestone = make_item("Go-live", 7);
    milestone.kind = content::Kind::milestone;
    milestone.at = "2030-06-01T06:00:00Z";
    milestone.go_live = true;
    milestone.audience = {"IT", "Sales"};
    milestone.translations["en"] = {"Go-live", "The new system starts", ""};
    const content::Item news = make_item("Nieuws", 8);
    {
        Store store(path);
        REQUIRE(store.apply_feed_page({"", {milestone, news}, {}, "8", "\"feed-8\""}).applied);
        store.append(make_event());
    }
    Store reopened(path);
    CHECK(reopened.content_items() == std::vector<content::Item>{milestone, news});
    CHECK(reopened.feed_cursor() == "8");
    CHECK(reopened.feed_etag() == "\"feed-8\"");
    CHECK(reopened.counts().pending == 1);
}

TEST_CASE("content: a row that no longer decodes is skipped and deleted; the others stay") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Store store(path);
    const content::Item good = make_item("Goed", 1);
    REQUIRE(store.apply_feed_page({"", {good}, {}, "2", ""}).applied);
    const std::string unknown_id = new_uuid_v4();
    const std::string broken_id = new_uuid_v4();
    {
        // As a newer kiosk version (a kind this one does not know) or a damaged write would have left them.
        sqlite::Database other(path);
        sqlite::Statement insert(other, "INSERT INTO content (id, revision, kind, document) VALUES (?1, ?2, ?3, ?4)");
        insert.bind(1, unknown_id).bind(2, 5).bind(3, "poll");
        insert.bind(4, nlohmann::json{{"id", unknown_id}, {"kind", "poll"}, {"revision", 5}}.dump());
        insert.run();
        insert.reset();
        insert.bind(1, broken_id).bind(2, 6).bind(3, "announcement").bind(4, "{not json");
        insert.run();
    }
    REQUIRE(content_rows(path) == 3);
    CHECK(ids_of(store.content_items()) == std::vector<std::string>{good.id});
    CHECK(content_rows(path) == 1);
    CHECK(ids_of(store.content_items()) == std::vector<std::string>{good.id});
}

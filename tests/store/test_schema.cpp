// Store schema tests: pragmas on the connection, migration from schema v1, refusing newer or foreign files.
#include "store_test_support.hpp"

#include "sync/paths.hpp"
#include "sync/sqlite.hpp"
#include "sync/store.hpp"

#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <thread>

using namespace floorsync;
using store_test::TempDir;
using store_test::make_event;

namespace {

// The schema as version 1 of the kiosk created it, frozen here as a shipped file would be.
constexpr const char* kVersion1Ddl = R"sql(
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    department TEXT NOT NULL,
    language TEXT NOT NULL,
    payload TEXT NOT NULL,
    state INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),
    sent_at TEXT,
    quarantine_reason TEXT
);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
PRAGMA user_version = 1;
)sql";

}  // namespace

TEST_CASE("a new store is created with its parent directories, in WAL mode, at the current schema version") {
    TempDir dir;
    const std::string path = dir.file("deep/er/kiosk.db");
    Store store(path);
    CHECK(store.path() == path);
    CHECK(std::filesystem::exists(path));

    sqlite::Database other(path);
    CHECK(other.query_text("PRAGMA journal_mode") == "wal");
    CHECK(other.query_int64("PRAGMA user_version") == Store::kSchemaVersion);
    CHECK(Store::kSchemaVersion == 4);
    CHECK(other.query_int64("SELECT count(*) FROM sqlite_schema WHERE name = 'outbox_counts'") == 1);
    CHECK(other.query_int64("SELECT count(*) FROM sqlite_schema WHERE name = 'events_pending'") == 1);
    CHECK(other.query_int64("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'content'") == 1);
    for (const char* table : {"questions", "ambassadors", "lockouts"})
        CHECK(other.query_int64(std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '") +
                                table + "'") == 1);
}

TEST_CASE("the store's own connection runs with synchronous=FULL, foreign keys and a busy timeout") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    const ConnectionSettings settings = store.connection_settings();
    CHECK(settings.journal_mode == "wal");
    CHECK(settings.synchronous == 2);
    CHECK(settings.foreign_keys);
    CHECK(settings.busy_timeout_ms >= 1000);
    CHECK(settings.schema_version == Store::kSchemaVersion);
}

TEST_CASE("a version 1 database is migrated to the current schema, keeping every row and counting them right") {
    TempDir dir;
    const std::string path = dir.file("old.db");
    std::vector<Event> pending_events;
    {
        sqlite::Database old(path);
        old.exec("PRAGMA journal_mode = WAL");
        old.exec(kVersion1Ddl);
        sqlite::Statement insert(old,
            "INSERT INTO events (id, type, created_at, kiosk_id, department, language, payload, state, sent_at, "
            "quarantine_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        for (int i = 0; i < 10; ++i) {
            const Event event = make_event(event_type::rating, R"({"score":)" + std::to_string(i % 5 + 1) + "}");
            const int state = i < 5 ? 0 : (i < 8 ? 1 : 2);
            insert.reset();
            insert.bind(1, event.id).bind(2, event.type).bind(3, event.created_at).bind(4, event.kiosk_id);
            insert.bind(5, event.department).bind(6, event.language).bind(7, event.payload).bind(8, state);
            state == 1 ? insert.bind(9, "2026-01-02T03:04:05.000Z") : insert.bind_null(9);
            state == 2 ? insert.bind(10, "rejected: bad score") : insert.bind_null(10);
            insert.run();
            if (state == 0) {
                pending_events.push_back(event);
            }
        }
        old.exec("INSERT INTO meta (key, value) VALUES ('feed_cursor', 'abc'), ('settings_note', 'kept')");
        REQUIRE(old.query_int64("PRAGMA user_version") == 1);
    }

    Store store(path);
    CHECK(store.connection_settings().schema_version == Store::kSchemaVersion);
    const OutboxCounts counts = store.counts();
    CHECK(counts.pending == 5);
    CHECK(counts.sent == 3);
    CHECK(counts.quarantined == 2);
    CHECK(store.meta("settings_note") == "kept");
    CHECK_FALSE(store.meta("feed_cursor"));  // v4 reads the feed from the start again

    const auto batch = store.pending_batch(100, 1 << 20);
    REQUIRE(batch.size() == pending_events.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        CHECK(batch[i].event == pending_events[i]);
    }
    CHECK(store.quarantined(10).at(0).quarantine_reason == "rejected: bad score");

    // The counters keep working after the migration, and a reopen does not migrate twice.
    store.append(make_event());
    CHECK(store.counts().pending == 6);
    Store again(path);
    CHECK(again.counts().pending == 6);
    CHECK(store_test::count_rows(path) == 11);
    CHECK(store.integrity_ok());
}

TEST_CASE("a database from a newer version of the program is refused and left untouched") {
    TempDir dir;
    const std::string path = dir.file("future.db");
    {
        Store store(path);
        store.append(make_event());
    }
    {
        sqlite::Database db(path);
        db.exec("PRAGMA user_version = 7");
    }
    const auto size_before = std::filesystem::file_size(path);
    try {
        Store store(path);
        FAIL("a newer schema must be refused");
    } catch (const StoreError& error) {
        const std::string message = error.what();
        CHECK(message.find(path) != std::string::npos);
        CHECK(message.find("schema version 7") != std::string::npos);
        CHECK(message.find("newer") != std::string::npos);
    }
    sqlite::Database db(path);
    CHECK(db.query_int64("PRAGMA user_version") == 7);
    CHECK(db.query_int64("SELECT count(*) FROM events") == 1);
    CHECK(std::filesystem::file_size(path) == size_before);
}

TEST_CASE("an SQLite file of another program is not taken over") {
    TempDir dir;
    const std::string path = dir.file("other.db");
    {
        sqlite::Database db(path);
        db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
    }
    CHECK_THROWS_WITH_AS(Store{path}, doctest::Contains("another program"), StoreError);
    sqlite::Database db(path);
    CHECK(db.query_int64("SELECT count(*) FROM sqlite_schema WHERE name = 'events'") == 0);
}

TEST_CASE("two stores opening a new file at the same time migrate it once") {
    TempDir dir;
    const std::string path = dir.file("race.db");
    std::vector<std::thread> openers;
    std::atomic<int> failures{0};
    for (int i = 0; i < 4; ++i) {
        openers.emplace_back([&] {
            try {
                Store store(path);
                store.append(make_event());
            } catch (const StoreError& error) {
                MESSAGE(std::string(error.what()));
                ++failures;
            }
        });
    }
    for (auto& opener : openers) {
        opener.join();
    }
    CHECK(failures == 0);
    Store store(path);
    CHECK(store.counts().pending == 4);
}

TEST_CASE("default data paths follow XDG") {
    const char* saved_xdg = std::getenv("XDG_DATA_HOME");
    const char* saved_home = std::getenv("HOME");
    const std::string xdg_value = saved_xdg ? saved_xdg : "";
    const std::string home_value = saved_home ? saved_home : "";

    setenv("XDG_DATA_HOME", "/srv/data/", 1);
    CHECK(default_data_dir() == "/srv/data/floor-feedback");
    CHECK(default_database_path() == "/srv/data/floor-feedback/kiosk.db");
    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    setenv("HOME", "/home/kiosk", 1);
    CHECK(default_data_dir() == "/home/kiosk/.local/share/floor-feedback");
    unsetenv("XDG_DATA_HOME");
    CHECK(default_database_path() == "/home/kiosk/.local/share/floor-feedback/kiosk.db");
    unsetenv("HOME");
    CHECK_THROWS_WITH(default_data_dir(), doctest::Contains("HOME"));

    saved_xdg ? setenv("XDG_DATA_HOME", xdg_value.c_str(), 1) : unsetenv("XDG_DATA_HOME");
    saved_home ? setenv("HOME", home_value.c_str(), 1) : unsetenv("HOME");
}

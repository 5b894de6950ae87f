// The outbox schema's migrations (v1: events and meta; v2: O(1) counters kept by triggers, outbox indexes; v3: the
// cache of the collector's published content; v4: questions, ambassador credentials and lockout counts).
#include "sync/store_schema.hpp"

#include <sqlite3.h>

#include <string>

namespace floorsync::store_schema {
namespace {

struct Migration {
    int to_version;
    const char* sql;
};

// Never edit a migration that has shipped: kiosks in the field hold files made by it. Add a new one instead.
constexpr Migration kMigrations[] = {
    {1, R"sql(
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
)sql"},
    {2, R"sql(
CREATE TABLE outbox_counts (
    state INTEGER PRIMARY KEY CHECK (state IN (0, 1, 2)),
    n INTEGER NOT NULL
);
INSERT INTO outbox_counts (state, n)
    SELECT s.state, (SELECT count(*) FROM events WHERE events.state = s.state)
    FROM (SELECT 0 AS state UNION ALL SELECT 1 UNION ALL SELECT 2) AS s;
CREATE TRIGGER events_counted_on_insert AFTER INSERT ON events BEGIN
    UPDATE outbox_counts SET n = n + 1 WHERE state = NEW.state;
END;
CREATE TRIGGER events_counted_on_delete AFTER DELETE ON events BEGIN
    UPDATE outbox_counts SET n = n - 1 WHERE state = OLD.state;
END;
CREATE TRIGGER events_counted_on_state_change AFTER UPDATE OF state ON events
WHEN OLD.state <> NEW.state BEGIN
    UPDATE outbox_counts SET n = n - 1 WHERE state = OLD.state;
    UPDATE outbox_counts SET n = n + 1 WHERE state = NEW.state;
END;
CREATE INDEX events_pending ON events (seq) WHERE state = 0;
CREATE INDEX events_quarantined ON events (seq) WHERE state = 2;
CREATE INDEX events_sent_at ON events (sent_at) WHERE state = 1;
)sql"},
    // One row per published item (content::Item), as content::encode writes it; the feed cursor and ETag are in meta.
    {3, R"sql(
CREATE TABLE content (
    id TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    kind TEXT NOT NULL,
    document TEXT NOT NULL
);
)sql"},
    // The feed's questions (questions::View) and ambassador credentials (ambassador::Credential), one row each as
    // their encode() writes them, applied with the content in one transaction per feed page. The lockout counts of
    // wrong PINs and pickup codes (SecretWorker), which must survive a restart. The partial index lets the content
    // snapshot find this kiosk's own question events among a large outbox in a few steps. The feed is read again from
    // the start (see the last statements).
    {4, R"sql(
CREATE TABLE questions (
    id TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    department TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE TABLE ambassadors (
    id TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    department TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE TABLE lockouts (
    kind TEXT PRIMARY KEY CHECK (kind IN ('pin', 'pickup')),
    failures INTEGER NOT NULL CHECK (failures >= 0),
    locked_until TEXT
);
CREATE INDEX events_own_questions ON events (seq)
    WHERE type IN ('question', 'question_vote', 'question_moderation') AND state <> 2;
-- A full resync: a collector upgraded first already put questions and credentials under revisions this kiosk's
-- cursor passed while it could not read them. Reading the feed from the start brings them (and the content again:
-- a poll from the start sends no tombstones, so the content cache starts empty too).
DELETE FROM meta WHERE key IN ('feed_cursor', 'feed_etag');
DELETE FROM content;
)sql"},
};

static_assert(sizeof kMigrations / sizeof kMigrations[0] == kCurrentVersion,
              "one migration per schema version, the last one reaching kCurrentVersion");

bool has_tables(sqlite::Database& db) {
    return db.query_int64("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") > 0;
}

void refuse_newer(const sqlite::Database& db, int version) {
    throw StoreError(db.path() + " has schema version " + std::to_string(version) +
                         ", which is newer than this program understands (" + std::to_string(kCurrentVersion) +
                         "); it was written by a newer kiosk version. Refusing to open it: install that version "
                         "again (nothing was changed in the file).",
                     SQLITE_CANTOPEN);
}

}  // namespace

int read_version(sqlite::Database& db) { return static_cast<int>(db.query_int64("PRAGMA user_version")); }

void migrate(sqlite::Database& db) {
    int version = 0;
    try {
        version = read_version(db);
    } catch (const sqlite::SqliteError& failure) {
        throw StoreError("cannot read the schema version of " + db.path() + ": " + failure.detail, failure.code);
    }
    if (version > kCurrentVersion) {
        refuse_newer(db, version);
    }
    if (version == kCurrentVersion) {
        return;
    }
    int applying = version;
    try {
        sqlite::Transaction transaction(db);
        // Another connection may have migrated the file between our read and taking the write lock.
        version = read_version(db);
        if (version > kCurrentVersion) {
            refuse_newer(db, version);
        }
        if (version == 0 && has_tables(db)) {
            throw StoreError(db.path() + " is an SQLite database of another program (it has tables but no outbox "
                                 "schema version); refusing to use it as the kiosk database",
                             SQLITE_CANTOPEN);
        }
        for (const Migration& migration : kMigrations) {
            if (migration.to_version > version) {
                applying = migration.to_version;
                db.exec(migration.sql);
            }
        }
        db.exec("PRAGMA user_version = " + std::to_string(kCurrentVersion));
        transaction.commit();
    } catch (const sqlite::SqliteError& failure) {
        throw StoreError("cannot migrate " + db.path() + " from schema version " + std::to_string(version) +
                             " to " + std::to_string(applying) + ": " + failure.detail,
                         failure.code);
    }
}

}  // namespace floorsync::store_schema

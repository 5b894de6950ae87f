// Collector SQLite database: connection settings and schema migrations (tables, then the documented BI views).
#include "collector/storage/sqlite/sqlite_schema.hpp"

#include "collector/storage/sqlite/sqlite_question_table.hpp"
#include "collector/storage/sqlite/sqlite_rating_table.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace floorsync::collector {

namespace {

// Index = schema version reached after running it. Never edit a shipped step; append a new one.
constexpr const char* kMigrations[] = {
    "",
    R"sql(
CREATE TABLE kiosks(
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT,
    last_seen   TEXT,
    app_version TEXT,
    backlog     INTEGER
);
CREATE TABLE kiosk_departments(
    kiosk_id   TEXT NOT NULL REFERENCES kiosks(id),
    department TEXT NOT NULL,
    PRIMARY KEY(kiosk_id, department)
) WITHOUT ROWID;
CREATE TABLE events(
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    type         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    kiosk_id     TEXT NOT NULL,
    department   TEXT NOT NULL,
    language     TEXT NOT NULL,
    payload      TEXT NOT NULL,
    received_at  TEXT NOT NULL
);
)sql",
    // v2: the read model for BI tools (docs/BI.md); the same names and columns as on PostgreSQL.
    R"sql(
CREATE INDEX events_amendments ON events(kiosk_id, json_extract(payload, '$.rating_id'))
    WHERE type = 'rating_reasons';
CREATE VIEW bi_ratings AS
SELECT r.id AS rating_id, r.created_at, r.kiosk_id, r.department, r.language,
       CAST(json_extract(r.payload, '$.score') AS INTEGER) AS score,
       CASE WHEN json_extract(r.payload, '$.suspect') THEN 1 ELSE 0 END AS suspect,
       (SELECT group_concat(j.value, ';') FROM json_each(a.payload, '$.reasons') AS j) AS reasons,
       a.created_at AS reasons_at, r.received_at
FROM events AS r
LEFT JOIN events AS a ON a.seq = (
    SELECT a2.seq FROM events AS a2
    WHERE a2.type = 'rating_reasons' AND a2.kiosk_id = r.kiosk_id AND json_extract(a2.payload, '$.rating_id') = r.id
    ORDER BY a2.created_at DESC, a2.seq DESC LIMIT 1)
WHERE r.type = 'rating';
CREATE VIEW bi_questions AS
SELECT substr(created_at, 1, 10) AS created_day, department, language,
       json_extract(payload, '$.text') AS text
FROM events WHERE type = 'question';
CREATE VIEW bi_kiosk_health AS
SELECT k.id AS kiosk_id,
       (SELECT group_concat(department, ';') FROM (SELECT department FROM kiosk_departments AS d
                                                    WHERE d.kiosk_id = k.id ORDER BY department)) AS departments,
       CASE WHEN k.revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS status,
       k.last_seen, k.app_version, k.backlog,
       coalesce(e.events_received, 0) AS events_received,
       coalesce(e.suspect_ratings, 0) AS suspect_ratings,
       e.last_event_at
FROM kiosks AS k
LEFT JOIN (SELECT kiosk_id, count(*) AS events_received,
                  sum(CASE WHEN type = 'rating' AND json_extract(payload, '$.suspect') THEN 1 ELSE 0 END)
                      AS suspect_ratings,
                  max(created_at) AS last_event_at
           FROM events GROUP BY kiosk_id) AS e ON e.kiosk_id = k.id;
)sql",
    // v3: published content (content::Item as JSON in document) and the one counter all its writes take, the feed's
    // cursor. The UNIQUE constraint on revision is the index the feed reads through.
    R"sql(
CREATE TABLE content(
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    revision     INTEGER NOT NULL UNIQUE,
    withdrawn    INTEGER NOT NULL DEFAULT 0,
    withdrawn_at TEXT,
    document     TEXT NOT NULL
);
CREATE TABLE content_head(
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO content_head(id, revision) VALUES(1, 0);
CREATE INDEX events_training_interest ON events(json_extract(payload, '$.session'))
    WHERE type = 'training_interest';
)sql",
    // v4: ambassadors (with their department's salt), and the questions, actions and votes that ingest derives from
    // the events (collector/storage/question_effects.hpp). Questions and ambassadors take their revisions from
    // content_head too: the feed's one cursor covers them. Empty text, not NULL, where a question has no value yet.
    R"sql(
CREATE TABLE department_salts(
    department TEXT PRIMARY KEY,
    salt       TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE ambassadors(
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    department  TEXT NOT NULL REFERENCES department_salts(department),
    check_value TEXT NOT NULL,
    mac_key     TEXT NOT NULL,
    opslimit    INTEGER NOT NULL,
    memlimit    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    removed_at  TEXT,
    revision    INTEGER NOT NULL UNIQUE
);
CREATE INDEX ambassadors_department ON ambassadors(department);
CREATE TABLE questions(
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL UNIQUE,
    department      TEXT NOT NULL,
    day             TEXT NOT NULL,
    text            TEXT NOT NULL,
    pickup_id       TEXT NOT NULL,
    pickup_key      TEXT NOT NULL,
    state           TEXT NOT NULL,
    answer          TEXT NOT NULL,
    answer_by       TEXT NOT NULL,
    answer_sealed   TEXT NOT NULL,
    answered_at     TEXT NOT NULL,
    answered_day    TEXT NOT NULL,
    first_answer_at TEXT NOT NULL,
    votes           INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    revision        INTEGER NOT NULL UNIQUE
);
CREATE INDEX questions_department ON questions(department);
CREATE TABLE question_actions(
    event_id   TEXT PRIMARY KEY,
    question   TEXT NOT NULL,
    ambassador TEXT NOT NULL,
    by_name    TEXT NOT NULL,
    action     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    kiosk_id   TEXT NOT NULL
);
CREATE INDEX question_actions_question ON question_actions(question);
CREATE TABLE question_votes(
    event_id TEXT PRIMARY KEY,
    question TEXT NOT NULL
);
CREATE INDEX question_votes_question ON question_votes(question);
)sql",
    // v5: where kiosks stand; the ratings read model that ingest keeps (collector/storage/rating_effects.hpp): one
    // row per stored rating with its current reasons, and the counts the dashboard reads by day (their primary keys
    // start with the day); the dashboard's accounts, sessions, sign-in throttling and alert acknowledgements.
    R"sql(
ALTER TABLE kiosks ADD COLUMN site TEXT NOT NULL DEFAULT '';
ALTER TABLE kiosks ADD COLUMN quarantined INTEGER;
DROP VIEW bi_kiosk_health;
CREATE VIEW bi_kiosk_health AS
SELECT k.id AS kiosk_id,
       (SELECT group_concat(department, ';') FROM (SELECT department FROM kiosk_departments AS d
                                                    WHERE d.kiosk_id = k.id ORDER BY department)) AS departments,
       CASE WHEN k.revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS status,
       k.last_seen, k.app_version, k.backlog,
       coalesce(e.events_received, 0) AS events_received,
       coalesce(e.suspect_ratings, 0) AS suspect_ratings,
       e.last_event_at, k.site
FROM kiosks AS k
LEFT JOIN (SELECT kiosk_id, count(*) AS events_received,
                  sum(CASE WHEN type = 'rating' AND json_extract(payload, '$.suspect') THEN 1 ELSE 0 END)
                      AS suspect_ratings,
                  max(created_at) AS last_event_at
           FROM events GROUP BY kiosk_id) AS e ON e.kiosk_id = k.id;
CREATE TABLE ratings(
    event_id      TEXT PRIMARY KEY,
    kiosk_id      TEXT NOT NULL,
    department    TEXT NOT NULL,
    day           TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    score         INTEGER NOT NULL,
    suspect       INTEGER NOT NULL,
    reasons       TEXT NOT NULL,
    reasons_at    TEXT NOT NULL,
    reasons_event TEXT NOT NULL
);
CREATE TABLE rating_counts(
    day          TEXT NOT NULL,
    kiosk_id     TEXT NOT NULL,
    department   TEXT NOT NULL,
    score        INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    with_reasons INTEGER NOT NULL,
    PRIMARY KEY(day, kiosk_id, department, score)
) WITHOUT ROWID;
CREATE TABLE reason_counts(
    day        TEXT NOT NULL,
    kiosk_id   TEXT NOT NULL,
    department TEXT NOT NULL,
    reason     TEXT NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY(day, kiosk_id, department, reason)
) WITHOUT ROWID;
CREATE TABLE suspect_counts(
    day      TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY(day, kiosk_id)
) WITHOUT ROWID;
CREATE TABLE users(
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    removed_at    TEXT
);
CREATE UNIQUE INDEX users_active_name ON users(name) WHERE removed_at IS NULL;
CREATE TABLE sessions(
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE signin_throttle(
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    blocked_until TEXT NOT NULL
);
CREATE TABLE alert_acks(
    alert_key TEXT PRIMARY KEY,
    by_name   TEXT NOT NULL,
    at        TEXT NOT NULL
);
)sql",
};
constexpr int kMigrationCount = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);
// The step that made the question tables: it also derives the rows of the questions stored before it.
constexpr int kFirstQuestionRowsVersion = 4;
// The step that made the ratings read model: it also derives it from the ratings stored before it.
constexpr int kFirstRatingRowsVersion = 5;
static_assert(kMigrationCount == kSqliteSchemaVersion + 1);

void migrate(sqlite::Database& db) {
    const auto version = db.query_int64("PRAGMA user_version");
    if (version > kSqliteSchemaVersion) {
        throw StoreError(db.path() + ": database schema version " + std::to_string(version) +
                             " is newer than this collector understands (" + std::to_string(kSqliteSchemaVersion) + ")",
                         sqlite::code_cantopen);
    }
    for (int step = static_cast<int>(version) + 1; step <= kSqliteSchemaVersion; ++step) {
        sqlite::Transaction transaction(db);
        db.exec(kMigrations[step]);
        if (step == kFirstQuestionRowsVersion) sqlite_backend::derive_stored_questions(db);
        if (step == kFirstRatingRowsVersion) sqlite_backend::derive_stored_ratings(db);
        db.exec("PRAGMA user_version = " + std::to_string(step));
        transaction.commit();
    }
}

}  // namespace

sqlite::Database open_collector_database(const std::string& path, int extra_flags) {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
        std::error_code ignored;  // a failure shows up as "unable to open database file" below, with the path
        std::filesystem::create_directories(parent, ignored);
    }
    sqlite::Database db(path, sqlite::open_readwrite | sqlite::open_create | extra_flags);
    db.exec("PRAGMA journal_mode = WAL");
    if (db.query_text("PRAGMA journal_mode") != "wal") {
        throw StoreError(path + ": cannot switch the database to WAL mode", sqlite::code_cantopen);
    }
    // FULL: a batch the collector answered "stored" survives a power cut, because the kiosk deletes it afterwards.
    db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
    // Our kiosks send time-ordered ids, but older or third-party clients may send random ones, which write the id
    // index all over; a small page cache would make each of those inserts a miss.
    db.exec("PRAGMA cache_size = -65536");  // 64 MiB
    migrate(db);
    return db;
}

std::string default_database_path() {
    namespace fs = std::filesystem;
    if (const char* data_home = std::getenv("XDG_DATA_HOME"); data_home != nullptr && *data_home == '/') {
        return (fs::path(data_home) / "floor-collector" / "collector.db").string();
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return (fs::path(home) / ".local" / "share" / "floor-collector" / "collector.db").string();
    }
    return "collector.db";
}

}  // namespace floorsync::collector

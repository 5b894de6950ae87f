// Collector PostgreSQL schema migrations: the same tables and BI views as SQLite, under an advisory lock.
#include "collector/storage/postgres/postgres_schema.hpp"

#include "collector/storage/postgres/postgres_question_table.hpp"
#include "collector/storage/postgres/postgres_rating_table.hpp"
#include "collector/storage/storage.hpp"

#include <cstdint>
#include <string>

namespace floorsync::collector {

namespace {

// Index = schema version reached after running it. Never edit a shipped step; append a new one.
// Text columns use COLLATE "C" (byte order, as SQLite's BINARY): ORDER BY id, sorted departments and max(created_at)
// then mean what they mean on SQLite whatever the database's locale. Timestamps stay RFC 3339 text, payloads
// canonical JSON text (cast to jsonb where read).
constexpr const char* kMigrations[] = {
    "",
    R"sql(
CREATE TABLE kiosks(
    id          text COLLATE "C" PRIMARY KEY,
    token_hash  text COLLATE "C" NOT NULL UNIQUE,
    created_at  text COLLATE "C" NOT NULL,
    revoked_at  text COLLATE "C",
    last_seen   text COLLATE "C",
    app_version text COLLATE "C",
    backlog     bigint
);
CREATE TABLE kiosk_departments(
    kiosk_id   text COLLATE "C" NOT NULL REFERENCES kiosks(id),
    department text COLLATE "C" NOT NULL,
    PRIMARY KEY(kiosk_id, department)
);
CREATE TABLE events(
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           text COLLATE "C" NOT NULL UNIQUE,
    content_hash text COLLATE "C" NOT NULL,
    type         text COLLATE "C" NOT NULL,
    created_at   text COLLATE "C" NOT NULL,
    kiosk_id     text COLLATE "C" NOT NULL,
    department   text COLLATE "C" NOT NULL,
    language     text COLLATE "C" NOT NULL,
    payload      text COLLATE "C" NOT NULL,
    received_at  text COLLATE "C" NOT NULL
);
)sql",
    // v2: the read model for BI tools (docs/BI.md); the same names, columns and meaning as the SQLite views.
    R"sql(
CREATE INDEX events_amendments ON events(kiosk_id, (payload::jsonb ->> 'rating_id') COLLATE "C")
    WHERE type = 'rating_reasons';
CREATE VIEW bi_ratings AS
SELECT r.id AS rating_id, r.created_at, r.kiosk_id, r.department, r.language,
       (r.payload::jsonb ->> 'score')::integer AS score,
       CASE WHEN r.payload::jsonb -> 'suspect' = 'true'::jsonb THEN 1 ELSE 0 END AS suspect,
       (SELECT string_agg(j.value, ';' ORDER BY j.position)
        FROM jsonb_array_elements_text(a.payload::jsonb -> 'reasons') WITH ORDINALITY AS j(value, position)) AS reasons,
       a.created_at AS reasons_at, r.received_at
FROM events AS r
LEFT JOIN LATERAL (
    SELECT a2.payload, a2.created_at FROM events AS a2
    WHERE a2.type = 'rating_reasons' AND a2.kiosk_id = r.kiosk_id
      AND (a2.payload::jsonb ->> 'rating_id') COLLATE "C" = r.id
    ORDER BY a2.created_at DESC, a2.seq DESC LIMIT 1) AS a ON true
WHERE r.type = 'rating';
CREATE VIEW bi_questions AS
SELECT substr(created_at, 1, 10) AS created_day, department, language,
       payload::jsonb ->> 'text' AS text
FROM events WHERE type = 'question';
CREATE VIEW bi_kiosk_health AS
SELECT k.id AS kiosk_id,
       (SELECT string_agg(d.department, ';' ORDER BY d.department) FROM kiosk_departments AS d
        WHERE d.kiosk_id = k.id) AS departments,
       CASE WHEN k.revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS status,
       k.last_seen, k.app_version, k.backlog,
       coalesce(e.events_received, 0) AS events_received,
       coalesce(e.suspect_ratings, 0) AS suspect_ratings,
       e.last_event_at
FROM kiosks AS k
LEFT JOIN (SELECT kiosk_id, count(*) AS events_received,
                  sum(CASE WHEN type = 'rating' AND payload::jsonb -> 'suspect' = 'true'::jsonb THEN 1 ELSE 0 END)
                      AS suspect_ratings,
                  max(created_at) AS last_event_at
           FROM events GROUP BY kiosk_id) AS e ON e.kiosk_id = k.id;
)sql",
    // v3: published content (content::Item as JSON text in document) and the one counter all its writes take, the
    // feed's cursor: its row lock orders the writers of every collector process. The same tables as on SQLite.
    R"sql(
CREATE TABLE content(
    id           text COLLATE "C" PRIMARY KEY,
    kind         text COLLATE "C" NOT NULL,
    revision     bigint NOT NULL UNIQUE,
    withdrawn    boolean NOT NULL DEFAULT false,
    withdrawn_at text COLLATE "C",
    document     text COLLATE "C" NOT NULL
);
CREATE TABLE content_head(
    id       integer PRIMARY KEY CHECK (id = 1),
    revision bigint NOT NULL
);
INSERT INTO content_head(id, revision) VALUES(1, 0);
CREATE INDEX events_training_interest ON events((payload::jsonb ->> 'session') COLLATE "C")
    WHERE type = 'training_interest';
)sql",
    // v4: ambassadors (with their department's salt), and the questions, actions and votes that ingest derives from
    // the events. Their revisions come from content_head too. The same tables as on SQLite.
    R"sql(
CREATE TABLE department_salts(
    department text COLLATE "C" PRIMARY KEY,
    salt       text COLLATE "C" NOT NULL
);
CREATE TABLE ambassadors(
    id          text COLLATE "C" PRIMARY KEY,
    name        text COLLATE "C" NOT NULL,
    department  text COLLATE "C" NOT NULL REFERENCES department_salts(department),
    check_value text COLLATE "C" NOT NULL,
    mac_key     text COLLATE "C" NOT NULL,
    opslimit    bigint NOT NULL,
    memlimit    bigint NOT NULL,
    created_at  text COLLATE "C" NOT NULL,
    removed_at  text COLLATE "C",
    revision    bigint NOT NULL UNIQUE
);
CREATE INDEX ambassadors_department ON ambassadors(department);
CREATE TABLE questions(
    id              text COLLATE "C" PRIMARY KEY,
    event_id        text COLLATE "C" NOT NULL UNIQUE,
    department      text COLLATE "C" NOT NULL,
    day             text COLLATE "C" NOT NULL,
    text            text COLLATE "C" NOT NULL,
    pickup_id       text COLLATE "C" NOT NULL,
    pickup_key      text COLLATE "C" NOT NULL,
    state           text COLLATE "C" NOT NULL,
    answer          text COLLATE "C" NOT NULL,
    answer_by       text COLLATE "C" NOT NULL,
    answer_sealed   text COLLATE "C" NOT NULL,
    answered_at     text COLLATE "C" NOT NULL,
    answered_day    text COLLATE "C" NOT NULL,
    first_answer_at text COLLATE "C" NOT NULL,
    votes           bigint NOT NULL,
    created_at      text COLLATE "C" NOT NULL,
    revision        bigint NOT NULL UNIQUE
);
CREATE INDEX questions_department ON questions(department);
CREATE TABLE question_actions(
    event_id   text COLLATE "C" PRIMARY KEY,
    question   text COLLATE "C" NOT NULL,
    ambassador text COLLATE "C" NOT NULL,
    by_name    text COLLATE "C" NOT NULL,
    action     text COLLATE "C" NOT NULL,
    text       text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    kiosk_id   text COLLATE "C" NOT NULL
);
CREATE INDEX question_actions_question ON question_actions(question);
CREATE TABLE question_votes(
    event_id text COLLATE "C" PRIMARY KEY,
    question text COLLATE "C" NOT NULL
);
CREATE INDEX question_votes_question ON question_votes(question);
)sql",
    // v5: where kiosks stand; the ratings read model that ingest keeps (collector/storage/rating_effects.hpp); the
    // dashboard's accounts, sessions, sign-in throttling and alert acknowledgements. The same tables as on SQLite.
    // CREATE OR REPLACE adds site as the view's last column, so views a BI tool built on it keep working.
    R"sql(
ALTER TABLE kiosks ADD COLUMN site text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE kiosks ADD COLUMN quarantined bigint;
CREATE OR REPLACE VIEW bi_kiosk_health AS
SELECT k.id AS kiosk_id,
       (SELECT string_agg(d.department, ';' ORDER BY d.department) FROM kiosk_departments AS d
        WHERE d.kiosk_id = k.id) AS departments,
       CASE WHEN k.revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS status,
       k.last_seen, k.app_version, k.backlog,
       coalesce(e.events_received, 0) AS events_received,
       coalesce(e.suspect_ratings, 0) AS suspect_ratings,
       e.last_event_at, k.site
FROM kiosks AS k
LEFT JOIN (SELECT kiosk_id, count(*) AS events_received,
                  sum(CASE WHEN type = 'rating' AND payload::jsonb -> 'suspect' = 'true'::jsonb THEN 1 ELSE 0 END)
                      AS suspect_ratings,
                  max(created_at) AS last_event_at
           FROM events GROUP BY kiosk_id) AS e ON e.kiosk_id = k.id;
CREATE TABLE ratings(
    event_id      text COLLATE "C" PRIMARY KEY,
    kiosk_id      text COLLATE "C" NOT NULL,
    department    text COLLATE "C" NOT NULL,
    day           text COLLATE "C" NOT NULL,
    created_at    text COLLATE "C" NOT NULL,
    score         integer NOT NULL,
    suspect       boolean NOT NULL,
    reasons       text COLLATE "C" NOT NULL,
    reasons_at    text COLLATE "C" NOT NULL,
    reasons_event text COLLATE "C" NOT NULL
);
CREATE TABLE rating_counts(
    day          text COLLATE "C" NOT NULL,
    kiosk_id     text COLLATE "C" NOT NULL,
    department   text COLLATE "C" NOT NULL,
    score        integer NOT NULL,
    count        bigint NOT NULL,
    with_reasons bigint NOT NULL,
    PRIMARY KEY(day, kiosk_id, department, score)
);
CREATE TABLE reason_counts(
    day        text COLLATE "C" NOT NULL,
    kiosk_id   text COLLATE "C" NOT NULL,
    department text COLLATE "C" NOT NULL,
    reason     text COLLATE "C" NOT NULL,
    count      bigint NOT NULL,
    PRIMARY KEY(day, kiosk_id, department, reason)
);
CREATE TABLE suspect_counts(
    day      text COLLATE "C" NOT NULL,
    kiosk_id text COLLATE "C" NOT NULL,
    count    bigint NOT NULL,
    PRIMARY KEY(day, kiosk_id)
);
CREATE TABLE users(
    id            text COLLATE "C" PRIMARY KEY,
    name          text COLLATE "C" NOT NULL,
    password_hash text COLLATE "C" NOT NULL,
    created_at    text COLLATE "C" NOT NULL,
    removed_at    text COLLATE "C"
);
CREATE UNIQUE INDEX users_active_name ON users(name) WHERE removed_at IS NULL;
CREATE TABLE sessions(
    token_hash text COLLATE "C" PRIMARY KEY,
    user_id    text COLLATE "C" NOT NULL REFERENCES users(id),
    csrf_token text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    last_used  text COLLATE "C" NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE signin_throttle(
    key           text COLLATE "C" PRIMARY KEY,
    failures      bigint NOT NULL,
    blocked_until text COLLATE "C" NOT NULL
);
CREATE TABLE alert_acks(
    alert_key text COLLATE "C" PRIMARY KEY,
    by_name   text COLLATE "C" NOT NULL,
    at        text COLLATE "C" NOT NULL
);
)sql",
};
constexpr int kMigrationCount = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);
// The step that made the question tables: it also derives the rows of the questions stored before it.
constexpr int kFirstQuestionRowsVersion = 4;
// The step that made the ratings read model: it also derives it from the ratings stored before it.
constexpr int kFirstRatingRowsVersion = 5;
static_assert(kMigrationCount == kPostgresSchemaVersion + 1);

// Taken with pg_advisory_xact_lock by every collector that migrates; the same value in every release.
// ("floorsyn" in ASCII, so it is unlikely to collide with another application's lock on the same database.)
constexpr std::int64_t kMigrationLock = 0x666c6f6f7273796e;

}  // namespace

namespace {

// Looked up instead of CREATE TABLE IF NOT EXISTS: a collector role without CREATE rights can still open a database
// that is already up to date.
bool has_migrations_table(pq::Connection& conn) {
    return conn.query_one_row("SELECT to_regclass('schema_migrations') IS NOT NULL").view(0, 0) == "t";
}

}  // namespace

int postgres_schema_version(pq::Connection& conn) {
    if (!has_migrations_table(conn)) return 0;
    const pq::Result version = conn.query_one_row("SELECT coalesce(max(version), 0) FROM schema_migrations");
    return static_cast<int>(version.int64(0, 0));
}

void migrate_postgres_schema(pq::Connection& conn) {
    pq::Transaction transaction(conn);
    conn.query("SELECT pg_advisory_xact_lock($1::bigint)", pq::Params().add(kMigrationLock));
    const int version = postgres_schema_version(conn);
    if (version > kPostgresSchemaVersion) {
        throw StorageError("PostgreSQL " + conn.describe() + ": database schema version " + std::to_string(version) +
                           " is newer than this collector understands (" + std::to_string(kPostgresSchemaVersion) +
                           "); upgrade the collector");
    }
    if (version == kPostgresSchemaVersion) {
        transaction.rollback();  // nothing to do; also releases the lock
        return;
    }
    if (!has_migrations_table(conn)) {
        conn.exec("CREATE TABLE schema_migrations(version integer PRIMARY KEY, applied_at text NOT NULL)");
    }
    for (int step = version + 1; step <= kPostgresSchemaVersion; ++step) {
        conn.exec(kMigrations[step]);
        if (step == kFirstQuestionRowsVersion) postgres_backend::derive_stored_questions(conn);
        if (step == kFirstRatingRowsVersion) postgres_backend::derive_stored_ratings(conn);
        conn.query(
            "INSERT INTO schema_migrations(version, applied_at) "
            "VALUES($1::integer, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))",
            pq::Params().add(static_cast<std::int64_t>(step)));
    }
    transaction.commit();
}

}  // namespace floorsync::collector

// Takes a collector database back to schema v4 with each backend's own DDL (the v2 text of bi_kiosk_health).
#include "schema_downgrade.hpp"

#include "collector/storage/postgres/pq.hpp"
#include "sync/sqlite.hpp"

namespace collector_test {

namespace {

constexpr const char* kDropV5Tables =
    "DROP TABLE alert_acks; DROP TABLE signin_throttle; DROP TABLE sessions; DROP TABLE users; "
    "DROP TABLE suspect_counts; DROP TABLE reason_counts; DROP TABLE rating_counts; DROP TABLE ratings; "
    "DROP VIEW bi_kiosk_health; ALTER TABLE kiosks DROP COLUMN site; ALTER TABLE kiosks DROP COLUMN quarantined; ";

constexpr const char* kSqliteKioskHealthV2 = R"sql(
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
)sql";

constexpr const char* kPostgresKioskHealthV2 = R"sql(
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
)sql";

}  // namespace

void back_to_v4(const std::string& db) {
    if (floorsync::pq::is_postgres_url(db)) {
        floorsync::pq::Connection conn(db);
        conn.exec(std::string(kDropV5Tables) + kPostgresKioskHealthV2 + "DELETE FROM schema_migrations WHERE version = 5");
    } else {
        floorsync::sqlite::Database conn(db);
        conn.exec(std::string(kDropV5Tables) + kSqliteKioskHealthV2 + "PRAGMA user_version = 4");
    }
}

}  // namespace collector_test

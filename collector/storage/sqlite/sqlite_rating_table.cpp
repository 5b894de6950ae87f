// SQLite ratings read model: the pre-aggregated reads of the dashboard, the bare baseline query, and the rows that
// rating effects read and write inside the writer's transaction.
#include "collector/storage/sqlite/sqlite_rating_table.hpp"

#include "collector/storage/sqlite/sqlite_backend.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"
#include "sync/shared/event_types.hpp"

namespace floorsync::collector::sqlite_backend {

namespace {

// The dashboard reads tens of thousands of cells per page (1,000,000 ratings over half a year are some 90,000 rows
// per table). What costs there is not SQLite's search but materialising the rows: so the vectors are sized once
// from a count over the same primary-key range (growing them copied every row about twice and faulted in fresh
// memory on each request), and the connection runs without SQLite's per-call mutex (one thread at a time holds it).
class SqliteRatingTable final : public RatingTable {
public:
    // open_nomutex: a RatingTable is not thread-safe by contract and the pools lease it to one thread at a time.
    explicit SqliteRatingTable(const std::string& path) : db_(open_collector_database(path, sqlite::open_nomutex)) {}

    std::vector<RatingCount> rating_counts(const std::string& from_day, const std::string& to_day) override {
        return guarded("reading rating counts", [&] {
            // One read transaction, so the count and the rows see the same snapshot while ingest writes.
            sqlite::Transaction snapshot(db_, sqlite::Transaction::Mode::deferred);
            std::vector<RatingCount> counts;
            counts.reserve(cells_between("rating_counts", from_day, to_day));
            sqlite::Statement query(db_,
                                    "SELECT day, kiosk_id, department, score, count, with_reasons FROM rating_counts "
                                    "WHERE day >= ?1 AND day <= ?2 ORDER BY day, kiosk_id, department, score");
            query.bind(1, from_day).bind(2, to_day);
            while (query.step()) {
                counts.push_back({query.column_text(0), query.column_text(1), query.column_text(2),
                                  static_cast<int>(query.column_int64(3)), query.column_int64(4),
                                  query.column_int64(5)});
            }
            query.reset();  // done reading before the snapshot ends
            snapshot.commit();
            return counts;
        });
    }

    std::vector<ReasonCount> reason_counts(const std::string& from_day, const std::string& to_day) override {
        return guarded("reading reason counts", [&] {
            sqlite::Transaction snapshot(db_, sqlite::Transaction::Mode::deferred);
            std::vector<ReasonCount> counts;
            counts.reserve(cells_between("reason_counts", from_day, to_day));
            sqlite::Statement query(db_,
                                    "SELECT day, kiosk_id, department, reason, count FROM reason_counts "
                                    "WHERE day >= ?1 AND day <= ?2 ORDER BY day, kiosk_id, department, reason");
            query.bind(1, from_day).bind(2, to_day);
            while (query.step()) {
                counts.push_back({query.column_text(0), query.column_text(1), query.column_text(2),
                                  query.column_text(3), query.column_int64(4)});
            }
            query.reset();
            snapshot.commit();
            return counts;
        });
    }

    std::vector<SuspectCount> suspect_counts(const std::string& from_day, const std::string& to_day) override {
        return guarded("reading suspect counts", [&] {
            sqlite::Statement query(db_,
                                    "SELECT kiosk_id, sum(count), max(day) FROM suspect_counts "
                                    "WHERE day >= ?1 AND day <= ?2 GROUP BY kiosk_id ORDER BY kiosk_id");
            query.bind(1, from_day).bind(2, to_day);
            std::vector<SuspectCount> counts;
            while (query.step()) counts.push_back({query.column_text(0), query.column_int64(1), query.column_text(2)});
            return counts;
        });
    }

    std::optional<std::pair<std::string, std::string>> day_range() override {
        return guarded("reading the rating days", [&]() -> std::optional<std::pair<std::string, std::string>> {
            // Two index reads (the primary key starts with the day), not a scan.
            sqlite::Statement query(db_,
                                    "SELECT (SELECT min(day) FROM rating_counts), (SELECT max(day) FROM rating_counts)");
            query.step();
            if (query.column_is_null(0)) return std::nullopt;
            return std::make_pair(query.column_text(0), query.column_text(1));
        });
    }

    std::size_t bare_aggregate(const std::string& from_day, const std::string& to_day) override {
        return guarded("running the bare aggregate", [&] {
            sqlite::Statement query(db_,
                                    "SELECT department, substr(created_at, 1, 10) AS day, count(*) FROM events "
                                    "WHERE type = 'rating' AND substr(created_at, 1, 10) BETWEEN ?1 AND ?2 "
                                    "AND NOT coalesce(json_extract(payload, '$.suspect'), 0) "
                                    "GROUP BY department, day");
            query.bind(1, from_day).bind(2, to_day);
            std::size_t rows = 0;
            while (query.step()) ++rows;
            return rows;
        });
    }

private:
    // The rows of `table` (rating_counts or reason_counts) with a day in the range: a walk of the primary key's
    // range, a few milliseconds for 90,000 cells.
    std::size_t cells_between(const char* table, const std::string& from_day, const std::string& to_day) {
        sqlite::Statement count(db_, std::string("SELECT count(*) FROM ") + table + " WHERE day >= ?1 AND day <= ?2");
        count.bind(1, from_day).bind(2, to_day);
        count.step();
        return static_cast<std::size_t>(count.column_int64(0));
    }

    sqlite::Database db_;
};

constexpr const char* kRatingColumns =
    "event_id, kiosk_id, department, day, created_at, score, suspect, reasons, reasons_at, reasons_event";

class SqliteRatingRows final : public RatingRows {
public:
    explicit SqliteRatingRows(sqlite::Database& db)
        : find_(db, std::string("SELECT ") + kRatingColumns + " FROM ratings WHERE event_id = ?1"),
          // Reads through the partial index events_amendments (kiosk_id, rating_id).
          latest_(db,
                  "SELECT id, created_at, payload FROM events WHERE type = 'rating_reasons' AND kiosk_id = ?1 "
                  "AND json_extract(payload, '$.rating_id') = ?2 ORDER BY created_at DESC, id DESC LIMIT 1"),
          insert_(db, std::string("INSERT INTO ratings(") + kRatingColumns +
                          ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
          set_reasons_(db, "UPDATE ratings SET reasons = ?2, reasons_at = ?3, reasons_event = ?4 WHERE event_id = ?1"),
          add_cell_(db,
                    "INSERT INTO rating_counts(day, kiosk_id, department, score, count, with_reasons) "
                    "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(day, kiosk_id, department, score) DO UPDATE SET "
                    "count = count + excluded.count, with_reasons = with_reasons + excluded.with_reasons"),
          add_reason_(db,
                      "INSERT INTO reason_counts(day, kiosk_id, department, reason, count) VALUES(?1, ?2, ?3, ?4, ?5) "
                      "ON CONFLICT(day, kiosk_id, department, reason) DO UPDATE SET count = count + excluded.count"),
          drop_reason_(db,
                       "DELETE FROM reason_counts WHERE day = ?1 AND kiosk_id = ?2 AND department = ?3 AND reason = ?4 "
                       "AND count <= 0"),
          add_suspect_(db,
                       "INSERT INTO suspect_counts(day, kiosk_id, count) VALUES(?1, ?2, ?3) "
                       "ON CONFLICT(day, kiosk_id) DO UPDATE SET count = count + excluded.count") {}

    std::vector<RatingRow> find_ratings(const std::vector<std::string>& event_ids) override {
        std::vector<RatingRow> rows;
        for (const auto& id : event_ids) {
            find_.bind(1, id);
            if (find_.step()) rows.push_back(rating_row(find_));
            find_.reset();
        }
        return rows;
    }

    std::vector<Amendment> latest_amendments(
        const std::vector<std::pair<std::string, std::string>>& kiosk_and_rating) override {
        std::vector<Amendment> found;
        for (const auto& [kiosk, rating] : kiosk_and_rating) {
            latest_.bind(1, kiosk).bind(2, rating);
            if (latest_.step()) {
                auto reasons = events::decode_rating_reasons(latest_.column_text(2)).reasons;
                found.push_back({latest_.column_text(0), kiosk, rating, latest_.column_text(1), std::move(reasons)});
            }
            latest_.reset();
        }
        return found;
    }

    void write(const RatingChanges& changes) override {
        for (const RatingRow& row : changes.inserted) {
            insert_.bind(1, row.event_id).bind(2, row.kiosk_id).bind(3, row.department).bind(4, row.day);
            insert_.bind(5, row.created_at).bind(6, row.score).bind(7, row.suspect ? 1 : 0);
            insert_.bind(8, join_reasons(row.reasons)).bind(9, row.reasons_at).bind(10, row.reasons_event).run();
            insert_.reset();
        }
        for (const auto& [id, row] : changes.reasons_changed) {
            set_reasons_.bind(1, id).bind(2, join_reasons(row.reasons)).bind(3, row.reasons_at);
            set_reasons_.bind(4, row.reasons_event).run();
            set_reasons_.reset();
        }
        for (const auto& [key, cell] : changes.cells) {
            const auto& [day, kiosk, department, score] = key;
            add_cell_.bind(1, day).bind(2, kiosk).bind(3, department).bind(4, score);
            add_cell_.bind(5, cell.count).bind(6, cell.with_reasons).run();
            add_cell_.reset();
        }
        for (const auto& [key, delta] : changes.reasons) {
            const auto& [day, kiosk, department, reason] = key;
            add_reason_.bind(1, day).bind(2, kiosk).bind(3, department).bind(4, reason).bind(5, delta).run();
            add_reason_.reset();
            if (delta < 0) {  // a reason no rating of the cell names any more leaves no row behind
                drop_reason_.bind(1, day).bind(2, kiosk).bind(3, department).bind(4, reason).run();
                drop_reason_.reset();
            }
        }
        for (const auto& [key, delta] : changes.suspects) {
            add_suspect_.bind(1, key.first).bind(2, key.second).bind(3, delta).run();
            add_suspect_.reset();
        }
    }

private:
    sqlite::Statement find_;
    sqlite::Statement latest_;
    sqlite::Statement insert_;
    sqlite::Statement set_reasons_;
    sqlite::Statement add_cell_;
    sqlite::Statement add_reason_;
    sqlite::Statement drop_reason_;
    sqlite::Statement add_suspect_;

    static RatingRow rating_row(const sqlite::Statement& row) {
        RatingRow r;
        r.event_id = row.column_text(0);
        r.kiosk_id = row.column_text(1);
        r.department = row.column_text(2);
        r.day = row.column_text(3);
        r.created_at = row.column_text(4);
        r.score = static_cast<int>(row.column_int64(5));
        r.suspect = row.column_int64(6) != 0;
        r.reasons = split_reasons(row.column_text(7));
        r.reasons_at = row.column_text(8);
        r.reasons_event = row.column_text(9);
        return r;
    }
};

}  // namespace

std::unique_ptr<RatingTable> make_rating_table(const std::string& path) {
    return guarded("opening the rating table", [&] { return std::make_unique<SqliteRatingTable>(path); });
}

std::unique_ptr<RatingRows> make_rating_rows(sqlite::Database& db) { return std::make_unique<SqliteRatingRows>(db); }

void derive_stored_ratings(sqlite::Database& db) {
    const auto rows = make_rating_rows(db);
    sqlite::Statement query(db,
                            "SELECT seq, id, type, created_at, kiosk_id, department, language, payload FROM events "
                            "WHERE type IN ('rating', 'rating_reasons') AND seq > ?1 ORDER BY seq LIMIT ?2");
    std::int64_t after = 0;
    while (true) {
        std::vector<Event> chunk;
        query.bind(1, after).bind(2, static_cast<std::int64_t>(kRatingEffectsChunk));
        while (query.step()) {
            after = query.column_int64(0);
            chunk.push_back({query.column_text(1), query.column_text(2), query.column_text(3), query.column_text(4),
                             query.column_text(5), query.column_text(6), query.column_text(7)});
        }
        query.reset();
        if (chunk.empty()) return;
        std::vector<const Event*> events;
        events.reserve(chunk.size());
        for (const Event& event : chunk) events.push_back(&event);
        apply_rating_effects(events, *rows);
    }
}

}  // namespace floorsync::collector::sqlite_backend

// PostgreSQL ratings read model: the pre-aggregated reads of the dashboard, the bare baseline query, and the rows
// that rating effects read and write inside the writer's transaction (unnest statements, one round trip each).
#include "collector/storage/postgres/postgres_rating_table.hpp"

#include "sync/shared/event_types.hpp"

#include <initializer_list>

namespace floorsync::collector::postgres_backend {

namespace {

constexpr const char* kRatingColumns =
    "event_id, kiosk_id, department, day, created_at, score, suspect, reasons, reasons_at, reasons_event";

pq::Params arrays(std::initializer_list<const TextArray*> columns) {
    pq::Params params;
    for (const TextArray* column : columns) params.add(column->literal());
    return params;
}

// The dashboard's reads are a primary-key range in key order, some 90,000 cells per table for half a year of
// 1,000,000 ratings: an ordered index scan, about 30 ms. Without statistics (the tables filled since the last ANALYZE,
// or autovacuum off, as on the test servers) the planner guesses a few hundred rows and picks a bitmap scan with an
// external merge sort on disk, 300 ms. So a new connection first analyzes the read model's tables whose statistics
// are missing or stale (more rows changed since the last ANALYZE than half the rows there are); that is rare, since
// connections are pooled, and takes tens of milliseconds. A table the role does not own is skipped with a warning.
void analyze_stale_counts(pq::Connection& conn) {
    const pq::Result stale = conn.query(
        "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
        "AND relname IN ('rating_counts', 'reason_counts') AND n_mod_since_analyze > 1000 + n_live_tup / 2");
    for (int r = 0; r < stale.rows(); ++r) conn.exec("ANALYZE " + pq::quote_identifier(conn, stale.text(r, 0)));
}

class PostgresRatingTable final : public RatingTable {
public:
    explicit PostgresRatingTable(const Target& target) : target_(target), session_(target_, analyze_stale_counts) {}

    std::vector<RatingCount> rating_counts(const std::string& from_day, const std::string& to_day) override {
        return guarded(target_, "reading rating counts", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                const pq::Result rows = conn.query(
                    "SELECT day, kiosk_id, department, score, count, with_reasons FROM rating_counts "
                    "WHERE day >= $1 AND day <= $2 ORDER BY day, kiosk_id, department, score",
                    pq::Params().add(from_day).add(to_day));
                std::vector<RatingCount> counts;
                counts.reserve(static_cast<std::size_t>(rows.rows()));
                for (int r = 0; r < rows.rows(); ++r) {
                    counts.push_back({rows.text(r, 0), rows.text(r, 1), rows.text(r, 2),
                                      static_cast<int>(rows.int64(r, 3)), rows.int64(r, 4), rows.int64(r, 5)});
                }
                return counts;
            });
        });
    }

    std::vector<ReasonCount> reason_counts(const std::string& from_day, const std::string& to_day) override {
        return guarded(target_, "reading reason counts", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                const pq::Result rows = conn.query(
                    "SELECT day, kiosk_id, department, reason, count FROM reason_counts "
                    "WHERE day >= $1 AND day <= $2 ORDER BY day, kiosk_id, department, reason",
                    pq::Params().add(from_day).add(to_day));
                std::vector<ReasonCount> counts;
                counts.reserve(static_cast<std::size_t>(rows.rows()));
                for (int r = 0; r < rows.rows(); ++r) {
                    counts.push_back(
                        {rows.text(r, 0), rows.text(r, 1), rows.text(r, 2), rows.text(r, 3), rows.int64(r, 4)});
                }
                return counts;
            });
        });
    }

    std::vector<SuspectCount> suspect_counts(const std::string& from_day, const std::string& to_day) override {
        return guarded(target_, "reading suspect counts", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                const pq::Result rows = conn.query(
                    "SELECT kiosk_id, sum(count)::bigint, max(day) FROM suspect_counts "
                    "WHERE day >= $1 AND day <= $2 GROUP BY kiosk_id ORDER BY kiosk_id",
                    pq::Params().add(from_day).add(to_day));
                std::vector<SuspectCount> counts;
                for (int r = 0; r < rows.rows(); ++r) {
                    counts.push_back({rows.text(r, 0), rows.int64(r, 1), rows.text(r, 2)});
                }
                return counts;
            });
        });
    }

    std::optional<std::pair<std::string, std::string>> day_range() override {
        return guarded(target_, "reading the rating days", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) -> std::optional<std::pair<std::string, std::string>> {
                // min and max of the primary key's first column: two index reads, not a scan.
                const pq::Result row = conn.query_one_row("SELECT min(day), max(day) FROM rating_counts");
                if (row.is_null(0, 0)) return std::nullopt;
                return std::make_pair(row.text(0, 0), row.text(0, 1));
            });
        });
    }

    std::size_t bare_aggregate(const std::string& from_day, const std::string& to_day) override {
        return guarded(target_, "running the bare aggregate", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                const pq::Result rows = conn.query(
                    "SELECT department, substr(created_at, 1, 10) AS day, count(*) FROM events "
                    "WHERE type = 'rating' AND substr(created_at, 1, 10) BETWEEN $1 AND $2 "
                    "AND (payload::jsonb -> 'suspect') IS DISTINCT FROM 'true'::jsonb "
                    "GROUP BY department, day",
                    pq::Params().add(from_day).add(to_day));
                return static_cast<std::size_t>(rows.rows());
            });
        });
    }

private:
    Target target_;
    Session session_;
};

class PostgresRatingRows final : public RatingRows {
public:
    // The planner sees the arrays' real lengths: for a few thousand ratings it would JIT-compile each statement,
    // which costs some 300 ms against tens of milliseconds of index probes. Off until the caller's transaction ends.
    explicit PostgresRatingRows(pq::Connection& conn) : conn_(conn) { conn_.exec("SET LOCAL jit = off"); }

    std::vector<RatingRow> find_ratings(const std::vector<std::string>& event_ids) override {
        const pq::Result rows =
            conn_.query(std::string("SELECT ") + kRatingColumns + " FROM ratings WHERE event_id = ANY($1::text[])",
                        pq::Params().add(text_array(event_ids)));
        std::vector<RatingRow> found;
        found.reserve(static_cast<std::size_t>(rows.rows()));
        for (int r = 0; r < rows.rows(); ++r) {
            RatingRow row;
            row.event_id = rows.text(r, 0);
            row.kiosk_id = rows.text(r, 1);
            row.department = rows.text(r, 2);
            row.day = rows.text(r, 3);
            row.created_at = rows.text(r, 4);
            row.score = static_cast<int>(rows.int64(r, 5));
            row.suspect = rows.view(r, 6) == "t";
            row.reasons = split_reasons(rows.text(r, 7));
            row.reasons_at = rows.text(r, 8);
            row.reasons_event = rows.text(r, 9);
            found.push_back(std::move(row));
        }
        return found;
    }

    std::vector<Amendment> latest_amendments(
        const std::vector<std::pair<std::string, std::string>>& kiosk_and_rating) override {
        TextArray kiosks, ratings;
        for (const auto& [kiosk, rating] : kiosk_and_rating) {
            kiosks.add(kiosk);
            ratings.add(rating);
        }
        // One index probe (events_amendments) per rating, all in one statement.
        const pq::Result rows = conn_.query(
            "SELECT k.kiosk, k.rating, a.id, a.created_at, a.payload "
            "FROM unnest($1::text[], $2::text[]) AS k(kiosk, rating) CROSS JOIN LATERAL ("
            "SELECT e.id, e.created_at, e.payload FROM events AS e WHERE e.type = 'rating_reasons' "
            "AND e.kiosk_id = k.kiosk AND (e.payload::jsonb ->> 'rating_id') COLLATE \"C\" = k.rating "
            "ORDER BY e.created_at DESC, e.id DESC LIMIT 1) AS a",
            arrays({&kiosks, &ratings}));
        std::vector<Amendment> found;
        found.reserve(static_cast<std::size_t>(rows.rows()));
        for (int r = 0; r < rows.rows(); ++r) {
            auto reasons = events::decode_rating_reasons(rows.view(r, 4)).reasons;
            found.push_back({rows.text(r, 2), rows.text(r, 0), rows.text(r, 1), rows.text(r, 3), std::move(reasons)});
        }
        return found;
    }

    void write(const RatingChanges& changes) override {
        insert_ratings(changes);
        update_reasons(changes);
        add_cells(changes);
        add_reasons(changes);
        add_suspects(changes);
    }

private:
    pq::Connection& conn_;

    void insert_ratings(const RatingChanges& changes) {
        if (changes.inserted.empty()) return;
        TextArray ids, kiosks, departments, days, created, scores, suspects, reasons, reasons_at, reasons_event;
        for (const RatingRow& row : changes.inserted) {
            ids.add(row.event_id);
            kiosks.add(row.kiosk_id);
            departments.add(row.department);
            days.add(row.day);
            created.add(row.created_at);
            scores.add(std::to_string(row.score));
            suspects.add(row.suspect ? "true" : "false");
            reasons.add(join_reasons(row.reasons));
            reasons_at.add(row.reasons_at);
            reasons_event.add(row.reasons_event);
        }
        conn_.query(std::string("INSERT INTO ratings(") + kRatingColumns +
                        ") SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], "
                        "$6::integer[], $7::boolean[], $8::text[], $9::text[], $10::text[])",
                    arrays({&ids, &kiosks, &departments, &days, &created, &scores, &suspects, &reasons, &reasons_at,
                            &reasons_event}));
    }

    void update_reasons(const RatingChanges& changes) {
        if (changes.reasons_changed.empty()) return;
        TextArray ids, reasons, reasons_at, reasons_event;
        for (const auto& [id, row] : changes.reasons_changed) {
            ids.add(id);
            reasons.add(join_reasons(row.reasons));
            reasons_at.add(row.reasons_at);
            reasons_event.add(row.reasons_event);
        }
        conn_.query(
            "UPDATE ratings AS r SET reasons = u.reasons, reasons_at = u.reasons_at, reasons_event = u.reasons_event "
            "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(id, reasons, reasons_at, reasons_event) "
            "WHERE r.event_id = u.id",
            arrays({&ids, &reasons, &reasons_at, &reasons_event}));
    }

    // The keys are unique and sorted (RatingChanges' maps), as one INSERT ... ON CONFLICT DO UPDATE needs, and
    // every writer locks the cells it changes in the same order.
    void add_cells(const RatingChanges& changes) {
        if (changes.cells.empty()) return;
        TextArray days, kiosks, departments, scores, counts, with_reasons;
        for (const auto& [key, cell] : changes.cells) {
            days.add(std::get<0>(key));
            kiosks.add(std::get<1>(key));
            departments.add(std::get<2>(key));
            scores.add(std::to_string(std::get<3>(key)));
            counts.add(std::to_string(cell.count));
            with_reasons.add(std::to_string(cell.with_reasons));
        }
        conn_.query(
            "INSERT INTO rating_counts AS c(day, kiosk_id, department, score, count, with_reasons) "
            "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::bigint[], $6::bigint[]) "
            "ON CONFLICT (day, kiosk_id, department, score) DO UPDATE SET count = c.count + excluded.count, "
            "with_reasons = c.with_reasons + excluded.with_reasons",
            arrays({&days, &kiosks, &departments, &scores, &counts, &with_reasons}));
    }

    void add_reasons(const RatingChanges& changes) {
        if (changes.reasons.empty()) return;
        TextArray days, kiosks, departments, reasons, deltas;
        bool any_decrease = false;
        for (const auto& [key, delta] : changes.reasons) {
            days.add(std::get<0>(key));
            kiosks.add(std::get<1>(key));
            departments.add(std::get<2>(key));
            reasons.add(std::get<3>(key));
            deltas.add(std::to_string(delta));
            any_decrease = any_decrease || delta < 0;
        }
        conn_.query(
            "INSERT INTO reason_counts AS c(day, kiosk_id, department, reason, count) "
            "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) "
            "ON CONFLICT (day, kiosk_id, department, reason) DO UPDATE SET count = c.count + excluded.count",
            arrays({&days, &kiosks, &departments, &reasons, &deltas}));
        if (!any_decrease) return;
        // A reason no rating of the cell names any more leaves no row behind.
        conn_.query(
            "DELETE FROM reason_counts AS c USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) "
            "AS k(day, kiosk_id, department, reason) WHERE c.day = k.day AND c.kiosk_id = k.kiosk_id "
            "AND c.department = k.department AND c.reason = k.reason AND c.count <= 0",
            arrays({&days, &kiosks, &departments, &reasons}));
    }

    void add_suspects(const RatingChanges& changes) {
        if (changes.suspects.empty()) return;
        TextArray days, kiosks, deltas;
        for (const auto& [key, delta] : changes.suspects) {
            days.add(key.first);
            kiosks.add(key.second);
            deltas.add(std::to_string(delta));
        }
        conn_.query(
            "INSERT INTO suspect_counts AS c(day, kiosk_id, count) "
            "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) "
            "ON CONFLICT (day, kiosk_id) DO UPDATE SET count = c.count + excluded.count",
            arrays({&days, &kiosks, &deltas}));
    }
};

}  // namespace

std::unique_ptr<RatingTable> make_rating_table(const Target& target) {
    return guarded(target, "opening the rating table", [&] { return std::make_unique<PostgresRatingTable>(target); });
}

std::unique_ptr<RatingRows> make_rating_rows(pq::Connection& conn) { return std::make_unique<PostgresRatingRows>(conn); }

void derive_stored_ratings(pq::Connection& conn) {
    const auto rows = make_rating_rows(conn);
    std::int64_t after = 0;
    bool analyzed = false;
    while (true) {
        const pq::Result chunk = conn.query(
            "SELECT seq, id, type, created_at, kiosk_id, department, language, payload FROM events "
            "WHERE type IN ('rating', 'rating_reasons') AND seq > $1::bigint ORDER BY seq LIMIT $2::bigint",
            pq::Params().add(after).add(static_cast<std::int64_t>(kRatingEffectsChunk)));
        if (chunk.rows() == 0) return;
        std::vector<Event> stored;
        stored.reserve(static_cast<std::size_t>(chunk.rows()));
        for (int r = 0; r < chunk.rows(); ++r) {
            after = chunk.int64(r, 0);
            stored.push_back({chunk.text(r, 1), chunk.text(r, 2), chunk.text(r, 3), chunk.text(r, 4),
                              chunk.text(r, 5), chunk.text(r, 6), chunk.text(r, 7)});
        }
        std::vector<const Event*> events;
        events.reserve(stored.size());
        for (const Event& event : stored) events.push_back(&event);
        apply_rating_effects(events, *rows);
        // The new table has no statistics yet (autovacuum cannot see it before COMMIT): without them the planner
        // reads "event_id = ANY(thousands of ids)" as most of the table and scans all of it for every chunk.
        if (!analyzed) conn.exec("ANALYZE ratings");
        analyzed = true;
    }
}

}  // namespace floorsync::collector::postgres_backend

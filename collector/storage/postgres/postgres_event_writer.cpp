// PostgreSQL ingest: one transaction per group commit, one unnest INSERT ... ON CONFLICT DO NOTHING for all of it.
#include "collector/storage/postgres/postgres_backend.hpp"
#include "collector/storage/postgres/postgres_question_table.hpp"
#include "collector/storage/postgres/postgres_rating_table.hpp"
#include "collector/storage/question_effects.hpp"
#include "collector/storage/rating_effects.hpp"

#include <algorithm>
#include <map>
#include <chrono>
#include <random>
#include <thread>

namespace floorsync::collector::postgres_backend {

namespace {

constexpr const char* kConflict =
    "conflict: an event with this id and different content is already stored; it was not changed";

// Deadlocks and serialization failures between collector processes are retried this often, as a whole transaction.
constexpr int kMaxConcurrencyRetries = 5;

// NULL for a kiosk that does not report it (older kiosks).
std::optional<std::string> quarantined_param(const KioskReport& report) {
    if (!report.quarantined) return std::nullopt;
    return std::to_string(*report.quarantined);
}

void prepare_writer(pq::Connection& conn) {
    conn.prepare("floor_seen", "UPDATE kiosks SET last_seen = $2 WHERE id = $1 AND revoked_at IS NULL");
    conn.prepare("floor_report",
                 "UPDATE kiosks SET last_seen = $2, app_version = $3, backlog = $4, quarantined = $5 "
                 "WHERE id = $1 AND revoked_at IS NULL");
    prepare_event_statements(conn);
}

bool is_concurrency_failure(const pq::PqError& error) {
    return error.sqlstate() == "40P01" || error.sqlstate() == "40001";  // deadlock_detected, serialization_failure
}

// A few milliseconds, growing with the attempt and randomised, so two collectors that just collided do not
// collide again in step.
void pause_before_retry(int attempt) {
    thread_local std::minstd_rand random(std::random_device{}());
    std::uniform_int_distribution<int> millis(1, 10 * attempt);
    std::this_thread::sleep_for(std::chrono::milliseconds(millis(random)));
}

class PostgresEventWriter final : public EventWriter {
public:
    explicit PostgresEventWriter(const Target& target) : target_(target), session_(target_, prepare_writer) {}

    void write(const std::vector<BatchWrite*>& batches, const std::string& now) override {
        int concurrency_retries = 0;
        bool reconnected = false;
        while (true) {
            try {
                write_in_transaction(session_.get(), batches, now);
                return;
            } catch (const pq::PqError& error) {
                reset(batches);
                if (is_concurrency_failure(error) && concurrency_retries < kMaxConcurrencyRetries) {
                    pause_before_retry(++concurrency_retries);
                    continue;
                }
                // Retry once on a new connection. Even if the COMMIT itself got through before the connection
                // broke, the retry is safe: its events then come back as duplicates, never stored twice.
                if (error.connection_lost() && !reconnected) {
                    reconnected = true;
                    continue;
                }
                throw StorageError(target_.description + ": storing a batch: " + error.what());
            } catch (const std::invalid_argument& error) {
                reset(batches);
                throw StorageError(target_.description + ": storing a batch: " + error.what());
            } catch (...) {
                reset(batches);
                throw;
            }
        }
    }

private:
    Target target_;
    Session session_;

    static void reset(const std::vector<BatchWrite*>& batches) {
        for (BatchWrite* batch : batches) batch->results.reset();
    }

    // Round trips, not rows, are what a group costs: however many batches it holds, it sends one UPDATE per kiosk
    // and one INSERT (plus one SELECT when some ids were there already) for all their events.
    static void write_in_transaction(pq::Connection& conn, const std::vector<BatchWrite*>& batches,
                                     const std::string& now) {
        reset(batches);
        pq::Transaction transaction(conn);

        // First each kiosk row once, in kiosk id order, with the report of its last batch in the group (the same
        // end state as one update per batch), so that two collectors committing batches of the same kiosks lock
        // those rows in the same order. An event names its uploader's kiosk (validation), so a resend that reaches
        // two collectors at once also waits here rather than deadlocking on the event ids; any deadlock left over
        // is retried by write().
        std::map<std::string, const BatchWrite*> last_of_kiosk;  // the last batch with a report, else the last poll
        for (const BatchWrite* batch : batches) {
            auto& last = last_of_kiosk[batch->kiosk->id];
            if (last == nullptr || batch->report != nullptr || last->report == nullptr) last = batch;
        }
        std::map<std::string, bool> active;  // false: the kiosk was revoked between authentication and now
        for (const auto& [kiosk, batch] : last_of_kiosk) {
            const pq::Result updated =
                batch->report == nullptr
                    ? conn.exec_prepared("floor_seen", pq::Params().add(kiosk).add(now))
                    : conn.exec_prepared("floor_report", pq::Params()
                                                             .add(kiosk)
                                                             .add(now)
                                                             .add(batch->report->app_version)
                                                             .add(batch->report->backlog)
                                                             .add(quarantined_param(*batch->report)));
            active[kiosk] = updated.affected_rows() != 0;
        }

        // Then the events of every batch of an active kiosk, in the given order, in one statement: the first of
        // equal ids is the one stored; later ones are duplicates or conflicts.
        std::vector<std::string> hashes;
        std::size_t valid = 0;
        for (const BatchWrite* batch : batches) {
            if (batch->events == nullptr || !active[batch->kiosk->id]) continue;
            for (const CheckedEvent& checked : *batch->events) valid += checked.error.empty();
        }
        hashes.reserve(valid);  // never reallocates below: rows keep views of these strings
        std::vector<EventRow> rows;
        rows.reserve(valid);
        for (const BatchWrite* batch : batches) {
            if (batch->events == nullptr || !active[batch->kiosk->id]) continue;
            for (const CheckedEvent& checked : *batch->events) {
                if (!checked.error.empty()) continue;
                hashes.push_back(content_hash(checked.event));
                rows.push_back({&checked.event, hashes.back(), now});
            }
        }
        std::unordered_map<std::string, std::string> known;  // id -> the digest stored under it, this transaction
        const std::vector<bool> inserted = insert_event_rows(conn, rows, known);
        // The question rows the newly stored events change, in their order, in this same transaction.
        std::unique_ptr<QuestionRows> question_rows;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if (!inserted[r] || !has_question_effects(rows[r].event->type)) continue;
            if (!question_rows) question_rows = make_question_rows(conn);
            apply_question_effects(*rows[r].event, *question_rows);
        }
        // And the ratings read model: every new rating and amendment at once (a few statements for the group).
        std::vector<const Event*> rated;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if (inserted[r] && has_rating_effects(rows[r].event->type)) rated.push_back(rows[r].event);
        }
        if (!rated.empty()) apply_rating_effects(rated, *make_rating_rows(conn));
        transaction.commit();

        // Only now, once COMMIT succeeded, does any batch say "stored".
        std::size_t row = 0;
        for (BatchWrite* batch : batches) {
            if (batch->report == nullptr) {  // a sign of life: nothing to report back (as on SQLite)
                batch->results.emplace();
                continue;
            }
            if (!active[batch->kiosk->id]) continue;
            std::vector<EventResult> results;
            if (batch->events != nullptr) {
                results.reserve(batch->events->size());
                for (const CheckedEvent& checked : *batch->events) {
                    if (!checked.error.empty()) {
                        results.push_back({checked.event.id, ResultStatus::rejected, checked.error});
                        continue;
                    }
                    const std::size_t r = row++;
                    if (inserted[r]) {
                        results.push_back({checked.event.id, ResultStatus::stored, {}});
                    } else if (known.at(checked.event.id) == rows[r].content_hash) {
                        results.push_back({checked.event.id, ResultStatus::duplicate, {}});
                    } else {
                        results.push_back({checked.event.id, ResultStatus::rejected, kConflict});
                    }
                }
            }
            batch->results = std::move(results);
        }
    }
};

}  // namespace

std::unique_ptr<EventWriter> make_event_writer(const Target& target) {
    return guarded(target, "opening the writer", [&] { return std::make_unique<PostgresEventWriter>(target); });
}

}  // namespace floorsync::collector::postgres_backend

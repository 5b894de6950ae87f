// PostgreSQL ingest: one transaction per group commit, one unnest INSERT ... ON CONFLICT DO NOTHING per batch.
#include "collector/storage/postgres/postgres_backend.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace floorsync::collector::postgres_backend {

namespace {

constexpr const char* kConflict =
    "conflict: an event with this id and different content is already stored; it was not changed";

// Deadlocks and serialization failures between collector processes are retried this often, as a whole transaction.
constexpr int kMaxConcurrencyRetries = 5;

void prepare_writer(pq::Connection& conn) {
    conn.prepare("floor_seen", "UPDATE kiosks SET last_seen = $2 WHERE id = $1 AND revoked_at IS NULL");
    conn.prepare("floor_report",
                 "UPDATE kiosks SET last_seen = $2, app_version = $3, backlog = $4 WHERE id = $1 AND revoked_at IS NULL");
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

    static void write_in_transaction(pq::Connection& conn, const std::vector<BatchWrite*>& batches,
                                     const std::string& now) {
        reset(batches);
        pq::Transaction transaction(conn);

        // First every kiosk row, in kiosk id order (stable: one kiosk's batches keep their order, the last report
        // wins), so that two collectors committing batches of the same kiosks lock those rows in the same order.
        // An event names its uploader's kiosk (validation), so a resend that reaches two collectors at once also
        // waits here rather than deadlocking on the event ids; any deadlock left over is retried by write().
        std::vector<std::size_t> by_kiosk(batches.size());
        for (std::size_t b = 0; b < batches.size(); ++b) by_kiosk[b] = b;
        std::stable_sort(by_kiosk.begin(), by_kiosk.end(), [&](std::size_t a, std::size_t b) {
            return batches[a]->kiosk->id < batches[b]->kiosk->id;
        });
        std::vector<bool> active(batches.size(), false);  // false: the kiosk was revoked between authentication and now
        for (const std::size_t b : by_kiosk) {
            const BatchWrite& batch = *batches[b];
            if (batch.report == nullptr) {
                conn.exec_prepared("floor_seen", pq::Params().add(batch.kiosk->id).add(now));
                continue;
            }
            const pq::Result updated = conn.exec_prepared(
                "floor_report",
                pq::Params().add(batch.kiosk->id).add(now).add(batch.report->app_version).add(batch.report->backlog));
            active[b] = updated.affected_rows() != 0;
        }

        // Then the events, batch by batch in the given order: the first of equal ids is the one stored.
        std::unordered_map<std::string, std::string> known;  // id -> the digest stored under it, this transaction
        std::vector<std::vector<EventResult>> results(batches.size());
        for (std::size_t b = 0; b < batches.size(); ++b) {
            if (active[b]) store_batch(conn, *batches[b], now, known, results[b]);
        }
        transaction.commit();

        // Only now, once COMMIT succeeded, does any batch say "stored".
        for (std::size_t b = 0; b < batches.size(); ++b) {
            if (batches[b]->report == nullptr) {
                batches[b]->results.emplace();
            } else if (active[b]) {
                batches[b]->results = std::move(results[b]);
            }
        }
    }

    static void store_batch(pq::Connection& conn, const BatchWrite& batch, const std::string& now,
                            std::unordered_map<std::string, std::string>& known, std::vector<EventResult>& results) {
        const std::vector<CheckedEvent> none;
        const std::vector<CheckedEvent>& events = batch.events != nullptr ? *batch.events : none;
        std::vector<std::string> hashes;
        hashes.reserve(events.size());  // never reallocates below: rows keep views of these strings
        std::vector<EventRow> rows;
        rows.reserve(events.size());
        for (const CheckedEvent& checked : events) {
            if (!checked.error.empty()) continue;
            hashes.push_back(content_hash(checked.event));
            rows.push_back({&checked.event, hashes.back(), now});
        }
        const std::vector<bool> inserted = insert_event_rows(conn, rows, known);

        results.reserve(events.size());
        std::size_t row = 0;
        for (const CheckedEvent& checked : events) {
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
};

}  // namespace

std::unique_ptr<EventWriter> make_event_writer(const Target& target) {
    return guarded(target, "opening the writer", [&] { return std::make_unique<PostgresEventWriter>(target); });
}

}  // namespace floorsync::collector::postgres_backend

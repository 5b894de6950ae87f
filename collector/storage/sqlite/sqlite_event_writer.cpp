// SQLite ingest: INSERT ... ON CONFLICT(id) DO NOTHING, then a content-hash comparison tells duplicate from conflict.
#include "collector/storage/question_effects.hpp"
#include "collector/storage/rating_effects.hpp"
#include "collector/storage/sqlite/checkpointer.hpp"
#include "collector/storage/sqlite/sqlite_backend.hpp"
#include "collector/storage/sqlite/sqlite_question_table.hpp"
#include "collector/storage/sqlite/sqlite_rating_table.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"

namespace floorsync::collector::sqlite_backend {

namespace {

// Copying WAL pages back into the database (and its fsync) inside a commit stalls every waiting upload;
// the Checkpointer does it beside the writer instead.
sqlite::Database without_auto_checkpoints(sqlite::Database database) {
    database.exec("PRAGMA wal_autocheckpoint = 0");
    return database;
}

class SqliteEventWriter final : public EventWriter {
public:
    explicit SqliteEventWriter(const std::string& path)
        : db_(without_auto_checkpoints(open_collector_database(path))),
          insert_(db_,
                  "INSERT INTO events(id, content_hash, type, created_at, kiosk_id, department, language, payload, "
                  "received_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO NOTHING"),
          stored_hash_(db_, "SELECT content_hash FROM events WHERE id = ?1"),
          report_(db_,
                  "UPDATE kiosks SET last_seen = ?2, app_version = ?3, backlog = ?4, quarantined = ?5 "
                  "WHERE id = ?1 AND revoked_at IS NULL"),
          seen_(db_, "UPDATE kiosks SET last_seen = ?2 WHERE id = ?1 AND revoked_at IS NULL"),
          question_rows_(make_question_rows(db_)),
          rating_rows_(make_rating_rows(db_)),
          checkpointer_(path) {}

    void write(const std::vector<BatchWrite*>& batches, const std::string& now) override {
        try {
            write_in_transaction(batches, now);
        } catch (const StoreError& error) {
            for (BatchWrite* batch : batches) batch->results.reset();
            throw StorageError(std::string("SQLite: storing a batch: ") + error.what());
        }
        checkpointer_.request();
    }

private:
    sqlite::Database db_;
    sqlite::Statement insert_;
    sqlite::Statement stored_hash_;
    sqlite::Statement report_;
    sqlite::Statement seen_;
    std::unique_ptr<QuestionRows> question_rows_;  // question effects, in the same transaction as the events
    std::unique_ptr<RatingRows> rating_rows_;      // the ratings read model, likewise
    Checkpointer checkpointer_;  // its own connection and thread; PASSIVE checkpoints after each commit

    void write_in_transaction(const std::vector<BatchWrite*>& batches, const std::string& now) {
        sqlite::Transaction transaction(db_);
        std::vector<const Event*> rated;  // stored ratings and amendments, for the read model before COMMIT
        for (BatchWrite* batch : batches) {
            batch->results.reset();
            if (batch->report == nullptr) {
                seen_.bind(1, batch->kiosk->id).bind(2, now).run();
                seen_.reset();
                batch->results.emplace();
                continue;
            }
            report_.bind(1, batch->kiosk->id).bind(2, now).bind(3, batch->report->app_version).bind(4, batch->report->backlog);
            if (batch->report->quarantined) {
                report_.bind(5, *batch->report->quarantined);
            } else {
                report_.bind_null(5);
            }
            const int updated = report_.run();
            report_.reset();
            if (updated == 0) continue;  // revoked between authentication and now

            std::vector<EventResult> results;
            results.reserve(batch->events->size());
            for (const CheckedEvent& checked : *batch->events) {
                if (!checked.error.empty()) {
                    results.push_back({checked.event.id, ResultStatus::rejected, checked.error});
                } else {
                    results.push_back(store(checked.event, now));
                    if (results.back().status == ResultStatus::stored && has_rating_effects(checked.event.type))
                        rated.push_back(&checked.event);
                }
            }
            batch->results = std::move(results);
        }
        if (!rated.empty()) apply_rating_effects(rated, *rating_rows_);
        transaction.commit();
    }

    EventResult store(const Event& event, const std::string& now) {
        const std::string hash = content_hash(event);
        insert_.bind(1, event.id)
            .bind(2, hash)
            .bind(3, event.type)
            .bind(4, event.created_at)
            .bind(5, event.kiosk_id)
            .bind(6, event.department)
            .bind(7, event.language)
            .bind(8, event.payload)
            .bind(9, now);
        const int inserted = insert_.run();
        insert_.reset();
        if (inserted == 1) {
            if (has_question_effects(event.type)) apply_question_effects(event, *question_rows_);
            return {event.id, ResultStatus::stored, {}};
        }

        stored_hash_.bind(1, event.id);
        const bool found = stored_hash_.step();
        const std::string existing = found ? stored_hash_.column_text(0) : std::string();
        stored_hash_.reset();
        if (existing == hash) return {event.id, ResultStatus::duplicate, {}};
        return {event.id, ResultStatus::rejected,
                "conflict: an event with this id and different content is already stored; it was not changed"};
    }
};

}  // namespace

std::unique_ptr<EventWriter> make_event_writer(const std::string& path) {
    return guarded("opening the writer", [&] { return std::make_unique<SqliteEventWriter>(path); });
}

}  // namespace floorsync::collector::sqlite_backend

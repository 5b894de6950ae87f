// Batch ingest: INSERT ... ON CONFLICT(id) DO NOTHING, then a content-hash comparison tells duplicate from conflict.
#include "collector/ingest.hpp"

#include "collector/database.hpp"

namespace floorsync::collector {

struct EventWriter::Impl {
    explicit Impl(sqlite::Database& database)
        : db(database),
          insert(db,
                 "INSERT INTO events(id, content_hash, type, created_at, kiosk_id, department, language, payload, "
                 "received_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO NOTHING"),
          stored_hash(db, "SELECT content_hash FROM events WHERE id = ?1"),
          report(db,
                 "UPDATE kiosks SET last_seen = ?2, app_version = ?3, backlog = ?4 "
                 "WHERE id = ?1 AND revoked_at IS NULL"),
          seen(db, "UPDATE kiosks SET last_seen = ?2 WHERE id = ?1 AND revoked_at IS NULL") {}

    sqlite::Database& db;
    sqlite::Statement insert;
    sqlite::Statement stored_hash;
    sqlite::Statement report;
    sqlite::Statement seen;

    EventResult store(const Event& event, const std::string& now) {
        const std::string hash = content_hash(event);
        insert.bind(1, event.id)
            .bind(2, hash)
            .bind(3, event.type)
            .bind(4, event.created_at)
            .bind(5, event.kiosk_id)
            .bind(6, event.department)
            .bind(7, event.language)
            .bind(8, event.payload)
            .bind(9, now);
        const int inserted = insert.run();
        insert.reset();
        if (inserted == 1) return {event.id, ResultStatus::stored, {}};

        stored_hash.bind(1, event.id);
        const bool found = stored_hash.step();
        const std::string existing = found ? stored_hash.column_text(0) : std::string();
        stored_hash.reset();
        if (existing == hash) return {event.id, ResultStatus::duplicate, {}};
        return {event.id, ResultStatus::rejected,
                "conflict: an event with this id and different content is already stored; it was not changed"};
    }
};

EventWriter::EventWriter(sqlite::Database& db) : impl_(std::make_unique<Impl>(db)) {}
EventWriter::~EventWriter() = default;

void EventWriter::write(const std::vector<BatchWrite*>& batches, const std::string& now) {
    sqlite::Transaction transaction(impl_->db);
    for (BatchWrite* batch : batches) {
        batch->results.reset();
        if (batch->report == nullptr) {
            impl_->seen.bind(1, batch->kiosk->id).bind(2, now).run();
            impl_->seen.reset();
            batch->results.emplace();
            continue;
        }
        auto& update = impl_->report;
        update.bind(1, batch->kiosk->id).bind(2, now).bind(3, batch->report->app_version).bind(4, batch->report->backlog);
        const int updated = update.run();
        update.reset();
        if (updated == 0) continue;  // revoked between authentication and now

        std::vector<EventResult> results;
        results.reserve(batch->events->size());
        for (const CheckedEvent& checked : *batch->events) {
            if (!checked.error.empty()) {
                results.push_back({checked.event.id, ResultStatus::rejected, checked.error});
            } else {
                results.push_back(impl_->store(checked.event, now));
            }
        }
        batch->results = std::move(results);
    }
    try {
        transaction.commit();
    } catch (...) {
        for (BatchWrite* batch : batches) batch->results.reset();
        throw;
    }
}

}  // namespace floorsync::collector

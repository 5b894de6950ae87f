// The kiosk's outbox Store: one SQLite connection (WAL, synchronous=FULL) with cached statements per operation.
// The content cache on the same connection is in store_content.cpp.
#include "sync/store.hpp"

#include "sync/store_impl.hpp"

#include "sync/shared/clock.hpp"
#include "sync/sqlite.hpp"
#include "sync/store_schema.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

namespace floorsync {
namespace {

constexpr int kPruneChunk = 2000;  // rows per transaction, so pruning never holds the write lock for long
constexpr const char* kEventColumns = store_detail::kEventColumns;

using store_detail::read_event;

// Sent times are compared as text, which orders correctly only in one canonical form.
std::string canonical_time(const std::string& text, const std::string& path, const char* what) {
    const auto parsed = parse_rfc3339(text);
    if (!parsed) {
        throw StoreError("cannot use '" + text + "' as " + what + " for " + path + ": not an RFC 3339 time",
                         SQLITE_MISUSE);
    }
    return format_rfc3339_utc(*parsed);
}

// ["id1","id2",...] for json_each(); ids are UUIDs, but any text is escaped correctly.
std::string json_string_array(const std::vector<std::string>& texts) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "[";
    for (const std::string& text : texts) {
        if (out.size() > 1) {
            out += ',';
        }
        out += '"';
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (byte < 0x20) {
                out += "\\u00";
                out += hex[byte >> 4];
                out += hex[byte & 0xf];
            } else {
                out += c;
            }
        }
        out += '"';
    }
    out += ']';
    return out;
}

static_assert(Store::kSchemaVersion == store_schema::kCurrentVersion);

}  // namespace


Store::Store(const std::string& path) : impl_(std::make_unique<Impl>(path)) {}

Store::~Store() = default;

const std::string& Store::path() const { return impl_->db.path(); }

void Store::append(const Event& event) {
    std::lock_guard lock(impl_->mutex);
    try {
        impl_->check_file_is_still_ours();
        // A single INSERT in autocommit mode is its own transaction, with the counter trigger inside it.
        impl_->insert_event(event);
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("store event", failure);
    }
}

void Store::append_all(const std::vector<Event>& events) {
    std::lock_guard lock(impl_->mutex);
    try {
        impl_->check_file_is_still_ours();
        sqlite::Transaction transaction(impl_->db);
        for (const Event& event : events) {
            impl_->insert_event(event);
        }
        transaction.commit();
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("store " + std::to_string(events.size()) + " events", failure);
    }
}

std::optional<StoredEvent> Store::find(const std::string& id) {
    std::lock_guard lock(impl_->mutex);
    try {
        sqlite::Statement& query = impl_->find;
        query.reset();
        query.bind(1, id);
        if (!query.step()) {
            return std::nullopt;
        }
        StoredEvent found = read_event(query);
        query.reset();
        return found;
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read event " + id, failure);
    }
}

std::vector<StoredEvent> Store::pending_batch(std::size_t max_events, std::size_t max_bytes, std::int64_t after_seq) {
    std::lock_guard lock(impl_->mutex);
    std::vector<StoredEvent> batch;
    if (max_events == 0) {
        return batch;
    }
    try {
        sqlite::Statement& query = impl_->pending;
        query.reset();
        query.bind(1, static_cast<std::int64_t>(max_events)).bind(2, after_seq);
        std::size_t bytes = 0;
        while (query.step()) {
            const std::size_t payload_bytes = query.column_bytes(7);
            if (!batch.empty() && bytes + payload_bytes > max_bytes) {
                break;
            }
            bytes += payload_bytes;
            batch.push_back(read_event(query));
        }
        query.reset();
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read pending events", failure);
    }
    return batch;
}

void Store::mark_sent(const std::vector<std::string>& ids, const std::string& sent_at) {
    const std::string when = canonical_time(sent_at, path(), "the sent time");
    if (ids.empty()) {
        return;
    }
    const std::string id_array = json_string_array(ids);
    std::lock_guard lock(impl_->mutex);
    try {
        // A single statement is atomic on its own: all of these events are marked, or none.
        impl_->run_relaxed(impl_->mark_sent, id_array, when);
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("mark " + std::to_string(ids.size()) + " events as sent", failure);
    }
}

void Store::mark_sent_by_seq(const std::vector<std::int64_t>& seqs, const std::string& sent_at) {
    const std::string when = canonical_time(sent_at, path(), "the sent time");
    if (seqs.empty()) {
        return;
    }
    std::string seq_array = "[";
    for (const std::int64_t seq : seqs) {
        if (seq_array.size() > 1) {
            seq_array += ',';
        }
        seq_array += std::to_string(seq);
    }
    seq_array += ']';
    std::lock_guard lock(impl_->mutex);
    try {
        impl_->run_relaxed(impl_->mark_sent_by_seq, seq_array, when);
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("mark " + std::to_string(seqs.size()) + " events as sent", failure);
    }
}

void Store::quarantine(const std::string& id, const std::string& reason) {
    std::lock_guard lock(impl_->mutex);
    try {
        sqlite::Transaction transaction(impl_->db);
        sqlite::Statement lookup(impl_->db, "SELECT state FROM events WHERE id = ?1");
        lookup.bind(1, id);
        if (!lookup.step()) {
            throw StoreError("cannot quarantine event " + id + " in " + path() + ": no such event", SQLITE_NOTFOUND);
        }
        if (static_cast<EventState>(lookup.column_int64(0)) == EventState::sent) {
            return;  // the collector already has it; nothing to hold back
        }
        sqlite::Statement update(impl_->db, "UPDATE events SET state = 2, quarantine_reason = ?2 WHERE id = ?1");
        update.bind(1, id).bind(2, reason);
        update.run();
        transaction.commit();
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("quarantine event " + id, failure);
    }
}

std::vector<StoredEvent> Store::quarantined(std::size_t limit) {
    std::lock_guard lock(impl_->mutex);
    std::vector<StoredEvent> found;
    try {
        sqlite::Statement query(impl_->db, "SELECT " + std::string(kEventColumns) +
                                               " FROM events WHERE state = 2 ORDER BY seq LIMIT ?1");
        query.bind(1, static_cast<std::int64_t>(limit));
        while (query.step()) {
            found.push_back(read_event(query));
        }
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read quarantined events", failure);
    }
    return found;
}

std::int64_t Store::requeue_quarantined(const std::optional<std::string>& id) {
    std::lock_guard lock(impl_->mutex);
    try {
        sqlite::Statement update(impl_->db, id ? "UPDATE events SET state = 0, quarantine_reason = NULL "
                                                 "WHERE state = 2 AND id = ?1"
                                               : "UPDATE events SET state = 0, quarantine_reason = NULL WHERE state = 2");
        if (id) update.bind(1, *id);
        return update.run();
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail(id ? "requeue quarantined event " + *id : std::string("requeue quarantined events"), failure);
    }
}

OutboxCounts Store::counts() {
    std::lock_guard lock(impl_->mutex);
    OutboxCounts counts;
    try {
        sqlite::Statement& query = impl_->counts;
        query.reset();
        while (query.step()) {
            const std::int64_t n = query.column_int64(1);
            switch (static_cast<EventState>(query.column_int64(0))) {
                case EventState::pending: counts.pending = n; break;
                case EventState::sent: counts.sent = n; break;
                case EventState::quarantined: counts.quarantined = n; break;
            }
        }
        query.reset();
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("count events", failure);
    }
    return counts;
}

std::int64_t Store::prune_sent_before(const std::string& cutoff) {
    const std::string before = canonical_time(cutoff, path(), "the pruning cut-off");
    std::lock_guard lock(impl_->mutex);
    std::int64_t deleted = 0;
    try {
        sqlite::Statement prune(impl_->db,
            "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE state = 1 AND sent_at < ?1 LIMIT ?2)");
        for (;;) {
            sqlite::Transaction transaction(impl_->db);
            prune.reset();
            prune.bind(1, before).bind(2, kPruneChunk);
            const int removed = prune.run();
            transaction.commit();
            deleted += removed;
            if (removed < kPruneChunk) {
                break;
            }
        }
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("prune sent events", failure);
    }
    return deleted;
}

void Store::set_meta(const std::string& key, const std::string& value) {
    std::lock_guard lock(impl_->mutex);
    try {
        sqlite::Statement upsert(impl_->db,
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        upsert.bind(1, key).bind(2, value);
        upsert.run();
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("save setting " + key, failure);
    }
}

std::optional<std::string> Store::meta(const std::string& key) {
    std::lock_guard lock(impl_->mutex);
    try {
        sqlite::Statement query(impl_->db, "SELECT value FROM meta WHERE key = ?1");
        query.bind(1, key);
        if (!query.step()) {
            return std::nullopt;
        }
        return query.column_text(0);
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read setting " + key, failure);
    }
}

bool Store::integrity_ok() {
    std::lock_guard lock(impl_->mutex);
    try {
        return impl_->db.query_text("PRAGMA integrity_check") == "ok";
    } catch (const sqlite::SqliteError& failure) {
        if (failure.code == SQLITE_CORRUPT || failure.code == SQLITE_NOTADB) {
            return false;
        }
        impl_->fail("check integrity", failure);
    }
}

ConnectionSettings Store::connection_settings() {
    std::lock_guard lock(impl_->mutex);
    try {
        sqlite::Database& db = impl_->db;
        ConnectionSettings settings;
        settings.journal_mode = db.query_text("PRAGMA journal_mode");
        settings.synchronous = static_cast<int>(db.query_int64("PRAGMA synchronous"));
        settings.foreign_keys = db.query_int64("PRAGMA foreign_keys") == 1;
        settings.busy_timeout_ms = static_cast<int>(db.query_int64("PRAGMA busy_timeout"));
        settings.schema_version = store_schema::read_version(db);
        return settings;
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read connection settings", failure);
    }
}

}  // namespace floorsync

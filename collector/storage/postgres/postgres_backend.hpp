// Internal to the PostgreSQL backend: its classes' factories, error wording, reconnecting sessions, text arrays.
#pragma once

#include "collector/storage/postgres/pq.hpp"
#include "collector/storage/storage.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace floorsync::collector::postgres_backend {

// Where a backend object connects: the libpq conninfo (never shown) and "PostgreSQL host:port/dbname" (for messages).
struct Target {
    std::string conninfo;
    std::string description;
};

// Runs `function`; a PqError (or a parameter libpq cannot send) becomes a StorageError that names the backend, the
// database, the step and the server's message. PqError messages never hold the password.
template <class Function>
auto guarded(const Target& target, const char* step, Function&& function) -> decltype(function()) {
    try {
        return function();
    } catch (const pq::PqError& error) {
        throw StorageError(target.description + ": " + step + ": " + error.what());
    } catch (const std::invalid_argument& error) {
        throw StorageError(target.description + ": " + step + ": " + error.what());
    }
}

// One connection that is replaced (and its statements prepared again) when the previous one was lost.
class Session {
public:
    using Prepare = void (*)(pq::Connection&);
    explicit Session(const Target& target, Prepare prepare = nullptr)
        : conninfo_(target.conninfo), prepare_(prepare), conn_(connect()) {}

    // The connection, reconnecting first when the last command found it broken. Throws pq::PqError.
    pq::Connection& get() {
        if (!conn_.ok()) conn_ = connect();
        return conn_;
    }

private:
    pq::Connection connect() const {
        pq::Connection conn(conninfo_);
        if (prepare_ != nullptr) prepare_(conn);
        return conn;
    }

    std::string conninfo_;
    Prepare prepare_;
    pq::Connection conn_;
};

// Runs a read-only `function(conn)`; when the connection turns out to be lost (say the server restarted since the
// last call), runs it once more on a new connection.
template <class Function>
auto with_reconnect(Session& session, Function&& function) -> decltype(function(session.get())) {
    try {
        return function(session.get());
    } catch (const pq::PqError& error) {
        if (!error.connection_lost()) throw;
    }
    return function(session.get());
}

// A PostgreSQL array literal of text for a bound "$n::text[]" parameter: every element double-quoted, with '"' and
// '\' escaped by a backslash (so "NULL", commas, braces and spaces stay plain text).
class TextArray {
public:
    void add(std::string_view element) {
        text_ += text_.empty() ? '{' : ',';
        text_ += '"';
        for (const char c : element) {
            if (c == '"' || c == '\\') text_ += '\\';
            text_ += c;
        }
        text_ += '"';
    }
    std::string literal() const { return text_.empty() ? std::string("{}") : text_ + '}'; }

private:
    std::string text_;
};

inline std::string text_array(const std::vector<std::string>& elements) {
    TextArray array;
    for (const auto& element : elements) array.add(element);
    return array.literal();
}

// NULL for an empty optional column (revoked_at, last_seen, app_version), as on SQLite.
inline std::optional<std::string> null_if_empty(const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

// $1..$8 of an INSERT INTO kiosks(id, token_hash, created_at, revoked_at, last_seen, app_version, backlog, site).
inline pq::Params kiosk_row_params(const KioskRecord& record) {
    pq::Params params;
    params.add(record.id).add(record.token_hash).add(record.created_at);
    params.add(null_if_empty(record.revoked_at)).add(null_if_empty(record.last_seen));
    params.add(null_if_empty(record.app_version));
    if (record.backlog) {
        params.add(*record.backlog);
    } else {
        params.add_null();
    }
    params.add(record.site);
    return params;
}

// ---- Storing events: one INSERT ... SELECT FROM unnest(...) per call, shared by ingest and copy-db ----

inline constexpr const char* kInsertEventsStatement = "floor_insert_events";
inline constexpr const char* kInsertEventsSql =
    "INSERT INTO events(id, content_hash, type, created_at, kiosk_id, department, language, payload, received_at) "
    "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], "
    "$8::text[], $9::text[]) ON CONFLICT (id) DO NOTHING RETURNING id";
inline constexpr const char* kStoredHashesStatement = "floor_stored_hashes";
inline constexpr const char* kStoredHashesSql = "SELECT id, content_hash FROM events WHERE id = ANY($1::text[])";

inline void prepare_event_statements(pq::Connection& conn) {
    conn.prepare(kInsertEventsStatement, kInsertEventsSql);
    conn.prepare(kStoredHashesStatement, kStoredHashesSql);
}

struct EventRow {
    const Event* event;
    std::string_view content_hash;
    std::string_view received_at;
};

// Inserts the rows whose id is not in `known` yet (only the first of equal ids) with one statement, in the given
// order (so seq, the arrival order, follows it), and reads the stored digest of those that were already there. Returns, per row, whether this call inserted it; afterwards `known` maps every row's id to
// the digest now stored under it ("" if, against all odds, none is). Needs prepare_event_statements() on `conn`.
inline std::vector<bool> insert_event_rows(pq::Connection& conn, const std::vector<EventRow>& rows,
                                           std::unordered_map<std::string, std::string>& known) {
    std::vector<std::size_t> fresh;  // indexes of the rows to send
    std::unordered_set<std::string_view> queued;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string& id = rows[i].event->id;
        if (known.count(id) == 0 && queued.insert(id).second) fresh.push_back(i);
    }
    std::vector<bool> inserted(rows.size(), false);
    if (fresh.empty()) return inserted;

    TextArray ids, hashes, types, created, kiosks, departments, languages, payloads, received;
    for (const std::size_t i : fresh) {
        const Event& event = *rows[i].event;
        ids.add(event.id);
        hashes.add(rows[i].content_hash);
        types.add(event.type);
        created.add(event.created_at);
        kiosks.add(event.kiosk_id);
        departments.add(event.department);
        languages.add(event.language);
        payloads.add(event.payload);
        received.add(rows[i].received_at);
    }
    pq::Params params;
    for (const TextArray* array :
         {&ids, &hashes, &types, &created, &kiosks, &departments, &languages, &payloads, &received}) {
        params.add(array->literal());
    }
    const pq::Result returned = conn.exec_prepared(kInsertEventsStatement, params);
    std::unordered_set<std::string_view> new_ids;
    for (int row = 0; row < returned.rows(); ++row) new_ids.insert(returned.view(row, 0));

    TextArray existing;
    bool any_existing = false;
    for (const std::size_t i : fresh) {
        const std::string& id = rows[i].event->id;
        if (new_ids.count(id) != 0) {
            inserted[i] = true;
            known.emplace(id, std::string(rows[i].content_hash));
        } else {
            existing.add(id);
            any_existing = true;
        }
    }
    if (any_existing) {
        const pq::Result stored = conn.exec_prepared(kStoredHashesStatement, pq::Params().add(existing.literal()));
        for (int row = 0; row < stored.rows(); ++row) known.emplace(stored.text(row, 0), stored.text(row, 1));
        for (const std::size_t i : fresh) {
            if (!inserted[i]) known.emplace(rows[i].event->id, std::string());  // no-op when found
        }
    }
    return inserted;
}

std::unique_ptr<EventWriter> make_event_writer(const Target& target);
std::unique_ptr<KioskTable> make_kiosk_table(const Target& target);
std::unique_ptr<RatingTable> make_rating_table(const Target& target);
std::unique_ptr<AccountTable> make_account_table(const Target& target);

}  // namespace floorsync::collector::postgres_backend

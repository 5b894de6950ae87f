// The kiosk's cache of the collector's feed: pages (content items, questions, ambassador credentials) applied
// atomically with the cursor, the cache read back, and the inputs of the content snapshot in one consistent read.
#include "sync/store.hpp"

#include "sync/store_impl.hpp"

#include <algorithm>

namespace floorsync {
namespace {

constexpr const char* kFeedCursorKey = "feed_cursor";
constexpr const char* kFeedEtagKey = "feed_etag";
constexpr const char* kFeedSyncedAtKey = "feed_synced_at";

// One cache row ready to write: what the page brings for one id.
struct CacheRow {
    std::string id;
    std::int64_t revision = 0;
    std::string column;  // the third column: kind (content) or department (questions, ambassadors)
    std::string document;
};

// A cached row that no longer decodes (a kind or a field this version does not accept, e.g. after a downgrade).
struct UnreadableRow {
    const char* table;
    std::string id;
    std::string document;
};

std::optional<content::Item> decode_item(const std::string& document) {
    try {
        return content::decode(document);
    } catch (const content::ContentError&) {
        return std::nullopt;
    }
}

std::optional<questions::View> decode_question(const std::string& document) {
    try {
        return questions::decode_view(document);
    } catch (const questions::QuestionError&) {
        return std::nullopt;
    }
}

std::optional<ambassador::Credential> decode_credential(const std::string& document) {
    try {
        return ambassador::decode_credential(document);
    } catch (const ambassador::CredentialError&) {
        return std::nullopt;
    }
}

// Every row of a cache table, decoded, oldest revision first. One statement reads one consistent snapshot.
template <typename Value, typename Decode>
std::vector<Value> read_rows(sqlite::Database& db, const char* table, Decode decode,
                             std::vector<UnreadableRow>& unreadable) {
    std::vector<Value> values;
    sqlite::Statement query(db, std::string("SELECT id, document FROM ") + table + " ORDER BY revision, id");
    while (query.step()) {
        std::string id = query.column_text(0);
        std::string document = query.column_text(1);
        std::optional<Value> value = decode(document);
        if (value && value->id == id) {
            values.push_back(std::move(*value));
        } else {
            unreadable.push_back({table, std::move(id), std::move(document)});
        }
    }
    return values;
}

// Deletes only the text that failed: a row the feed replaced meanwhile stays.
void delete_unreadable(sqlite::Database& db, const std::vector<UnreadableRow>& unreadable) {
    if (unreadable.empty()) return;
    sqlite::Transaction transaction(db);
    for (const UnreadableRow& row : unreadable) {
        sqlite::Statement remove(db, std::string("DELETE FROM ") + row.table + " WHERE id = ?1 AND document = ?2");
        remove.bind(1, row.id).bind(2, row.document);
        remove.run();
    }
    transaction.commit();
}

// Removals first, then upserts. An unchanged row (same revision and text, e.g. a page asked for twice) counts as
// no change.
std::int64_t apply_section(sqlite::Database& db, const char* table, const char* column,
                           const std::vector<std::string>& removals, const std::vector<CacheRow>& upserts) {
    std::int64_t changed = 0;
    sqlite::Statement remove(db, std::string("DELETE FROM ") + table + " WHERE id = ?1");
    for (const std::string& id : removals) {
        remove.reset();
        remove.bind(1, id);
        changed += remove.run();
    }
    const std::string t = table;
    const std::string c = column;
    sqlite::Statement upsert(db,
        "INSERT INTO " + t + " (id, revision, " + c + ", document) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, " + c + " = excluded." + c + ", "
        "document = excluded.document "
        "WHERE " + t + ".revision <> excluded.revision OR " + t + ".document <> excluded.document");
    for (const CacheRow& row : upserts) {
        upsert.reset();
        upsert.bind(1, row.id).bind(2, row.revision).bind(3, row.column).bind(4, row.document);
        changed += upsert.run();
    }
    return changed;
}

// Encoded before the write lock is taken, and checked by decoding the text again: a value the feed reader decoded
// passes; any other bad value throws (ContentError, QuestionError, CredentialError) and nothing is written.
std::vector<CacheRow> item_rows(const std::vector<content::Item>& items) {
    std::vector<CacheRow> rows;
    for (const content::Item& item : items)
        rows.push_back({item.id, item.revision, content::to_string(item.kind), content::encode(item)});
    return rows;
}

std::vector<CacheRow> question_rows(const std::vector<questions::View>& views) {
    std::vector<CacheRow> rows;
    for (const questions::View& view : views) {
        std::string document = questions::encode(view);
        questions::decode_view(document);
        rows.push_back({view.id, view.revision, view.department, std::move(document)});
    }
    return rows;
}

std::vector<CacheRow> credential_rows(const std::vector<ambassador::Credential>& credentials) {
    std::vector<CacheRow> rows;
    for (const ambassador::Credential& credential : credentials) {
        std::string document = ambassador::encode(credential);
        ambassador::decode_credential(document);
        rows.push_back({credential.id, credential.revision, credential.department, std::move(document)});
    }
    return rows;
}

}  // namespace

FeedPageApplied Store::apply_feed_page(const FeedPage& page) {
    const std::vector<CacheRow> items = item_rows(page.upserts);
    const std::vector<CacheRow> question_list = question_rows(page.question_upserts);
    const std::vector<CacheRow> credentials = credential_rows(page.ambassador_upserts);

    std::lock_guard lock(impl_->mutex);
    FeedPageApplied outcome;
    try {
        sqlite::Database& db = impl_->db;
        sqlite::Transaction transaction(db);
        if (impl_->meta_value(kFeedCursorKey) != page.from_cursor) return outcome;
        outcome.items_changed = apply_section(db, "content", "kind", page.removals, items);
        outcome.questions_changed = apply_section(db, "questions", "department", page.question_removals, question_list);
        outcome.ambassadors_changed =
            apply_section(db, "ambassadors", "department", page.ambassador_removals, credentials);
        impl_->write_meta(kFeedCursorKey, page.next_cursor);
        impl_->write_meta(kFeedEtagKey, page.etag);
        if (!page.synced_at.empty() && page.synced_at > impl_->meta_value(kFeedSyncedAtKey))
            impl_->write_meta(kFeedSyncedAtKey, page.synced_at);
        transaction.commit();
        outcome.applied = true;
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("store a page of the collector's feed (" + std::to_string(page.upserts.size()) + " items, " +
                        std::to_string(page.question_upserts.size()) + " questions, " +
                        std::to_string(page.ambassador_upserts.size()) + " credentials, " +
                        std::to_string(page.removals.size() + page.question_removals.size() +
                                       page.ambassador_removals.size()) +
                        " removals)",
                    failure);
    }
    return outcome;
}

std::vector<content::Item> Store::content_items() {
    std::lock_guard lock(impl_->mutex);
    try {
        std::vector<UnreadableRow> unreadable;
        auto items = read_rows<content::Item>(impl_->db, "content", decode_item, unreadable);
        delete_unreadable(impl_->db, unreadable);
        return items;
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read the cached content", failure);
    }
}

std::vector<questions::View> Store::cached_questions() {
    std::lock_guard lock(impl_->mutex);
    try {
        std::vector<UnreadableRow> unreadable;
        auto views = read_rows<questions::View>(impl_->db, "questions", decode_question, unreadable);
        delete_unreadable(impl_->db, unreadable);
        return views;
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read the cached questions", failure);
    }
}

std::vector<ambassador::Credential> Store::cached_ambassadors() {
    std::lock_guard lock(impl_->mutex);
    try {
        std::vector<UnreadableRow> unreadable;
        auto credentials = read_rows<ambassador::Credential>(impl_->db, "ambassadors", decode_credential, unreadable);
        delete_unreadable(impl_->db, unreadable);
        return credentials;
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read the cached ambassador credentials", failure);
    }
}

SnapshotInputs Store::snapshot_inputs(const std::optional<std::string>& known_cursor,
                                      const std::optional<OwnQuestionsMark>& known_own) {
    std::lock_guard lock(impl_->mutex);
    SnapshotInputs inputs;
    try {
        sqlite::Database& db = impl_->db;
        std::vector<UnreadableRow> unreadable;
        {
            // A read transaction: the feed's cache, its cursor and the outbox as of one moment.
            sqlite::Transaction read(db, sqlite::Transaction::Mode::deferred);
            inputs.feed_cursor = impl_->meta_value(kFeedCursorKey);
            inputs.feed_synced_at = impl_->meta_value(kFeedSyncedAtKey);
            // Both WHERE clauses hold the one of the partial index events_own_questions, so SQLite uses it (the
            // mark reads the index alone).
            sqlite::Statement mark(db, "SELECT count(*), coalesce(max(seq), 0) FROM events WHERE type IN "
                                       "('question', 'question_vote', 'question_moderation') AND state <> 2");
            mark.step();
            inputs.own_mark = {mark.column_int64(0), mark.column_int64(1), inputs.feed_synced_at};
            if (!known_own || *known_own != inputs.own_mark) {
                inputs.own_read = true;
                sqlite::Statement own(db, "SELECT " + std::string(store_detail::kEventColumns) +
                                              " FROM events WHERE type IN ('question', 'question_vote', "
                                              "'question_moderation') AND state <> 2 "
                                              "AND (state = 0 OR ?1 = '' OR sent_at >= ?1) ORDER BY seq DESC LIMIT ?2");
                own.bind(1, inputs.feed_synced_at).bind(2, static_cast<std::int64_t>(kMaxOwnQuestionEvents));
                while (own.step()) inputs.own_question_events.push_back(store_detail::read_event(own));
                std::reverse(inputs.own_question_events.begin(), inputs.own_question_events.end());
            }
            if (!known_cursor || *known_cursor != inputs.feed_cursor) {
                inputs.cache_read = true;
                inputs.items = read_rows<content::Item>(db, "content", decode_item, unreadable);
                inputs.questions = read_rows<questions::View>(db, "questions", decode_question, unreadable);
                inputs.ambassadors =
                    read_rows<ambassador::Credential>(db, "ambassadors", decode_credential, unreadable);
            }
            read.commit();
        }
        delete_unreadable(db, unreadable);
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read the cached content and this kiosk's own questions", failure);
    }
    return inputs;
}

std::string Store::feed_cursor() {
    std::lock_guard lock(impl_->mutex);
    try {
        return impl_->meta_value(kFeedCursorKey);
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read the feed cursor", failure);
    }
}

std::string Store::feed_etag() {
    std::lock_guard lock(impl_->mutex);
    try {
        return impl_->meta_value(kFeedEtagKey);
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read the feed's ETag", failure);
    }
}

std::string Store::feed_synced_at() {
    std::lock_guard lock(impl_->mutex);
    try {
        return impl_->meta_value(kFeedSyncedAtKey);
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read when the feed was last read to its end", failure);
    }
}

void Store::mark_feed_synced(const std::string& poll_started_at) {
    const auto parsed = parse_rfc3339(poll_started_at);
    if (!parsed)
        throw StoreError("cannot use '" + poll_started_at + "' as the feed's sync time for " + path() +
                             ": not an RFC 3339 time",
                         SQLITE_MISUSE);
    const std::string when = format_rfc3339_utc(*parsed);  // compared as text: one canonical form
    std::lock_guard lock(impl_->mutex);
    try {
        sqlite::Transaction transaction(impl_->db);
        if (when > impl_->meta_value(kFeedSyncedAtKey)) impl_->write_meta(kFeedSyncedAtKey, when);
        transaction.commit();
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("record when the feed was last read to its end", failure);
    }
}

}  // namespace floorsync

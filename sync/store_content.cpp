// The kiosk's content cache: pages of the collector's feed applied atomically, and the items read back.
#include "sync/store.hpp"

#include "sync/store_impl.hpp"

namespace floorsync {
namespace {

constexpr const char* kFeedCursorKey = "feed_cursor";
constexpr const char* kFeedEtagKey = "feed_etag";

}  // namespace

FeedPageApplied Store::apply_feed_page(const FeedPage& page) {
    // Encoded before the write lock is taken. content::encode validates: an item that content::decode returned passes;
    // any other bad item throws ContentError here and nothing is written.
    std::vector<std::string> documents;
    documents.reserve(page.upserts.size());
    for (const content::Item& item : page.upserts) documents.push_back(content::encode(item));

    std::lock_guard lock(impl_->mutex);
    FeedPageApplied outcome;
    try {
        sqlite::Database& db = impl_->db;
        sqlite::Transaction transaction(db);
        if (impl_->meta_value(kFeedCursorKey) != page.from_cursor) return outcome;
        sqlite::Statement remove(db, "DELETE FROM content WHERE id = ?1");
        for (const std::string& id : page.removals) {
            remove.reset();
            remove.bind(1, id);
            outcome.items_changed += remove.run();
        }
        // An unchanged item (same revision and text, e.g. a page asked for twice) counts as no change.
        sqlite::Statement upsert(db,
            "INSERT INTO content (id, revision, kind, document) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, kind = excluded.kind, "
            "document = excluded.document "
            "WHERE content.revision <> excluded.revision OR content.document <> excluded.document");
        for (std::size_t i = 0; i < page.upserts.size(); ++i) {
            const content::Item& item = page.upserts[i];
            upsert.reset();
            upsert.bind(1, item.id).bind(2, item.revision).bind(3, content::to_string(item.kind)).bind(4, documents[i]);
            outcome.items_changed += upsert.run();
        }
        impl_->write_meta(kFeedCursorKey, page.next_cursor);
        impl_->write_meta(kFeedEtagKey, page.etag);
        transaction.commit();
        outcome.applied = true;
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("store a page of the collector's feed (" + std::to_string(page.upserts.size()) + " items, " +
                        std::to_string(page.removals.size()) + " removals)",
                    failure);
    }
    return outcome;
}

std::vector<content::Item> Store::content_items() {
    std::lock_guard lock(impl_->mutex);
    std::vector<content::Item> items;
    try {
        sqlite::Database& db = impl_->db;
        struct Unreadable {
            std::string id;
            std::string document;
        };
        std::vector<Unreadable> unreadable;
        {
            // One statement reads one consistent snapshot, without holding the write lock the recorder needs.
            sqlite::Statement query(db, "SELECT id, document FROM content ORDER BY revision, id");
            while (query.step()) {
                std::string id = query.column_text(0);
                std::string document = query.column_text(1);
                try {
                    content::Item item = content::decode(document);
                    if (item.id != id) throw content::ContentError("id", "differs from the row's id " + id);
                    items.push_back(std::move(item));
                } catch (const content::ContentError&) {
                    unreadable.push_back({std::move(id), std::move(document)});
                }
            }
        }
        if (!unreadable.empty()) {
            sqlite::Transaction transaction(db);
            // Only the text that failed: a row the feed replaced meanwhile stays.
            sqlite::Statement remove(db, "DELETE FROM content WHERE id = ?1 AND document = ?2");
            for (const Unreadable& row : unreadable) {
                remove.reset();
                remove.bind(1, row.id).bind(2, row.document);
                remove.run();
            }
            transaction.commit();
        }
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail("read the cached content", failure);
    }
    return items;
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

}  // namespace floorsync

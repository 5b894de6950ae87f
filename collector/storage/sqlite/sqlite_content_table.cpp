// SQLite content rows: every write takes the next content_head revision inside its BEGIN IMMEDIATE transaction.
#include "collector/storage/sqlite/sqlite_content_table.hpp"

#include "collector/storage/audience_change.hpp"
#include "collector/storage/content_rows.hpp"
#include "collector/storage/sqlite/sqlite_backend.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"

#include <algorithm>
#include <cstdint>

namespace floorsync::collector::sqlite_backend {

namespace {

constexpr const char* kBackend = "SQLite";
constexpr const char* kRecordColumns = "document, revision, withdrawn, withdrawn_at";

std::int64_t next_revision(sqlite::Database& db) { return next_content_revision(db); }

ContentRecord record_of(const sqlite::Statement& row) {
    return content_record(kBackend, row.column_text(0), row.column_int64(1), row.column_int64(2) != 0,
                          row.column_text(3));
}

std::vector<ContentRecord> read_all(sqlite::Statement& query) {
    std::vector<ContentRecord> records;
    while (query.step()) records.push_back(record_of(query));
    return records;
}

class SqliteContentTable final : public ContentTable {
public:
    explicit SqliteContentTable(const std::string& path) : db_(open_collector_database(path)) {}

    std::int64_t insert(const content::Item& item) override {
        return guarded("adding a content item", [&] {
            sqlite::Transaction transaction(db_);  // BEGIN IMMEDIATE: writers take turns, revisions follow commits
            const std::int64_t revision = next_revision(db_);
            sqlite::Statement insert(db_, "INSERT INTO content(id, kind, revision, document) VALUES(?1, ?2, ?3, ?4)");
            insert.bind(1, item.id).bind(2, content::to_string(item.kind)).bind(3, revision);
            insert.bind(4, content_document(item, revision)).run();
            transaction.commit();
            return revision;
        });
    }

    std::optional<std::int64_t> replace(const content::Item& item) override {
        return guarded("changing a content item", [&]() -> std::optional<std::int64_t> {
            sqlite::Transaction transaction(db_);
            const std::int64_t revision = next_revision(db_);
            sqlite::Statement update(db_,
                                     "UPDATE content SET kind = ?2, revision = ?3, document = ?4 "
                                     "WHERE id = ?1 AND withdrawn = 0");
            update.bind(1, item.id).bind(2, content::to_string(item.kind)).bind(3, revision);
            if (update.bind(4, content_document(item, revision)).run() == 0) return std::nullopt;  // rolls back
            transaction.commit();
            return revision;
        });
    }

    std::optional<std::int64_t> withdraw(const std::string& id, const std::string& now) override {
        return guarded("withdrawing a content item", [&]() -> std::optional<std::int64_t> {
            sqlite::Transaction transaction(db_);
            const std::int64_t revision = next_revision(db_);
            const auto current = read_one("WHERE id = ?1 AND withdrawn = 0", id);
            if (!current) return std::nullopt;  // rolls back
            sqlite::Statement update(db_,
                                     "UPDATE content SET revision = ?2, withdrawn = 1, withdrawn_at = ?3, document = ?4 "
                                     "WHERE id = ?1");
            update.bind(1, id).bind(2, revision).bind(3, now).bind(4, content_document(current->item, revision)).run();
            transaction.commit();
            return revision;
        });
    }

    std::optional<ContentRecord> find(const std::string& id) override {
        return guarded("reading a content item", [&] { return read_one("WHERE id = ?1", id); });
    }

    std::vector<ContentRecord> list() override {
        return guarded("listing content", [&] {
            sqlite::Statement query(db_, std::string("SELECT ") + kRecordColumns + " FROM content ORDER BY revision");
            return read_all(query);
        });
    }

    std::vector<ContentRecord> changed_since(std::int64_t revision, std::size_t limit) override {
        return guarded("reading content changes", [&] {
            sqlite::Statement query(db_, std::string("SELECT ") + kRecordColumns +
                                             " FROM content WHERE revision > ?1 ORDER BY revision LIMIT ?2");
            query.bind(1, revision).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
            return read_all(query);
        });
    }

    std::int64_t head_revision() override {
        return guarded("reading the content revision",
                       [&] { return db_.query_int64("SELECT revision FROM content_head WHERE id = 1"); });
    }

    std::map<std::string, std::int64_t> interest_counts() override {
        return guarded("counting training interest", [&] {
            std::map<std::string, std::int64_t> counts;
            sqlite::Statement query(db_,
                                    "SELECT json_extract(payload, '$.session'), count(*) FROM events "
                                    "WHERE type = 'training_interest' GROUP BY json_extract(payload, '$.session')");
            while (query.step()) counts[query.column_text(0)] = query.column_int64(1);
            return counts;
        });
    }

private:
    sqlite::Database db_;

    std::optional<ContentRecord> read_one(const char* where, const std::string& id) {
        sqlite::Statement query(db_, std::string("SELECT ") + kRecordColumns + " FROM content " + where);
        query.bind(1, id);
        if (!query.step()) return std::nullopt;
        return record_of(query);
    }
};

}  // namespace

std::int64_t next_content_revision(sqlite::Database& db) {
    sqlite::Statement bump(db, "UPDATE content_head SET revision = revision + 1 WHERE id = 1 RETURNING revision");
    if (!bump.step()) throw StoreError(db.path() + ": the content_head row is missing", sqlite::code_corrupt);
    return bump.column_int64(0);
}

std::size_t resend_for_department_change(sqlite::Database& db, const std::vector<std::string>& before,
                                         const std::vector<std::string>& after) {
    sqlite::Statement query(db, std::string("SELECT ") + kRecordColumns +
                                    " FROM content WHERE withdrawn = 0 ORDER BY revision");
    const auto resend = items_to_resend(read_all(query), before, after);
    sqlite::Statement update(db, "UPDATE content SET revision = ?2, document = ?3 WHERE id = ?1");
    for (const ContentRecord& record : resend) {
        const std::int64_t revision = next_revision(db);
        update.bind(1, record.item.id).bind(2, revision).bind(3, content_document(record.item, revision)).run();
        update.reset();
    }
    return resend.size();
}

std::unique_ptr<ContentTable> make_content_table(const std::string& path) {
    return guarded("opening the content table", [&] { return std::make_unique<SqliteContentTable>(path); });
}

}  // namespace floorsync::collector::sqlite_backend

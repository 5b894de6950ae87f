// SQLite kiosk rows: insert, departments (resending the content they show or hide), tokens, site, revoke, list,
// lookup.
#include "collector/storage/sqlite/sqlite_backend.hpp"
#include "collector/storage/sqlite/sqlite_content_table.hpp"
#include "collector/storage/sqlite/sqlite_question_table.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"

namespace floorsync::collector::sqlite_backend {

namespace {

class SqliteKioskTable final : public KioskTable {
public:
    explicit SqliteKioskTable(const std::string& path)
        : db_(open_collector_database(path)),
          find_by_token_(db_, "SELECT id FROM kiosks WHERE token_hash = ?1 AND revoked_at IS NULL"),
          departments_of_(db_, "SELECT department FROM kiosk_departments WHERE kiosk_id = ?1 ORDER BY department") {}

    bool insert(const KioskRecord& record) override {
        return guarded("adding a kiosk", [&] {
            sqlite::Transaction transaction(db_);
            if (exists(record.id)) return false;
            sqlite::Statement insert(db_,
                                     "INSERT INTO kiosks(id, token_hash, created_at, revoked_at, last_seen, app_version, "
                                     "backlog, site) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
            insert.bind(1, record.id).bind(2, record.token_hash).bind(3, record.created_at);
            bind_optional(insert, 4, record.revoked_at);
            bind_optional(insert, 5, record.last_seen);
            bind_optional(insert, 6, record.app_version);
            if (record.backlog) {
                insert.bind(7, *record.backlog);
            } else {
                insert.bind_null(7);
            }
            insert.bind(8, record.site).run();
            insert_departments(record.id, record.departments);
            transaction.commit();
            return true;
        });
    }

    std::optional<std::size_t> replace_departments(const std::string& id,
                                                   const std::vector<std::string>& departments) override {
        return guarded("changing a kiosk's departments", [&]() -> std::optional<std::size_t> {
            sqlite::Transaction transaction(db_);  // BEGIN IMMEDIATE: also the content writers' turn
            if (!exists(id)) return std::nullopt;
            const std::vector<std::string> before = this->departments(id);
            sqlite::Statement remove(db_, "DELETE FROM kiosk_departments WHERE kiosk_id = ?1");
            remove.bind(1, id).run();
            insert_departments(id, departments);
            std::size_t resent = resend_for_department_change(db_, before, departments);
            resent += resend_gained_departments(db_, before, departments);
            transaction.commit();
            return resent;
        });
    }

    bool set_token_hash(const std::string& id, const std::string& token_hash) override {
        return guarded("issuing a kiosk token", [&] {
            sqlite::Statement update(db_, "UPDATE kiosks SET token_hash = ?2, revoked_at = NULL WHERE id = ?1");
            return update.bind(1, id).bind(2, token_hash).run() == 1;
        });
    }

    bool set_site(const std::string& id, const std::string& site) override {
        return guarded("setting a kiosk's site", [&] {
            sqlite::Statement update(db_, "UPDATE kiosks SET site = ?2 WHERE id = ?1");
            return update.bind(1, id).bind(2, site).run() == 1;
        });
    }

    RevokeResult revoke(const std::string& id, const std::string& now) override {
        return guarded("revoking a kiosk", [&] {
            sqlite::Transaction transaction(db_);
            if (!exists(id)) return RevokeResult::unknown;
            sqlite::Statement update(db_, "UPDATE kiosks SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
            const bool changed = update.bind(1, id).bind(2, now).run() == 1;
            transaction.commit();
            return changed ? RevokeResult::revoked : RevokeResult::already_revoked;
        });
    }

    std::vector<KioskRecord> list() override {
        return guarded("listing kiosks", [&] {
            std::vector<KioskRecord> records;
            sqlite::Statement query(db_,
                                    "SELECT id, token_hash, created_at, revoked_at, last_seen, app_version, backlog, "
                                    "site, quarantined FROM kiosks ORDER BY id");
            while (query.step()) {
                KioskRecord record;
                record.id = query.column_text(0);
                record.token_hash = query.column_text(1);
                record.created_at = query.column_text(2);
                record.revoked_at = query.column_text(3);
                record.last_seen = query.column_text(4);
                record.app_version = query.column_text(5);
                if (!query.column_is_null(6)) record.backlog = query.column_int64(6);
                record.site = query.column_text(7);
                if (!query.column_is_null(8)) record.quarantined = query.column_int64(8);
                records.push_back(std::move(record));
            }
            for (auto& record : records) record.departments = departments(record.id);
            return records;
        });
    }

    std::optional<KioskIdentity> find_active(const std::string& token_hash) override {
        return guarded("checking a kiosk token", [&] {
            find_by_token_.reset();
            find_by_token_.bind(1, token_hash);
            std::optional<KioskIdentity> identity;
            if (find_by_token_.step()) identity = KioskIdentity{find_by_token_.column_text(0), {}};
            find_by_token_.reset();
            if (identity) identity->departments = departments(identity->id);
            return identity;
        });
    }

    void check() override {
        guarded("health check", [&] { db_.query_int64("SELECT count(*) FROM kiosks"); });
    }

private:
    sqlite::Database db_;
    sqlite::Statement find_by_token_;
    sqlite::Statement departments_of_;

    static void bind_optional(sqlite::Statement& statement, int index, const std::string& text) {
        if (text.empty()) {
            statement.bind_null(index);
        } else {
            statement.bind(index, text);
        }
    }

    bool exists(const std::string& id) {
        sqlite::Statement query(db_, "SELECT 1 FROM kiosks WHERE id = ?1");
        query.bind(1, id);
        return query.step();
    }

    void insert_departments(const std::string& id, const std::vector<std::string>& departments) {
        sqlite::Statement insert(db_, "INSERT OR IGNORE INTO kiosk_departments(kiosk_id, department) VALUES(?1, ?2)");
        for (const auto& department : departments) {
            insert.bind(1, id).bind(2, department).run();
            insert.reset();
        }
    }

    std::vector<std::string> departments(const std::string& id) {
        std::vector<std::string> result;
        departments_of_.reset();
        departments_of_.bind(1, id);
        while (departments_of_.step()) result.push_back(departments_of_.column_text(0));
        departments_of_.reset();
        return result;
    }
};

}  // namespace

std::unique_ptr<KioskTable> make_kiosk_table(const std::string& path) {
    return guarded("opening the kiosk registry", [&] { return std::make_unique<SqliteKioskTable>(path); });
}

}  // namespace floorsync::collector::sqlite_backend

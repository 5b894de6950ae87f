// SQLite ambassadors and department salts: every change takes the next content_head revision in its transaction.
#include "collector/storage/sqlite/sqlite_backend.hpp"
#include "collector/storage/sqlite/sqlite_content_table.hpp"
#include "collector/storage/sqlite/sqlite_question_table.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>

namespace floorsync::collector::sqlite_backend {

namespace {

const std::string kSelect = std::string("SELECT ") + kAmbassadorColumns +
                            " FROM ambassadors AS a JOIN department_salts AS s ON s.department = a.department ";

class SqliteAmbassadorTable final : public AmbassadorTable {
public:
    explicit SqliteAmbassadorTable(const std::string& path) : db_(open_collector_database(path)) {}

    std::string department_salt(const std::string& department) override {
        return guarded("reading the department's salt", [&] {
            sqlite::Transaction transaction(db_);
            sqlite::Statement insert(db_,
                                     "INSERT INTO department_salts(department, salt) VALUES(?1, ?2) "
                                     "ON CONFLICT(department) DO NOTHING");
            insert.bind(1, department).bind(2, ambassador::new_salt_hex()).run();
            sqlite::Statement query(db_, "SELECT salt FROM department_salts WHERE department = ?1");
            query.bind(1, department);
            query.step();
            std::string salt = query.column_text(0);
            transaction.commit();
            return salt;
        });
    }

    std::int64_t insert(const AmbassadorRecord& r) override {
        return guarded("adding an ambassador", [&] {
            sqlite::Transaction transaction(db_);
            const std::int64_t revision = next_content_revision(db_);
            sqlite::Statement insert(db_,
                                     "INSERT INTO ambassadors(id, name, department, check_value, mac_key, opslimit, "
                                     "memlimit, created_at, removed_at, revision) "
                                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULLIF(?9, ''), ?10)");
            insert.bind(1, r.id).bind(2, r.name).bind(3, r.department).bind(4, r.check).bind(5, r.mac_key);
            insert.bind(6, static_cast<std::int64_t>(r.params.opslimit));
            insert.bind(7, static_cast<std::int64_t>(r.params.memlimit));
            insert.bind(8, r.created_at).bind(9, r.removed_at).bind(10, revision).run();
            transaction.commit();
            return revision;
        });
    }

    std::optional<std::int64_t> replace_keys(const std::string& id, const std::string& check,
                                             const std::string& mac_key, const ambassador::KdfParams& params) override {
        return guarded("changing an ambassador's PIN", [&]() -> std::optional<std::int64_t> {
            sqlite::Transaction transaction(db_);
            const std::int64_t revision = next_content_revision(db_);
            sqlite::Statement update(db_,
                                     "UPDATE ambassadors SET check_value = ?2, mac_key = ?3, opslimit = ?4, "
                                     "memlimit = ?5, revision = ?6 WHERE id = ?1 AND removed_at IS NULL");
            update.bind(1, id).bind(2, check).bind(3, mac_key).bind(4, static_cast<std::int64_t>(params.opslimit));
            update.bind(5, static_cast<std::int64_t>(params.memlimit)).bind(6, revision);
            if (update.run() == 0) return std::nullopt;  // rolls back, the revision too
            transaction.commit();
            return revision;
        });
    }

    std::optional<std::int64_t> remove(const std::string& id, const std::string& now) override {
        return guarded("removing an ambassador", [&]() -> std::optional<std::int64_t> {
            sqlite::Transaction transaction(db_);
            const std::int64_t revision = next_content_revision(db_);
            sqlite::Statement update(db_,
                                     "UPDATE ambassadors SET removed_at = ?2, revision = ?3 "
                                     "WHERE id = ?1 AND removed_at IS NULL");
            if (update.bind(1, id).bind(2, now).bind(3, revision).run() == 0) return std::nullopt;
            transaction.commit();
            return revision;
        });
    }

    std::optional<AmbassadorRecord> find(const std::string& id) override {
        return guarded("reading an ambassador", [&]() -> std::optional<AmbassadorRecord> {
            sqlite::Statement query(db_, kSelect + "WHERE a.id = ?1");
            query.bind(1, id);
            if (!query.step()) return std::nullopt;
            return ambassador_record(query);
        });
    }

    std::vector<AmbassadorRecord> list() override {
        return guarded("listing ambassadors", [&] {
            sqlite::Statement query(db_, kSelect + "ORDER BY a.department, a.created_at, a.id");
            return read_all(query);
        });
    }

    std::vector<AmbassadorRecord> changed_since(std::int64_t since, std::int64_t until,
                                                const std::vector<std::string>& departments,
                                                std::size_t limit) override {
        return guarded("reading ambassador changes", [&] {
            sqlite::Statement query(db_, kSelect +
                                             "WHERE a.revision > ?1 AND a.revision <= ?2 AND a.department IN "
                                             "(SELECT value FROM json_each(?3)) ORDER BY a.revision LIMIT ?4");
            query.bind(1, since).bind(2, until).bind(3, nlohmann::json(departments).dump());
            query.bind(4, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
            return read_all(query);
        });
    }

private:
    sqlite::Database db_;

    static std::vector<AmbassadorRecord> read_all(sqlite::Statement& query) {
        std::vector<AmbassadorRecord> records;
        while (query.step()) records.push_back(ambassador_record(query));
        return records;
    }
};

}  // namespace

std::unique_ptr<AmbassadorTable> make_ambassador_table(const std::string& path) {
    return guarded("opening the ambassador table", [&] { return std::make_unique<SqliteAmbassadorTable>(path); });
}

}  // namespace floorsync::collector::sqlite_backend

// SQLite dashboard accounts: users (names unique among active ones), sessions, sign-in throttling, alert
// acknowledgements.
#include "collector/storage/sqlite/sqlite_account_table.hpp"

#include "collector/storage/sqlite/sqlite_backend.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"

namespace floorsync::collector::sqlite_backend {

namespace {

constexpr const char* kSessionColumns = "token_hash, user_id, csrf_token, created_at, last_used";

SessionRecord session_record(const sqlite::Statement& row) {
    return {row.column_text(0), row.column_text(1), row.column_text(2), row.column_text(3), row.column_text(4)};
}

class SqliteAccountTable final : public AccountTable {
public:
    explicit SqliteAccountTable(const std::string& path) : db_(open_collector_database(path)) {}

    bool insert_user(const UserRecord& user) override {
        return guarded("adding an account", [&] { return insert_user_row(db_, user); });
    }

    std::optional<UserRecord> find_user(const std::string& id) override {
        return guarded("reading an account", [&] { return find_user_row(db_, id); });
    }

    std::optional<UserRecord> find_active_user_by_name(const std::string& name) override {
        return guarded("reading an account", [&]() -> std::optional<UserRecord> {
            sqlite::Statement query(db_, std::string("SELECT ") + kUserColumns +
                                             " FROM users WHERE name = ?1 AND removed_at IS NULL");
            query.bind(1, name);
            if (!query.step()) return std::nullopt;
            return user_record(query);
        });
    }

    std::vector<UserRecord> list_users() override {
        return guarded("listing accounts", [&] {
            sqlite::Statement query(db_, std::string("SELECT ") + kUserColumns +
                                             " FROM users ORDER BY name, created_at, id");
            std::vector<UserRecord> users;
            while (query.step()) users.push_back(user_record(query));
            return users;
        });
    }

    bool set_password_hash(const std::string& id, const std::string& password_hash) override {
        return guarded("changing a password", [&] {
            sqlite::Transaction transaction(db_);
            sqlite::Statement update(db_, "UPDATE users SET password_hash = ?2 WHERE id = ?1 AND removed_at IS NULL");
            if (update.bind(1, id).bind(2, password_hash).run() == 0) return false;
            end_sessions(id);
            transaction.commit();
            return true;
        });
    }

    bool remove_user(const std::string& id, const std::string& now) override {
        return guarded("removing an account", [&] {
            sqlite::Transaction transaction(db_);
            sqlite::Statement update(db_, "UPDATE users SET removed_at = ?2 WHERE id = ?1 AND removed_at IS NULL");
            if (update.bind(1, id).bind(2, now).run() == 0) return false;
            end_sessions(id);
            transaction.commit();
            return true;
        });
    }

    void insert_session(const SessionRecord& s) override {
        guarded("starting a session", [&] {
            sqlite::Statement insert(db_, std::string("INSERT INTO sessions(") + kSessionColumns +
                                              ") VALUES(?1, ?2, ?3, ?4, ?5)");
            insert.bind(1, s.token_hash).bind(2, s.user_id).bind(3, s.csrf_token).bind(4, s.created_at);
            insert.bind(5, s.last_used).run();
        });
    }

    std::optional<SessionRecord> find_session(const std::string& token_hash) override {
        return guarded("reading a session", [&]() -> std::optional<SessionRecord> {
            sqlite::Statement query(db_, std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = ?1");
            query.bind(1, token_hash);
            if (!query.step()) return std::nullopt;
            return session_record(query);
        });
    }

    void touch_session(const std::string& token_hash, const std::string& now) override {
        guarded("touching a session", [&] {
            sqlite::Statement update(db_, "UPDATE sessions SET last_used = ?2 WHERE token_hash = ?1");
            update.bind(1, token_hash).bind(2, now).run();
        });
    }

    void delete_session(const std::string& token_hash) override {
        guarded("ending a session", [&] {
            sqlite::Statement remove(db_, "DELETE FROM sessions WHERE token_hash = ?1");
            remove.bind(1, token_hash).run();
        });
    }

    std::size_t delete_expired_sessions(const std::string& idle_before, const std::string& created_before) override {
        return guarded("ending expired sessions", [&] {
            sqlite::Statement remove(db_, "DELETE FROM sessions WHERE last_used < ?1 OR created_at < ?2");
            return static_cast<std::size_t>(remove.bind(1, idle_before).bind(2, created_before).run());
        });
    }

    std::optional<ThrottleRecord> find_throttle(const std::string& key) override {
        return guarded("reading sign-in failures", [&]() -> std::optional<ThrottleRecord> {
            sqlite::Statement query(db_, "SELECT key, failures, blocked_until FROM signin_throttle WHERE key = ?1");
            query.bind(1, key);
            if (!query.step()) return std::nullopt;
            return ThrottleRecord{query.column_text(0), query.column_int64(1), query.column_text(2)};
        });
    }

    void put_throttle(const ThrottleRecord& record) override {
        guarded("recording sign-in failures", [&] {
            sqlite::Statement upsert(db_,
                                     "INSERT INTO signin_throttle(key, failures, blocked_until) VALUES(?1, ?2, ?3) "
                                     "ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, "
                                     "blocked_until = excluded.blocked_until");
            upsert.bind(1, record.key).bind(2, record.failures).bind(3, record.blocked_until).run();
        });
    }

    void clear_throttle(const std::string& key) override {
        guarded("clearing sign-in failures", [&] {
            sqlite::Statement remove(db_, "DELETE FROM signin_throttle WHERE key = ?1");
            remove.bind(1, key).run();
        });
    }

    bool acknowledge(const AlertAck& ack) override {
        return guarded("acknowledging an alert", [&] {
            sqlite::Statement insert(db_,
                                     "INSERT INTO alert_acks(alert_key, by_name, at) VALUES(?1, ?2, ?3) "
                                     "ON CONFLICT(alert_key) DO NOTHING");
            return insert.bind(1, ack.alert_key).bind(2, ack.by).bind(3, ack.at).run() == 1;
        });
    }

    std::vector<AlertAck> acknowledgements() override {
        return guarded("listing alert acknowledgements", [&] {
            sqlite::Statement query(db_, "SELECT alert_key, by_name, at FROM alert_acks ORDER BY at, alert_key");
            std::vector<AlertAck> acks;
            while (query.step()) acks.push_back({query.column_text(0), query.column_text(1), query.column_text(2)});
            return acks;
        });
    }

private:
    sqlite::Database db_;

    void end_sessions(const std::string& user_id) {
        sqlite::Statement remove(db_, "DELETE FROM sessions WHERE user_id = ?1");
        remove.bind(1, user_id).run();
    }
};

}  // namespace

UserRecord user_record(const sqlite::Statement& row) {
    return {row.column_text(0), row.column_text(1), row.column_text(2), row.column_text(3), row.column_text(4)};
}

bool insert_user_row(sqlite::Database& db, const UserRecord& user) {
    // No conflict target: an id that exists, and a name an active account holds (users_active_name), insert nothing.
    sqlite::Statement insert(db, std::string("INSERT INTO users(") + kUserColumns +
                                     ") VALUES(?1, ?2, ?3, ?4, NULLIF(?5, '')) ON CONFLICT DO NOTHING");
    insert.bind(1, user.id).bind(2, user.name).bind(3, user.password_hash).bind(4, user.created_at);
    return insert.bind(5, user.removed_at).run() == 1;
}

std::optional<UserRecord> find_user_row(sqlite::Database& db, const std::string& id) {
    sqlite::Statement query(db, std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?1");
    query.bind(1, id);
    if (!query.step()) return std::nullopt;
    return user_record(query);
}

std::unique_ptr<AccountTable> make_account_table(const std::string& path) {
    return guarded("opening the account table", [&] { return std::make_unique<SqliteAccountTable>(path); });
}

}  // namespace floorsync::collector::sqlite_backend

// PostgreSQL dashboard accounts: users (names unique among active ones), sessions, sign-in throttling, alert
// acknowledgements; shared by every collector process on the database.
#include "collector/storage/postgres/postgres_account_table.hpp"

namespace floorsync::collector::postgres_backend {

namespace {

constexpr const char* kSessionColumns = "token_hash, user_id, csrf_token, created_at, last_used";

class PostgresAccountTable final : public AccountTable {
public:
    explicit PostgresAccountTable(const Target& target) : target_(target), session_(target_) {}

    bool insert_user(const UserRecord& user) override {
        return guarded(target_, "adding an account", [&] { return insert_user_row(session_.get(), user); });
    }

    std::optional<UserRecord> find_user(const std::string& id) override {
        return guarded(target_, "reading an account", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) { return find_user_row(conn, id); });
        });
    }

    std::optional<UserRecord> find_active_user_by_name(const std::string& name) override {
        return guarded(target_, "reading an account", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) -> std::optional<UserRecord> {
                const pq::Result rows =
                    conn.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = $1 AND removed_at IS NULL",
                               pq::Params().add(name));
                if (rows.rows() == 0) return std::nullopt;
                return user_record(rows, 0);
            });
        });
    }

    std::vector<UserRecord> list_users() override {
        return guarded(target_, "listing accounts", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                const pq::Result rows =
                    conn.query(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name, created_at, id");
                std::vector<UserRecord> users;
                for (int r = 0; r < rows.rows(); ++r) users.push_back(user_record(rows, r));
                return users;
            });
        });
    }

    bool set_password_hash(const std::string& id, const std::string& password_hash) override {
        return guarded(target_, "changing a password", [&] {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const pq::Result updated =
                conn.query("UPDATE users SET password_hash = $2 WHERE id = $1 AND removed_at IS NULL",
                           pq::Params().add(id).add(password_hash));
            if (updated.affected_rows() == 0) return false;
            conn.query("DELETE FROM sessions WHERE user_id = $1", pq::Params().add(id));
            transaction.commit();
            return true;
        });
    }

    bool remove_user(const std::string& id, const std::string& now) override {
        return guarded(target_, "removing an account", [&] {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const pq::Result updated = conn.query("UPDATE users SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL",
                                                  pq::Params().add(id).add(now));
            if (updated.affected_rows() == 0) return false;
            conn.query("DELETE FROM sessions WHERE user_id = $1", pq::Params().add(id));
            transaction.commit();
            return true;
        });
    }

    void insert_session(const SessionRecord& s) override {
        guarded(target_, "starting a session", [&] {
            session_.get().query(
                std::string("INSERT INTO sessions(") + kSessionColumns + ") VALUES($1, $2, $3, $4, $5)",
                pq::Params().add(s.token_hash).add(s.user_id).add(s.csrf_token).add(s.created_at).add(s.last_used));
        });
    }

    std::optional<SessionRecord> find_session(const std::string& token_hash) override {
        return guarded(target_, "reading a session", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) -> std::optional<SessionRecord> {
                const pq::Result rows = conn.query(
                    std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = $1",
                    pq::Params().add(token_hash));
                if (rows.rows() == 0) return std::nullopt;
                return SessionRecord{rows.text(0, 0), rows.text(0, 1), rows.text(0, 2), rows.text(0, 3),
                                     rows.text(0, 4)};
            });
        });
    }

    void touch_session(const std::string& token_hash, const std::string& now) override {
        guarded(target_, "touching a session", [&] {
            session_.get().query("UPDATE sessions SET last_used = $2 WHERE token_hash = $1",
                                 pq::Params().add(token_hash).add(now));
        });
    }

    void delete_session(const std::string& token_hash) override {
        guarded(target_, "ending a session", [&] {
            session_.get().query("DELETE FROM sessions WHERE token_hash = $1", pq::Params().add(token_hash));
        });
    }

    std::size_t delete_expired_sessions(const std::string& idle_before, const std::string& created_before) override {
        return guarded(target_, "ending expired sessions", [&] {
            const pq::Result deleted = session_.get().query(
                "DELETE FROM sessions WHERE last_used < $1 OR created_at < $2",
                pq::Params().add(idle_before).add(created_before));
            return static_cast<std::size_t>(deleted.affected_rows());
        });
    }

    std::optional<ThrottleRecord> find_throttle(const std::string& key) override {
        return guarded(target_, "reading sign-in failures", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) -> std::optional<ThrottleRecord> {
                const pq::Result rows = conn.query(
                    "SELECT key, failures, blocked_until FROM signin_throttle WHERE key = $1", pq::Params().add(key));
                if (rows.rows() == 0) return std::nullopt;
                return ThrottleRecord{rows.text(0, 0), rows.int64(0, 1), rows.text(0, 2)};
            });
        });
    }

    void put_throttle(const ThrottleRecord& record) override {
        guarded(target_, "recording sign-in failures", [&] {
            session_.get().query(
                "INSERT INTO signin_throttle(key, failures, blocked_until) VALUES($1, $2::bigint, $3) "
                "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until",
                pq::Params().add(record.key).add(record.failures).add(record.blocked_until));
        });
    }

    void clear_throttle(const std::string& key) override {
        guarded(target_, "clearing sign-in failures", [&] {
            session_.get().query("DELETE FROM signin_throttle WHERE key = $1", pq::Params().add(key));
        });
    }

    bool acknowledge(const AlertAck& ack) override {
        return guarded(target_, "acknowledging an alert", [&] {
            const pq::Result inserted = session_.get().query(
                "INSERT INTO alert_acks(alert_key, by_name, at) VALUES($1, $2, $3) ON CONFLICT (alert_key) DO NOTHING",
                pq::Params().add(ack.alert_key).add(ack.by).add(ack.at));
            return inserted.affected_rows() == 1;
        });
    }

    std::vector<AlertAck> acknowledgements() override {
        return guarded(target_, "listing alert acknowledgements", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                const pq::Result rows = conn.query("SELECT alert_key, by_name, at FROM alert_acks ORDER BY at, alert_key");
                std::vector<AlertAck> acks;
                for (int r = 0; r < rows.rows(); ++r) acks.push_back({rows.text(r, 0), rows.text(r, 1), rows.text(r, 2)});
                return acks;
            });
        });
    }

private:
    Target target_;
    Session session_;
};

}  // namespace

UserRecord user_record(const pq::Result& rows, int row) {
    return {rows.text(row, 0), rows.text(row, 1), rows.text(row, 2), rows.text(row, 3), rows.text(row, 4)};
}

bool insert_user_row(pq::Connection& conn, const UserRecord& user) {
    // No conflict target: an id that exists, and a name an active account holds (users_active_name), insert nothing.
    const pq::Result inserted = conn.query(
        std::string("INSERT INTO users(") + kUserColumns + ") VALUES($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        pq::Params().add(user.id).add(user.name).add(user.password_hash).add(user.created_at).add(
            null_if_empty(user.removed_at)));
    return inserted.affected_rows() == 1;
}

std::optional<UserRecord> find_user_row(pq::Connection& conn, const std::string& id) {
    const pq::Result rows =
        conn.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1", pq::Params().add(id));
    if (rows.rows() == 0) return std::nullopt;
    return user_record(rows, 0);
}

std::unique_ptr<AccountTable> make_account_table(const Target& target) {
    return guarded(target, "opening the account table", [&] { return std::make_unique<PostgresAccountTable>(target); });
}

}  // namespace floorsync::collector::postgres_backend

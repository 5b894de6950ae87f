// PostgreSQL kiosk rows: insert, departments (resending the content they show or hide), tokens, site, revoke, list,
// lookup.
#include "collector/storage/postgres/postgres_backend.hpp"
#include "collector/storage/postgres/postgres_content_table.hpp"
#include "collector/storage/postgres/postgres_question_table.hpp"

#include <map>

namespace floorsync::collector::postgres_backend {

namespace {

void prepare_kiosk_table(pq::Connection& conn) {
    // One round trip per request: the kiosk and its departments (one row per department, or one with NULL).
    conn.prepare("floor_find_active",
                 "SELECT k.id, d.department FROM kiosks AS k LEFT JOIN kiosk_departments AS d ON d.kiosk_id = k.id "
                 "WHERE k.token_hash = $1 AND k.revoked_at IS NULL ORDER BY d.department");
}

void insert_departments(pq::Connection& conn, const std::string& id, const std::vector<std::string>& departments) {
    if (departments.empty()) return;
    conn.query(
        "INSERT INTO kiosk_departments(kiosk_id, department) SELECT $1, d FROM unnest($2::text[]) AS d "
        "ON CONFLICT DO NOTHING",
        pq::Params().add(id).add(text_array(departments)));
}

class PostgresKioskTable final : public KioskTable {
public:
    explicit PostgresKioskTable(const Target& target) : target_(target), session_(target_, prepare_kiosk_table) {}

    bool insert(const KioskRecord& record) override {
        return guarded(target_, "adding a kiosk", [&] {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const pq::Params params = kiosk_row_params(record);
            // ON CONFLICT (id) only: another kiosk's token hash stays an error (unique_violation), as on SQLite.
            const pq::Result inserted = conn.query(
                "INSERT INTO kiosks(id, token_hash, created_at, revoked_at, last_seen, app_version, backlog, site) "
                "VALUES($1, $2, $3, $4, $5, $6, $7::bigint, $8) ON CONFLICT (id) DO NOTHING",
                params);
            if (inserted.affected_rows() == 0) return false;
            insert_departments(conn, record.id, record.departments);
            transaction.commit();
            return true;
        });
    }

    std::optional<std::size_t> replace_departments(const std::string& id,
                                                   const std::vector<std::string>& departments) override {
        return guarded(target_, "changing a kiosk's departments", [&]() -> std::optional<std::size_t> {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            // The row lock makes concurrent replacements of one kiosk's departments take turns. Content writers
            // never lock kiosk rows, so taking the content counter's lock after this one cannot deadlock.
            if (conn.query("SELECT 1 FROM kiosks WHERE id = $1 FOR UPDATE", pq::Params().add(id)).rows() == 0) {
                return std::nullopt;
            }
            const pq::Result current = conn.query(
                "SELECT department FROM kiosk_departments WHERE kiosk_id = $1 ORDER BY department", pq::Params().add(id));
            std::vector<std::string> before;
            for (int row = 0; row < current.rows(); ++row) before.push_back(current.text(row, 0));
            conn.query("DELETE FROM kiosk_departments WHERE kiosk_id = $1", pq::Params().add(id));
            insert_departments(conn, id, departments);
            std::size_t resent = resend_for_department_change(target_, conn, before, departments);
            resent += resend_gained_departments(conn, before, departments);
            transaction.commit();
            return resent;
        });
    }

    bool set_token_hash(const std::string& id, const std::string& token_hash) override {
        return guarded(target_, "issuing a kiosk token", [&] {
            const pq::Result updated = session_.get().query(
                "UPDATE kiosks SET token_hash = $2, revoked_at = NULL WHERE id = $1", pq::Params().add(id).add(token_hash));
            return updated.affected_rows() == 1;
        });
    }

    bool set_site(const std::string& id, const std::string& site) override {
        return guarded(target_, "setting a kiosk's site", [&] {
            const pq::Result updated =
                session_.get().query("UPDATE kiosks SET site = $2 WHERE id = $1", pq::Params().add(id).add(site));
            return updated.affected_rows() == 1;
        });
    }

    RevokeResult revoke(const std::string& id, const std::string& now) override {
        return guarded(target_, "revoking a kiosk", [&] {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const pq::Result current =
                conn.query("SELECT revoked_at IS NOT NULL FROM kiosks WHERE id = $1 FOR UPDATE", pq::Params().add(id));
            if (current.rows() == 0) return RevokeResult::unknown;
            if (current.view(0, 0) == "t") return RevokeResult::already_revoked;
            conn.query("UPDATE kiosks SET revoked_at = $2 WHERE id = $1", pq::Params().add(id).add(now));
            transaction.commit();
            return RevokeResult::revoked;
        });
    }

    std::vector<KioskRecord> list() override {
        return guarded(target_, "listing kiosks", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                pq::Transaction transaction(conn, "REPEATABLE READ, READ ONLY");  // both queries see one snapshot
                const pq::Result kiosks = conn.query(
                    "SELECT id, token_hash, created_at, revoked_at, last_seen, app_version, backlog, site, quarantined "
                    "FROM kiosks ORDER BY id");
                const pq::Result departments = conn.query(
                    "SELECT kiosk_id, department FROM kiosk_departments ORDER BY kiosk_id, department");
                transaction.commit();

                std::map<std::string_view, std::vector<std::string>> by_kiosk;
                for (int row = 0; row < departments.rows(); ++row) {
                    by_kiosk[departments.view(row, 0)].push_back(departments.text(row, 1));
                }
                std::vector<KioskRecord> records;
                records.reserve(static_cast<std::size_t>(kiosks.rows()));
                for (int row = 0; row < kiosks.rows(); ++row) {
                    KioskRecord record;
                    record.id = kiosks.text(row, 0);
                    record.token_hash = kiosks.text(row, 1);
                    record.created_at = kiosks.text(row, 2);
                    record.revoked_at = kiosks.text(row, 3);
                    record.last_seen = kiosks.text(row, 4);
                    record.app_version = kiosks.text(row, 5);
                    if (!kiosks.is_null(row, 6)) record.backlog = kiosks.int64(row, 6);
                    record.site = kiosks.text(row, 7);
                    if (!kiosks.is_null(row, 8)) record.quarantined = kiosks.int64(row, 8);
                    if (const auto found = by_kiosk.find(record.id); found != by_kiosk.end()) {
                        record.departments = std::move(found->second);
                    }
                    records.push_back(std::move(record));
                }
                return records;
            });
        });
    }

    std::optional<KioskIdentity> find_active(const std::string& token_hash) override {
        return guarded(target_, "checking a kiosk token", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                const pq::Result rows = conn.exec_prepared("floor_find_active", pq::Params().add(token_hash));
                std::optional<KioskIdentity> identity;
                if (rows.rows() == 0) return identity;
                identity.emplace();
                identity->id = rows.text(0, 0);
                for (int row = 0; row < rows.rows(); ++row) {
                    if (!rows.is_null(row, 1)) identity->departments.push_back(rows.text(row, 1));
                }
                return identity;
            });
        });
    }

    void check() override {
        guarded(target_, "health check", [&] {
            with_reconnect(session_, [](pq::Connection& conn) { conn.query_one_row("SELECT 1"); });
        });
    }

private:
    Target target_;
    Session session_;
};

}  // namespace

std::unique_ptr<KioskTable> make_kiosk_table(const Target& target) {
    return guarded(target, "opening the kiosk registry", [&] { return std::make_unique<PostgresKioskTable>(target); });
}

}  // namespace floorsync::collector::postgres_backend

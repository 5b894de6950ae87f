// PostgreSQL ambassadors and department salts: every change bumps content_head first in its transaction.
#include "collector/storage/postgres/postgres_content_table.hpp"
#include "collector/storage/postgres/postgres_question_table.hpp"

#include <algorithm>
#include <cstdint>

namespace floorsync::collector::postgres_backend {

namespace {

const std::string kSelect = std::string("SELECT ") + kAmbassadorColumns +
                            " FROM ambassadors AS a JOIN department_salts AS s ON s.department = a.department ";

class PostgresAmbassadorTable final : public AmbassadorTable {
public:
    explicit PostgresAmbassadorTable(const Target& target) : target_(target), session_(target_) {}

    std::string department_salt(const std::string& department) override {
        return guarded(target_, "reading the department's salt", [&] {
            pq::Connection& conn = session_.get();
            // Two collectors making the first salt of a department at once: ON CONFLICT keeps the first one's.
            conn.query("INSERT INTO department_salts(department, salt) VALUES($1, $2) ON CONFLICT DO NOTHING",
                       pq::Params().add(department).add(ambassador::new_salt_hex()));
            return conn.query_one_row("SELECT salt FROM department_salts WHERE department = $1", pq::Params().add(department))
                .text(0, 0);
        });
    }

    std::int64_t insert(const AmbassadorRecord& r) override {
        return guarded(target_, "adding an ambassador", [&] {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const std::int64_t revision = next_content_revision(conn);
            conn.query(
                "INSERT INTO ambassadors(id, name, department, check_value, mac_key, opslimit, memlimit, created_at, "
                "removed_at, revision) VALUES($1, $2, $3, $4, $5, $6::bigint, $7::bigint, $8, $9, $10::bigint)",
                pq::Params()
                    .add(r.id)
                    .add(r.name)
                    .add(r.department)
                    .add(r.check)
                    .add(r.mac_key)
                    .add(static_cast<std::int64_t>(r.params.opslimit))
                    .add(static_cast<std::int64_t>(r.params.memlimit))
                    .add(r.created_at)
                    .add(null_if_empty(r.removed_at))
                    .add(revision));
            transaction.commit();
            return revision;
        });
    }

    std::optional<std::int64_t> replace_keys(const std::string& id, const std::string& check,
                                             const std::string& mac_key, const ambassador::KdfParams& params) override {
        return guarded(target_, "changing an ambassador's PIN", [&]() -> std::optional<std::int64_t> {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const std::int64_t revision = next_content_revision(conn);
            const pq::Result updated = conn.query(
                "UPDATE ambassadors SET check_value = $2, mac_key = $3, opslimit = $4::bigint, memlimit = $5::bigint, "
                "revision = $6::bigint WHERE id = $1 AND removed_at IS NULL",
                pq::Params()
                    .add(id)
                    .add(check)
                    .add(mac_key)
                    .add(static_cast<std::int64_t>(params.opslimit))
                    .add(static_cast<std::int64_t>(params.memlimit))
                    .add(revision));
            if (updated.affected_rows() == 0) return std::nullopt;  // rolls back, the revision too
            transaction.commit();
            return revision;
        });
    }

    std::optional<std::int64_t> remove(const std::string& id, const std::string& now) override {
        return guarded(target_, "removing an ambassador", [&]() -> std::optional<std::int64_t> {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const std::int64_t revision = next_content_revision(conn);
            const pq::Result updated = conn.query(
                "UPDATE ambassadors SET removed_at = $2, revision = $3::bigint WHERE id = $1 AND removed_at IS NULL",
                pq::Params().add(id).add(now).add(revision));
            if (updated.affected_rows() == 0) return std::nullopt;
            transaction.commit();
            return revision;
        });
    }

    std::optional<AmbassadorRecord> find(const std::string& id) override {
        return guarded(target_, "reading an ambassador", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) -> std::optional<AmbassadorRecord> {
                const pq::Result rows = conn.query(kSelect + "WHERE a.id = $1", pq::Params().add(id));
                if (rows.rows() == 0) return std::nullopt;
                return ambassador_record(rows, 0);
            });
        });
    }

    std::vector<AmbassadorRecord> list() override {
        return guarded(target_, "listing ambassadors", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                return records_of(conn.query(kSelect + "ORDER BY a.department, a.created_at, a.id"));
            });
        });
    }

    std::vector<AmbassadorRecord> changed_since(std::int64_t since, std::int64_t until,
                                                const std::vector<std::string>& departments,
                                                std::size_t limit) override {
        const auto rows = static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX));
        return guarded(target_, "reading ambassador changes", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                return records_of(conn.query(kSelect +
                                                 "WHERE a.revision > $1::bigint AND a.revision <= $2::bigint AND "
                                                 "a.department = ANY($3::text[]) ORDER BY a.revision LIMIT $4::bigint",
                                             pq::Params().add(since).add(until).add(text_array(departments)).add(rows)));
            });
        });
    }

private:
    Target target_;
    Session session_;

    static std::vector<AmbassadorRecord> records_of(const pq::Result& rows) {
        std::vector<AmbassadorRecord> records;
        for (int row = 0; row < rows.rows(); ++row) records.push_back(ambassador_record(rows, row));
        return records;
    }
};

}  // namespace

std::unique_ptr<AmbassadorTable> make_ambassador_table(const Target& target) {
    return guarded(target, "opening the ambassador table",
                   [&] { return std::make_unique<PostgresAmbassadorTable>(target); });
}

}  // namespace floorsync::collector::postgres_backend

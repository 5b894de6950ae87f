// PostgreSQL content rows: every write bumps content_head first in its transaction; the row lock orders the writers.
#include "collector/storage/postgres/postgres_content_table.hpp"

#include "collector/storage/audience_change.hpp"
#include "collector/storage/content_rows.hpp"

#include <algorithm>
#include <cstdint>

namespace floorsync::collector::postgres_backend {

namespace {

constexpr const char* kRecordColumns = "document, revision, withdrawn, withdrawn_at";

class PostgresContentTable final : public ContentTable {
public:
    explicit PostgresContentTable(const Target& target) : target_(target), session_(target_) {}

    std::int64_t insert(const content::Item& item) override {
        return guarded(target_, "adding a content item", [&] {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const std::int64_t revision = next_revision(conn);
            conn.query("INSERT INTO content(id, kind, revision, document) VALUES($1, $2, $3::bigint, $4)",
                       pq::Params().add(item.id).add(content::to_string(item.kind)).add(revision).add(
                           content_document(item, revision)));
            transaction.commit();
            return revision;
        });
    }

    std::optional<std::int64_t> replace(const content::Item& item) override {
        return guarded(target_, "changing a content item", [&]() -> std::optional<std::int64_t> {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const std::int64_t revision = next_revision(conn);
            const pq::Result updated = conn.query(
                "UPDATE content SET kind = $2, revision = $3::bigint, document = $4 WHERE id = $1 AND NOT withdrawn",
                pq::Params().add(item.id).add(content::to_string(item.kind)).add(revision).add(
                    content_document(item, revision)));
            if (updated.affected_rows() == 0) return std::nullopt;  // rolls back, the revision too
            transaction.commit();
            return revision;
        });
    }

    std::optional<std::int64_t> withdraw(const std::string& id, const std::string& now) override {
        return guarded(target_, "withdrawing a content item", [&]() -> std::optional<std::int64_t> {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const std::int64_t revision = next_revision(conn);  // after this no other writer changes the row
            const pq::Result current = conn.query(std::string("SELECT ") + kRecordColumns +
                                                      " FROM content WHERE id = $1 AND NOT withdrawn",
                                                  pq::Params().add(id));
            if (current.rows() == 0) return std::nullopt;
            const ContentRecord record = record_of(current, 0);
            conn.query(
                "UPDATE content SET revision = $2::bigint, withdrawn = true, withdrawn_at = $3, document = $4 "
                "WHERE id = $1",
                pq::Params().add(id).add(revision).add(now).add(content_document(record.item, revision)));
            transaction.commit();
            return revision;
        });
    }

    std::optional<ContentRecord> find(const std::string& id) override {
        return guarded(target_, "reading a content item", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) -> std::optional<ContentRecord> {
                const pq::Result rows = conn.query(
                    std::string("SELECT ") + kRecordColumns + " FROM content WHERE id = $1", pq::Params().add(id));
                if (rows.rows() == 0) return std::nullopt;
                return record_of(rows, 0);
            });
        });
    }

    std::vector<ContentRecord> list() override {
        return guarded(target_, "listing content", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                return records_of(conn.query(std::string("SELECT ") + kRecordColumns + " FROM content ORDER BY revision"));
            });
        });
    }

    std::vector<ContentRecord> changed_since(std::int64_t revision, std::size_t limit) override {
        const auto rows = static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX));
        return guarded(target_, "reading content changes", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                return records_of(conn.query(std::string("SELECT ") + kRecordColumns +
                                                 " FROM content WHERE revision > $1::bigint ORDER BY revision "
                                                 "LIMIT $2::bigint",
                                             pq::Params().add(revision).add(rows)));
            });
        });
    }

    std::int64_t head_revision() override {
        return guarded(target_, "reading the content revision", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                return conn.query_one_row("SELECT revision FROM content_head WHERE id = 1").int64(0, 0);
            });
        });
    }

    std::map<std::string, std::int64_t> interest_counts() override {
        return guarded(target_, "counting training interest", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                // The partial index events_training_interest finds the rows of this type.
                const pq::Result rows = conn.query(
                    "SELECT (payload::jsonb ->> 'session') COLLATE \"C\" AS session, count(*) FROM events "
                    "WHERE type = 'training_interest' GROUP BY 1");
                std::map<std::string, std::int64_t> counts;
                for (int row = 0; row < rows.rows(); ++row) counts[rows.text(row, 0)] = rows.int64(row, 1);
                return counts;
            });
        });
    }

private:
    Target target_;
    Session session_;

    static std::int64_t next_revision(pq::Connection& conn) { return next_content_revision(conn); }

    ContentRecord record_of(const pq::Result& rows, int row) const {
        return content_record(target_.description, rows.view(row, 0), rows.int64(row, 1), rows.view(row, 2) == "t",
                              rows.text(row, 3));
    }

    std::vector<ContentRecord> records_of(const pq::Result& rows) const {
        std::vector<ContentRecord> records;
        records.reserve(static_cast<std::size_t>(rows.rows()));
        for (int row = 0; row < rows.rows(); ++row) records.push_back(record_of(rows, row));
        return records;
    }
};

}  // namespace

std::int64_t next_content_revision(pq::Connection& conn) {
    return conn.query_one_row("UPDATE content_head SET revision = revision + 1 WHERE id = 1 RETURNING revision")
        .int64(0, 0);
}

std::size_t resend_for_department_change(const Target& target, pq::Connection& conn,
                                         const std::vector<std::string>& before,
                                         const std::vector<std::string>& after) {
    // The counter row's lock first, as every content write takes it: the rows read next stay as they are.
    std::int64_t revision = conn.query_one_row("SELECT revision FROM content_head WHERE id = 1 FOR UPDATE").int64(0, 0);
    const pq::Result rows = conn.query(std::string("SELECT ") + kRecordColumns +
                                       " FROM content WHERE NOT withdrawn ORDER BY revision");
    std::vector<ContentRecord> published;
    published.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) {
        published.push_back(content_record(target.description, rows.view(row, 0), rows.int64(row, 1),
                                           rows.view(row, 2) == "t", rows.text(row, 3)));
    }
    const auto resend = items_to_resend(published, before, after);
    if (resend.empty()) return 0;
    for (const ContentRecord& record : resend) {
        ++revision;
        conn.query("UPDATE content SET revision = $2::bigint, document = $3 WHERE id = $1",
                   pq::Params().add(record.item.id).add(revision).add(content_document(record.item, revision)));
    }
    conn.query("UPDATE content_head SET revision = $1::bigint WHERE id = 1", pq::Params().add(revision));
    return resend.size();
}

std::unique_ptr<ContentTable> make_content_table(const Target& target) {
    return guarded(target, "opening the content table", [&] { return std::make_unique<PostgresContentTable>(target); });
}

}  // namespace floorsync::collector::postgres_backend

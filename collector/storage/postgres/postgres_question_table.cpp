// PostgreSQL question rows: reads for the feed, the ingest checks and exports; the writer's question effects, central
// team actions; re-sends.
#include "collector/storage/postgres/postgres_question_table.hpp"

#include "collector/storage/postgres/postgres_content_table.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace floorsync::collector::postgres_backend {

namespace {

std::int64_t row_limit(std::size_t limit) { return static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)); }

class PostgresQuestionTable final : public QuestionTable {
public:
    explicit PostgresQuestionTable(const Target& target) : target_(target), session_(target_) {}

    std::optional<QuestionRecord> add_central_action(const QuestionActionRecord& action) override {
        return guarded(target_, "recording a central team action", [&]() -> std::optional<QuestionRecord> {
            pq::Connection& conn = session_.get();
            pq::Transaction transaction(conn);
            const auto rows = make_question_rows(conn);
            if (!apply_central_action(action, *rows)) return std::nullopt;  // rolled back: nothing was written
            const pq::Result row = conn.query(std::string("SELECT ") + kQuestionColumns + " FROM questions WHERE id = $1",
                                              pq::Params().add(action.question));
            QuestionRecord record = question_record(target_, row, 0);
            transaction.commit();
            return record;
        });
    }

    std::optional<QuestionRecord> find(const std::string& public_id) override {
        return guarded(target_, "reading a question", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) -> std::optional<QuestionRecord> {
                const pq::Result rows = conn.query(
                    std::string("SELECT ") + kQuestionColumns + " FROM questions WHERE id = $1", pq::Params().add(public_id));
                if (rows.rows() == 0) return std::nullopt;
                return question_record(target_, rows, 0);
            });
        });
    }

    std::vector<QuestionRecord> list() override {
        return guarded(target_, "listing questions", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                return records_of(
                    conn.query(std::string("SELECT ") + kQuestionColumns + " FROM questions ORDER BY created_at, event_id"));
            });
        });
    }

    std::vector<QuestionActionRecord> actions() override {
        return guarded(target_, "listing question actions", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                const pq::Result rows = conn.query(std::string("SELECT ") + kActionColumns +
                                                   " FROM question_actions ORDER BY created_at, event_id");
                std::vector<QuestionActionRecord> records;
                for (int row = 0; row < rows.rows(); ++row) records.push_back(action_record(rows, row));
                return records;
            });
        });
    }

    std::vector<QuestionVoteRecord> votes() override {
        return guarded(target_, "listing question votes", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                const pq::Result rows = conn.query("SELECT event_id, question FROM question_votes ORDER BY event_id");
                std::vector<QuestionVoteRecord> records;
                for (int row = 0; row < rows.rows(); ++row) records.push_back({rows.text(row, 0), rows.text(row, 1)});
                return records;
            });
        });
    }

    std::vector<QuestionRecord> changed_since(std::int64_t since, std::int64_t until,
                                              const std::vector<std::string>& departments,
                                              std::size_t limit) override {
        return guarded(target_, "reading question changes", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                return records_of(conn.query(
                    std::string("SELECT ") + kQuestionColumns +
                        " FROM questions WHERE revision > $1::bigint AND revision <= $2::bigint AND (department = '' OR "
                        "department = ANY($3::text[])) ORDER BY revision LIMIT $4::bigint",
                    pq::Params().add(since).add(until).add(text_array(departments)).add(row_limit(limit))));
            });
        });
    }

private:
    Target target_;
    Session session_;

    std::vector<QuestionRecord> records_of(const pq::Result& rows) const {
        std::vector<QuestionRecord> records;
        records.reserve(static_cast<std::size_t>(rows.rows()));
        for (int row = 0; row < rows.rows(); ++row) records.push_back(question_record(target_, rows, row));
        return records;
    }
};

class PostgresQuestionRows final : public QuestionRows {
public:
    explicit PostgresQuestionRows(pq::Connection& conn) : conn_(conn) {}

    std::int64_t next_revision() override { return next_content_revision(conn_); }

    bool question_exists(const std::string& public_id) override {
        return conn_.query("SELECT 1 FROM questions WHERE id = $1", pq::Params().add(public_id)).rows() != 0;
    }

    void insert_question(const QuestionRecord& record) override {
        conn_.query(std::string("INSERT INTO questions(") + kQuestionColumns +
                        ") VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::bigint, $16, "
                        "$17::bigint)",
                    question_params(record));
    }

    void set_outcome(const std::string& public_id, const questions::Outcome& o, const std::string& answered_day,
                     std::int64_t revision) override {
        conn_.query(
            "UPDATE questions SET state = $2, answer = $3, answer_by = $4, answer_sealed = $5, answered_at = $6, "
            "answered_day = $7, first_answer_at = $8, revision = $9::bigint WHERE id = $1",
            pq::Params()
                .add(public_id)
                .add(questions::to_string(o.state))
                .add(o.answer)
                .add(o.answer_by)
                .add(o.answer_sealed)
                .add(o.answered_at)
                .add(answered_day)
                .add(o.first_answer_at)
                .add(revision));
    }

    void set_votes(const std::string& public_id, std::int64_t votes, std::int64_t revision) override {
        conn_.query("UPDATE questions SET votes = $2::bigint, revision = $3::bigint WHERE id = $1",
                    pq::Params().add(public_id).add(votes).add(revision));
    }

    std::string ambassador_name(const std::string& id) override {
        const pq::Result rows = conn_.query("SELECT name FROM ambassadors WHERE id = $1", pq::Params().add(id));
        return rows.rows() == 0 ? std::string() : rows.text(0, 0);
    }

    std::optional<std::string> question_department(const std::string& public_id) override {
        const pq::Result rows =
            conn_.query("SELECT department FROM questions WHERE id = $1", pq::Params().add(public_id));
        return rows.rows() == 0 ? std::nullopt : std::optional<std::string>(rows.text(0, 0));
    }

    std::optional<std::string> ambassador_department(const std::string& id) override {
        const pq::Result rows = conn_.query("SELECT department FROM ambassadors WHERE id = $1", pq::Params().add(id));
        return rows.rows() == 0 ? std::nullopt : std::optional<std::string>(rows.text(0, 0));
    }

    void insert_action(const QuestionActionRecord& a) override {
        conn_.query(std::string("INSERT INTO question_actions(") + kActionColumns +
                        ") VALUES($1, $2, $3, $4, $5, $6, $7, $8)",
                    pq::Params()
                        .add(a.event_id)
                        .add(a.question)
                        .add(a.ambassador)
                        .add(a.by)
                        .add(a.action)
                        .add(a.text)
                        .add(a.created_at)
                        .add(a.kiosk_id));
    }

    std::vector<QuestionActionRecord> actions_of(const std::string& public_id) override {
        const pq::Result rows = conn_.query(
            std::string("SELECT ") + kActionColumns + " FROM question_actions WHERE question = $1", pq::Params().add(public_id));
        std::vector<QuestionActionRecord> records;
        for (int row = 0; row < rows.rows(); ++row) records.push_back(action_record(rows, row));
        return records;
    }

    void insert_vote(const QuestionVoteRecord& vote) override {
        conn_.query("INSERT INTO question_votes(event_id, question) VALUES($1, $2)",
                    pq::Params().add(vote.event_id).add(vote.question));
    }

    std::int64_t count_votes(const std::string& public_id) override {
        return conn_.query_one_row("SELECT count(*) FROM question_votes WHERE question = $1", pq::Params().add(public_id))
            .int64(0, 0);
    }

private:
    pq::Connection& conn_;
};

}  // namespace

QuestionRecord question_record(const Target& target, const pq::Result& rows, int row) {
    QuestionRecord r;
    questions::View& v = r.view;
    v.id = rows.text(row, 0);
    r.event_id = rows.text(row, 1);
    v.department = rows.text(row, 2);
    v.day = rows.text(row, 3);
    v.text = rows.text(row, 4);
    v.pickup_id = rows.text(row, 5);
    v.pickup_key = rows.text(row, 6);
    const auto state = questions::state_from_string(rows.view(row, 7));
    if (!state) throw StorageError(target.description + ": question " + v.id + " has an unknown state");
    v.state = *state;
    v.answer = rows.text(row, 8);
    v.answer_by = rows.text(row, 9);
    v.answer_sealed = rows.text(row, 10);
    r.answered_at = rows.text(row, 11);
    v.answered_day = rows.text(row, 12);
    r.first_answer_at = rows.text(row, 13);
    v.votes = rows.int64(row, 14);
    r.created_at = rows.text(row, 15);
    v.revision = rows.int64(row, 16);
    return r;
}

pq::Params question_params(const QuestionRecord& r) {
    const questions::View& v = r.view;
    pq::Params params;
    params.add(v.id).add(r.event_id).add(v.department).add(v.day).add(v.text).add(v.pickup_id).add(v.pickup_key);
    params.add(questions::to_string(v.state)).add(v.answer).add(v.answer_by).add(v.answer_sealed).add(r.answered_at);
    params.add(v.answered_day).add(r.first_answer_at).add(v.votes).add(r.created_at).add(v.revision);
    return params;
}

AmbassadorRecord ambassador_record(const pq::Result& rows, int row) {
    AmbassadorRecord r;
    r.id = rows.text(row, 0);
    r.name = rows.text(row, 1);
    r.department = rows.text(row, 2);
    r.salt = rows.text(row, 3);
    r.check = rows.text(row, 4);
    r.mac_key = rows.text(row, 5);
    r.params = {static_cast<std::uint64_t>(rows.int64(row, 6)), static_cast<std::uint64_t>(rows.int64(row, 7))};
    r.created_at = rows.text(row, 8);
    r.removed_at = rows.text(row, 9);
    r.revision = rows.int64(row, 10);
    return r;
}

QuestionActionRecord action_record(const pq::Result& rows, int row) {
    return {rows.text(row, 0), rows.text(row, 1), rows.text(row, 2), rows.text(row, 3),
            rows.text(row, 4), rows.text(row, 5), rows.text(row, 6), rows.text(row, 7)};
}

std::unique_ptr<QuestionTable> make_question_table(const Target& target) {
    return guarded(target, "opening the question table", [&] { return std::make_unique<PostgresQuestionTable>(target); });
}

std::unique_ptr<QuestionRows> make_question_rows(pq::Connection& conn) { return std::make_unique<PostgresQuestionRows>(conn); }

void derive_stored_questions(pq::Connection& conn) {
    const pq::Result rows = conn.query(
        "SELECT id, type, created_at, kiosk_id, department, language, payload FROM events "
        "WHERE type IN ('question', 'question_moderation', 'question_vote') ORDER BY seq");
    const auto effects = make_question_rows(conn);
    for (int row = 0; row < rows.rows(); ++row) {
        const Event event{rows.text(row, 0), rows.text(row, 1), rows.text(row, 2), rows.text(row, 3),
                          rows.text(row, 4), rows.text(row, 5), rows.text(row, 6)};
        apply_question_effects(event, *effects);
    }
}

std::size_t resend_gained_departments(pq::Connection& conn, const std::vector<std::string>& before,
                                      const std::vector<std::string>& after) {
    std::vector<std::string> gained;
    for (const auto& department : after)
        if (std::find(before.begin(), before.end(), department) == before.end()) gained.push_back(department);
    if (gained.empty()) return 0;
    // The counter row's lock first: the rows read next stay as they are until COMMIT.
    conn.query("SELECT revision FROM content_head WHERE id = 1 FOR UPDATE");
    const pq::Result rows = conn.query(
        "SELECT 'q', id, revision FROM questions WHERE department = ANY($1::text[]) UNION ALL "
        "SELECT 'a', id, revision FROM ambassadors WHERE department = ANY($1::text[]) ORDER BY 3",
        pq::Params().add(text_array(gained)));
    for (int row = 0; row < rows.rows(); ++row) {
        const std::int64_t revision = next_content_revision(conn);
        conn.query(rows.view(row, 0) == "q" ? "UPDATE questions SET revision = $2::bigint WHERE id = $1"
                                            : "UPDATE ambassadors SET revision = $2::bigint WHERE id = $1",
                   pq::Params().add(rows.text(row, 1)).add(revision));
    }
    return static_cast<std::size_t>(rows.rows());
}

}  // namespace floorsync::collector::postgres_backend

// SQLite question rows: reads for the feed, the ingest checks and exports; the writer's question effects, central team
// actions; re-sends.
#include "collector/storage/sqlite/sqlite_question_table.hpp"

#include "collector/storage/sqlite/sqlite_backend.hpp"
#include "collector/storage/sqlite/sqlite_content_table.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>

namespace floorsync::collector::sqlite_backend {

namespace {

constexpr const char* kActionColumns = "event_id, question, ambassador, by_name, action, text, created_at, kiosk_id";

std::int64_t row_limit(std::size_t limit) { return static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)); }

// A JSON array for "IN (SELECT value FROM json_each(?))": a bound list of any length.
std::string json_list(const std::vector<std::string>& names) { return nlohmann::json(names).dump(); }

QuestionActionRecord action_record(const sqlite::Statement& row) {
    return {row.column_text(0), row.column_text(1), row.column_text(2), row.column_text(3),
            row.column_text(4), row.column_text(5), row.column_text(6), row.column_text(7)};
}

std::vector<QuestionRecord> read_questions(sqlite::Statement& query) {
    std::vector<QuestionRecord> records;
    while (query.step()) records.push_back(question_record(query));
    return records;
}

class SqliteQuestionTable final : public QuestionTable {
public:
    explicit SqliteQuestionTable(const std::string& path) : db_(open_collector_database(path)) {}

    std::optional<QuestionRecord> add_central_action(const QuestionActionRecord& action) override {
        return guarded("recording a central team action", [&]() -> std::optional<QuestionRecord> {
            sqlite::Transaction transaction(db_);
            const auto rows = make_question_rows(db_);
            if (!apply_central_action(action, *rows)) return std::nullopt;  // rolled back: nothing was written
            auto record = read_question(action.question);
            transaction.commit();
            return record;
        });
    }

    std::optional<QuestionRecord> find(const std::string& public_id) override {
        return guarded("reading a question", [&] { return read_question(public_id); });
    }

    std::vector<QuestionRecord> list() override {
        return guarded("listing questions", [&] {
            sqlite::Statement query(db_, std::string("SELECT ") + kQuestionColumns +
                                             " FROM questions ORDER BY created_at, event_id");
            return read_questions(query);
        });
    }

    std::vector<QuestionActionRecord> actions() override {
        return guarded("listing question actions", [&] {
            sqlite::Statement query(db_, std::string("SELECT ") + kActionColumns +
                                             " FROM question_actions ORDER BY created_at, event_id");
            std::vector<QuestionActionRecord> records;
            while (query.step()) records.push_back(action_record(query));
            return records;
        });
    }

    std::vector<QuestionVoteRecord> votes() override {
        return guarded("listing question votes", [&] {
            sqlite::Statement query(db_, "SELECT event_id, question FROM question_votes ORDER BY event_id");
            std::vector<QuestionVoteRecord> records;
            while (query.step()) records.push_back({query.column_text(0), query.column_text(1)});
            return records;
        });
    }

    std::vector<QuestionRecord> changed_since(std::int64_t since, std::int64_t until,
                                              const std::vector<std::string>& departments,
                                              std::size_t limit) override {
        return guarded("reading question changes", [&] {
            sqlite::Statement query(
                db_, std::string("SELECT ") + kQuestionColumns +
                         " FROM questions WHERE revision > ?1 AND revision <= ?2 AND (department = '' OR department IN "
                         "(SELECT value FROM json_each(?3))) ORDER BY revision LIMIT ?4");
            query.bind(1, since).bind(2, until).bind(3, json_list(departments)).bind(4, row_limit(limit));
            return read_questions(query);
        });
    }

private:
    sqlite::Database db_;

    std::optional<QuestionRecord> read_question(const std::string& public_id) {
        sqlite::Statement query(db_, std::string("SELECT ") + kQuestionColumns + " FROM questions WHERE id = ?1");
        query.bind(1, public_id);
        if (!query.step()) return std::nullopt;
        return question_record(query);
    }
};

class SqliteQuestionRows final : public QuestionRows {
public:
    explicit SqliteQuestionRows(sqlite::Database& db)
        : db_(db),
          exists_(db, "SELECT 1 FROM questions WHERE id = ?1"),
          insert_question_(db, std::string("INSERT INTO questions(") + kQuestionColumns +
                                   ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"),
          set_outcome_(db,
                       "UPDATE questions SET state = ?2, answer = ?3, answer_by = ?4, answer_sealed = ?5, "
                       "answered_at = ?6, answered_day = ?7, first_answer_at = ?8, revision = ?9 WHERE id = ?1"),
          set_votes_(db, "UPDATE questions SET votes = ?2, revision = ?3 WHERE id = ?1"),
          name_(db, "SELECT name FROM ambassadors WHERE id = ?1"),
          insert_action_(db, std::string("INSERT INTO question_actions(") + kActionColumns +
                                 ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
          actions_of_(db, std::string("SELECT ") + kActionColumns + " FROM question_actions WHERE question = ?1"),
          insert_vote_(db, "INSERT INTO question_votes(event_id, question) VALUES(?1, ?2)"),
          count_votes_(db, "SELECT count(*) FROM question_votes WHERE question = ?1") {}

    std::int64_t next_revision() override { return next_content_revision(db_); }

    bool question_exists(const std::string& public_id) override {
        exists_.bind(1, public_id);
        const bool found = exists_.step();
        exists_.reset();
        return found;
    }

    void insert_question(const QuestionRecord& r) override {
        const questions::View& v = r.view;
        insert_question_.bind(1, v.id).bind(2, r.event_id).bind(3, v.department).bind(4, v.day).bind(5, v.text);
        insert_question_.bind(6, v.pickup_id).bind(7, v.pickup_key).bind(8, questions::to_string(v.state));
        insert_question_.bind(9, v.answer).bind(10, v.answer_by).bind(11, v.answer_sealed).bind(12, r.answered_at);
        insert_question_.bind(13, v.answered_day).bind(14, r.first_answer_at).bind(15, v.votes);
        insert_question_.bind(16, r.created_at).bind(17, v.revision).run();
        insert_question_.reset();
    }

    void set_outcome(const std::string& public_id, const questions::Outcome& o, const std::string& answered_day,
                     std::int64_t revision) override {
        set_outcome_.bind(1, public_id).bind(2, questions::to_string(o.state)).bind(3, o.answer).bind(4, o.answer_by);
        set_outcome_.bind(5, o.answer_sealed).bind(6, o.answered_at).bind(7, answered_day);
        set_outcome_.bind(8, o.first_answer_at).bind(9, revision).run();
        set_outcome_.reset();
    }

    void set_votes(const std::string& public_id, std::int64_t votes, std::int64_t revision) override {
        set_votes_.bind(1, public_id).bind(2, votes).bind(3, revision).run();
        set_votes_.reset();
    }

    std::string ambassador_name(const std::string& id) override {
        name_.bind(1, id);
        const std::string name = name_.step() ? name_.column_text(0) : std::string();
        name_.reset();
        return name;
    }

    std::optional<std::string> question_department(const std::string& public_id) override {
        sqlite::Statement query(db_, "SELECT department FROM questions WHERE id = ?1");
        query.bind(1, public_id);
        return query.step() ? std::optional<std::string>(query.column_text(0)) : std::nullopt;
    }

    std::optional<std::string> ambassador_department(const std::string& id) override {
        sqlite::Statement query(db_, "SELECT department FROM ambassadors WHERE id = ?1");
        query.bind(1, id);
        return query.step() ? std::optional<std::string>(query.column_text(0)) : std::nullopt;
    }

    void insert_action(const QuestionActionRecord& a) override {
        insert_action_.bind(1, a.event_id).bind(2, a.question).bind(3, a.ambassador).bind(4, a.by).bind(5, a.action);
        insert_action_.bind(6, a.text).bind(7, a.created_at).bind(8, a.kiosk_id).run();
        insert_action_.reset();
    }

    std::vector<QuestionActionRecord> actions_of(const std::string& public_id) override {
        actions_of_.bind(1, public_id);
        std::vector<QuestionActionRecord> records;
        while (actions_of_.step()) records.push_back(action_record(actions_of_));
        actions_of_.reset();
        return records;
    }

    void insert_vote(const QuestionVoteRecord& vote) override {
        insert_vote_.bind(1, vote.event_id).bind(2, vote.question).run();
        insert_vote_.reset();
    }

    std::int64_t count_votes(const std::string& public_id) override {
        count_votes_.bind(1, public_id);
        count_votes_.step();
        const std::int64_t votes = count_votes_.column_int64(0);
        count_votes_.reset();
        return votes;
    }

private:
    sqlite::Database& db_;
    sqlite::Statement exists_;
    sqlite::Statement insert_question_;
    sqlite::Statement set_outcome_;
    sqlite::Statement set_votes_;
    sqlite::Statement name_;
    sqlite::Statement insert_action_;
    sqlite::Statement actions_of_;
    sqlite::Statement insert_vote_;
    sqlite::Statement count_votes_;
};

}  // namespace

QuestionRecord question_record(const sqlite::Statement& row) {
    QuestionRecord r;
    questions::View& v = r.view;
    v.id = row.column_text(0);
    r.event_id = row.column_text(1);
    v.department = row.column_text(2);
    v.day = row.column_text(3);
    v.text = row.column_text(4);
    v.pickup_id = row.column_text(5);
    v.pickup_key = row.column_text(6);
    const auto state = questions::state_from_string(row.column_text(7));
    if (!state) throw StorageError("SQLite: question " + v.id + " has an unknown state '" + row.column_text(7) + "'");
    v.state = *state;
    v.answer = row.column_text(8);
    v.answer_by = row.column_text(9);
    v.answer_sealed = row.column_text(10);
    r.answered_at = row.column_text(11);
    v.answered_day = row.column_text(12);
    r.first_answer_at = row.column_text(13);
    v.votes = row.column_int64(14);
    r.created_at = row.column_text(15);
    v.revision = row.column_int64(16);
    return r;
}

AmbassadorRecord ambassador_record(const sqlite::Statement& row) {
    AmbassadorRecord r;
    r.id = row.column_text(0);
    r.name = row.column_text(1);
    r.department = row.column_text(2);
    r.salt = row.column_text(3);
    r.check = row.column_text(4);
    r.mac_key = row.column_text(5);
    r.params = {static_cast<std::uint64_t>(row.column_int64(6)), static_cast<std::uint64_t>(row.column_int64(7))};
    r.created_at = row.column_text(8);
    r.removed_at = row.column_text(9);
    r.revision = row.column_int64(10);
    return r;
}

std::unique_ptr<QuestionTable> make_question_table(const std::string& path) {
    return guarded("opening the question table", [&] { return std::make_unique<SqliteQuestionTable>(path); });
}

std::unique_ptr<QuestionRows> make_question_rows(sqlite::Database& db) {
    return std::make_unique<SqliteQuestionRows>(db);
}

void derive_stored_questions(sqlite::Database& db) {
    std::vector<Event> stored;
    {
        sqlite::Statement query(db,
                                "SELECT id, type, created_at, kiosk_id, department, language, payload FROM events "
                                "WHERE type IN ('question', 'question_moderation', 'question_vote') ORDER BY seq");
        while (query.step()) {
            stored.push_back({query.column_text(0), query.column_text(1), query.column_text(2), query.column_text(3),
                              query.column_text(4), query.column_text(5), query.column_text(6)});
        }
    }
    const auto rows = make_question_rows(db);
    for (const Event& event : stored) apply_question_effects(event, *rows);
}

std::size_t resend_gained_departments(sqlite::Database& db, const std::vector<std::string>& before,
                                      const std::vector<std::string>& after) {
    std::vector<std::string> gained;
    for (const auto& department : after)
        if (std::find(before.begin(), before.end(), department) == before.end()) gained.push_back(department);
    if (gained.empty()) return 0;
    // Both tables' rows of those departments, in one revision order, so they keep their relative order.
    sqlite::Statement query(db,
                            "SELECT 'questions', id, revision FROM questions WHERE department IN "
                            "(SELECT value FROM json_each(?1)) UNION ALL SELECT 'ambassadors', id, revision FROM "
                            "ambassadors WHERE department IN (SELECT value FROM json_each(?1)) ORDER BY 3");
    query.bind(1, json_list(gained));
    std::vector<std::pair<bool, std::string>> rows;  // (is a question, id)
    while (query.step()) rows.emplace_back(query.column_text(0) == "questions", query.column_text(1));
    sqlite::Statement question(db, "UPDATE questions SET revision = ?2 WHERE id = ?1");
    sqlite::Statement ambassador(db, "UPDATE ambassadors SET revision = ?2 WHERE id = ?1");
    for (const auto& [is_question, id] : rows) {
        sqlite::Statement& update = is_question ? question : ambassador;
        update.bind(1, id).bind(2, next_content_revision(db)).run();
        update.reset();
    }
    return rows.size();
}

}  // namespace floorsync::collector::sqlite_backend

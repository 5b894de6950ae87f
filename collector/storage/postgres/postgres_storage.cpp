// The PostgreSQL storage: opening and migrating the database, the event reader (a cursor), copy-db's import (with
// the ratings read model, as ingest keeps it).
#include "collector/storage/postgres/postgres_storage.hpp"

#include "collector/storage/content_rows.hpp"
#include "collector/storage/postgres/postgres_account_table.hpp"
#include "collector/storage/postgres/postgres_backend.hpp"
#include "collector/storage/postgres/postgres_content_table.hpp"
#include "collector/storage/postgres/postgres_question_table.hpp"
#include "collector/storage/postgres/postgres_rating_table.hpp"
#include "collector/storage/postgres/postgres_schema.hpp"

#include <algorithm>

namespace floorsync::collector {

namespace postgres_backend {

namespace {

// Rows per FETCH: a million events never sit in memory at once, and a round trip carries a few MB at most.
constexpr int kFetchRows = 5000;
// Events per INSERT in add_events(); a larger call is sent in several statements of this size.
constexpr std::size_t kImportChunk = 5000;

constexpr const char* kEventColumns =
    "id, type, created_at, kiosk_id, department, language, payload, content_hash, received_at";

class PostgresEventReader final : public EventReader {
public:
    explicit PostgresEventReader(const Target& target) : target_(target), session_(target_) {}

    void for_each(std::string_view type, const std::function<void(const StoredEvent&)>& row) override {
        guarded(target_, "reading events", [&] {
            pq::Connection& conn = session_.get();
            // One snapshot for the whole walk; the cursor hands it out kFetchRows at a time.
            pq::Transaction transaction(conn, "REPEATABLE READ, READ ONLY");
            const std::string select = std::string("SELECT ") + kEventColumns + " FROM events" +
                                       (type.empty() ? "" : " WHERE type = $1") + " ORDER BY created_at, seq";
            pq::Params params;
            if (!type.empty()) params.add(type);
            conn.query("DECLARE floor_events NO SCROLL CURSOR FOR " + select, params);
            const std::string fetch = "FETCH FORWARD " + std::to_string(kFetchRows) + " FROM floor_events";
            while (true) {
                const pq::Result rows = conn.query(fetch);
                StoredEvent stored;
                for (int r = 0; r < rows.rows(); ++r) {
                    Event& event = stored.event;
                    event.id = rows.view(r, 0);
                    event.type = rows.view(r, 1);
                    event.created_at = rows.view(r, 2);
                    event.kiosk_id = rows.view(r, 3);
                    event.department = rows.view(r, 4);
                    event.language = rows.view(r, 5);
                    event.payload = rows.view(r, 6);
                    stored.content_hash = rows.view(r, 7);
                    stored.received_at = rows.view(r, 8);
                    row(stored);
                }
                if (rows.rows() < kFetchRows) break;
            }
            transaction.commit();  // also closes the cursor
        });
    }

    std::int64_t count(std::string_view type) override {
        return guarded(target_, "counting events", [&] {
            return with_reconnect(session_, [&](pq::Connection& conn) {
                if (type.empty()) return conn.query_one_row("SELECT count(*) FROM events").int64(0, 0);
                return conn.query_one_row("SELECT count(*) FROM events WHERE type = $1", pq::Params().add(type))
                    .int64(0, 0);
            });
        });
    }

private:
    Target target_;
    Session session_;
};

class PostgresImportSession final : public ImportSession {
public:
    explicit PostgresImportSession(const Target& target)
        : target_(target), conn_(target.conninfo), transaction_(std::in_place, conn_) {
        prepare_event_statements(conn_);
    }

    Outcome add_kiosk(const KioskRecord& record) override {
        return guarded(target_, "importing a kiosk", [&] {
            require_open();
            std::vector<std::string> departments = record.departments;
            std::sort(departments.begin(), departments.end());
            departments.erase(std::unique(departments.begin(), departments.end()), departments.end());

            const pq::Params params = kiosk_row_params(record);
            // No conflict target: an id that exists, and also a token hash another kiosk holds, insert nothing.
            const pq::Result inserted = conn_.query(
                "INSERT INTO kiosks(id, token_hash, created_at, revoked_at, last_seen, app_version, backlog, site) "
                "VALUES($1, $2, $3, $4, $5, $6, $7::bigint, $8) ON CONFLICT DO NOTHING",
                params);
            if (inserted.affected_rows() == 1) {
                if (!departments.empty()) {
                    conn_.query("INSERT INTO kiosk_departments(kiosk_id, department) SELECT $1, d FROM unnest($2::text[]) AS d",
                                pq::Params().add(record.id).add(text_array(departments)));
                }
                return Outcome::added;
            }
            const pq::Result existing = conn_.query(
                "SELECT k.token_hash, d.department, k.site FROM kiosks AS k "
                "LEFT JOIN kiosk_departments AS d ON d.kiosk_id = k.id WHERE k.id = $1 ORDER BY d.department",
                pq::Params().add(record.id));
            if (existing.rows() == 0 || existing.view(0, 0) != record.token_hash || existing.view(0, 2) != record.site)
                return Outcome::conflict;
            std::vector<std::string> stored_departments;
            for (int row = 0; row < existing.rows(); ++row) {
                if (!existing.is_null(row, 1)) stored_departments.push_back(existing.text(row, 1));
            }
            return stored_departments == departments ? Outcome::identical : Outcome::conflict;
        });
    }

    std::vector<Outcome> add_events(const std::vector<StoredEvent>& events) override {
        return guarded(target_, "importing events", [&] {
            require_open();
            std::vector<Outcome> outcomes;
            outcomes.reserve(events.size());
            for (std::size_t start = 0; start < events.size(); start += kImportChunk) {
                const std::size_t end = std::min(events.size(), start + kImportChunk);
                std::vector<EventRow> rows;
                rows.reserve(end - start);
                for (std::size_t i = start; i < end; ++i) {
                    rows.push_back({&events[i].event, events[i].content_hash, events[i].received_at});
                }
                std::unordered_map<std::string, std::string> known;  // id -> stored digest
                const std::vector<bool> inserted = insert_event_rows(conn_, rows, known);
                std::vector<const Event*> rated;  // added ratings and amendments, for the read model
                for (std::size_t r = 0; r < rows.size(); ++r) {
                    if (inserted[r]) {
                        outcomes.push_back(Outcome::added);
                        if (has_rating_effects(rows[r].event->type)) rated.push_back(rows[r].event);
                    } else {
                        outcomes.push_back(known.at(rows[r].event->id) == rows[r].content_hash ? Outcome::identical
                                                                                                : Outcome::conflict);
                    }
                }
                if (!rated.empty()) apply_rating_effects(rated, *make_rating_rows(conn_));
            }
            return outcomes;
        });
    }

    Outcome add_content(const ContentRecord& record) override {
        return guarded(target_, "importing a content item", [&] {
            require_open();
            const content::Item& item = record.item;
            // No conflict target: an id that exists, and a revision another item holds, insert nothing.
            const pq::Result inserted = conn_.query(
                "INSERT INTO content(id, kind, revision, withdrawn, withdrawn_at, document) "
                "VALUES($1, $2, $3::bigint, $4::boolean, $5, $6) ON CONFLICT DO NOTHING",
                pq::Params()
                    .add(item.id)
                    .add(content::to_string(item.kind))
                    .add(item.revision)
                    .add(record.withdrawn)
                    .add(null_if_empty(record.withdrawn_at))
                    .add(content_document(item, item.revision)));
            if (inserted.affected_rows() == 1) return Outcome::added;
            const pq::Result existing = conn_.query(
                "SELECT document, revision, withdrawn, withdrawn_at FROM content WHERE id = $1", pq::Params().add(item.id));
            if (existing.rows() == 0) return Outcome::conflict;  // the revision is another item's
            const ContentRecord stored = content_record(target_.description, existing.view(0, 0), existing.int64(0, 1),
                                                        existing.view(0, 2) == "t", existing.text(0, 3));
            return stored == record ? Outcome::identical : Outcome::conflict;
        });
    }

    void raise_content_head(std::int64_t revision) override {
        guarded(target_, "importing the content revision", [&] {
            require_open();
            conn_.query("UPDATE content_head SET revision = greatest(revision, $1::bigint) WHERE id = 1",
                        pq::Params().add(revision));
        });
    }

    Outcome add_department_salt(const std::string& department, const std::string& salt) override {
        return guarded(target_, "importing a department salt", [&] {
            require_open();
            const pq::Result inserted = conn_.query(
                "INSERT INTO department_salts(department, salt) VALUES($1, $2) ON CONFLICT DO NOTHING",
                pq::Params().add(department).add(salt));
            if (inserted.affected_rows() == 1) return Outcome::added;
            const pq::Result existing =
                conn_.query("SELECT salt FROM department_salts WHERE department = $1", pq::Params().add(department));
            return existing.rows() == 1 && existing.view(0, 0) == salt ? Outcome::identical : Outcome::conflict;
        });
    }

    Outcome add_ambassador(const AmbassadorRecord& r) override {
        return guarded(target_, "importing an ambassador", [&] {
            require_open();
            // No conflict target: an id that exists, and a revision another ambassador holds, insert nothing.
            const pq::Result inserted = conn_.query(
                "INSERT INTO ambassadors(id, name, department, check_value, mac_key, opslimit, memlimit, created_at, "
                "removed_at, revision) VALUES($1, $2, $3, $4, $5, $6::bigint, $7::bigint, $8, $9, $10::bigint) "
                "ON CONFLICT DO NOTHING",
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
                    .add(r.revision));
            if (inserted.affected_rows() == 1) return Outcome::added;
            const pq::Result existing = conn_.query(
                std::string("SELECT ") + kAmbassadorColumns +
                    " FROM ambassadors AS a JOIN department_salts AS s ON s.department = a.department WHERE a.id = $1",
                pq::Params().add(r.id));
            if (existing.rows() == 0) return Outcome::conflict;
            AmbassadorRecord stored = ambassador_record(existing, 0);
            stored.salt = r.salt;  // compared by add_department_salt
            return stored == r ? Outcome::identical : Outcome::conflict;
        });
    }

    Outcome add_question(const QuestionRecord& r) override {
        return guarded(target_, "importing a question", [&] {
            require_open();
            const pq::Result inserted = conn_.query(
                std::string("INSERT INTO questions(") + kQuestionColumns +
                    ") VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::bigint, $16, "
                    "$17::bigint) ON CONFLICT DO NOTHING",
                question_params(r));
            if (inserted.affected_rows() == 1) return Outcome::added;
            const pq::Result existing = conn_.query(
                std::string("SELECT ") + kQuestionColumns + " FROM questions WHERE id = $1", pq::Params().add(r.view.id));
            if (existing.rows() == 0) return Outcome::conflict;
            return question_record(target_, existing, 0) == r ? Outcome::identical : Outcome::conflict;
        });
    }

    Outcome add_question_action(const QuestionActionRecord& a) override {
        return guarded(target_, "importing a question action", [&] {
            require_open();
            const pq::Result inserted = conn_.query(
                std::string("INSERT INTO question_actions(") + kActionColumns +
                    ") VALUES($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                pq::Params().add(a.event_id).add(a.question).add(a.ambassador).add(a.by).add(a.action).add(a.text).add(
                    a.created_at).add(a.kiosk_id));
            if (inserted.affected_rows() == 1) return Outcome::added;
            const pq::Result existing = conn_.query(
                std::string("SELECT ") + kActionColumns + " FROM question_actions WHERE event_id = $1",
                pq::Params().add(a.event_id));
            return existing.rows() == 1 && action_record(existing, 0) == a ? Outcome::identical : Outcome::conflict;
        });
    }

    Outcome add_question_vote(const QuestionVoteRecord& vote) override {
        return guarded(target_, "importing a question vote", [&] {
            require_open();
            const pq::Result inserted =
                conn_.query("INSERT INTO question_votes(event_id, question) VALUES($1, $2) ON CONFLICT DO NOTHING",
                            pq::Params().add(vote.event_id).add(vote.question));
            if (inserted.affected_rows() == 1) return Outcome::added;
            const pq::Result existing =
                conn_.query("SELECT question FROM question_votes WHERE event_id = $1", pq::Params().add(vote.event_id));
            return existing.rows() == 1 && existing.view(0, 0) == vote.question ? Outcome::identical : Outcome::conflict;
        });
    }

    Outcome add_user(const UserRecord& record) override {
        return guarded(target_, "importing an account", [&] {
            require_open();
            if (insert_user_row(conn_, record)) return Outcome::added;
            const auto stored = find_user_row(conn_, record.id);
            return stored && *stored == record ? Outcome::identical : Outcome::conflict;
        });
    }

    void commit() override {
        guarded(target_, "committing the import", [&] {
            require_open();
            committed_ = true;  // over either way: a failed COMMIT has rolled back
            transaction_->commit();
        });
    }

private:
    Target target_;
    pq::Connection conn_;
    std::optional<pq::Transaction> transaction_;  // destroyed first: ROLLBACK unless committed
    bool committed_ = false;

    void require_open() {
        if (committed_) throw std::logic_error("ImportSession used after commit()");
    }
};

class PostgresStorage final : public Storage {
public:
    explicit PostgresStorage(Target target) : target_(std::move(target)) {}

    std::string describe() const override { return target_.description; }
    std::unique_ptr<EventWriter> open_writer() override { return make_event_writer(target_); }
    // One PostgreSQL backend inserts on one core; a second writer lets the next group insert while the first one
    // commits (+20..25 % events/s in bench/collector_ingest on 2 cores). Dedupe stays atomic across them:
    // INSERT ... ON CONFLICT waits for the other transaction.
    std::size_t writer_connections() const override { return 2; }
    std::unique_ptr<KioskTable> open_kiosks() override { return make_kiosk_table(target_); }
    std::unique_ptr<EventReader> open_reader() override {
        return guarded(target_, "opening a reader", [&] { return std::make_unique<PostgresEventReader>(target_); });
    }
    std::unique_ptr<ImportSession> begin_import() override {
        return guarded(target_, "starting an import", [&] { return std::make_unique<PostgresImportSession>(target_); });
    }
    std::unique_ptr<ContentTable> open_content() override { return make_content_table(target_); }
    std::unique_ptr<AmbassadorTable> open_ambassadors() override { return make_ambassador_table(target_); }
    std::unique_ptr<QuestionTable> open_questions() override { return make_question_table(target_); }
    std::unique_ptr<RatingTable> open_ratings() override { return make_rating_table(target_); }
    std::unique_ptr<AccountTable> open_accounts() override { return make_account_table(target_); }

private:
    Target target_;
};

}  // namespace

}  // namespace postgres_backend

std::unique_ptr<Storage> open_postgres_storage(const std::string& conninfo) {
    postgres_backend::Target target{conninfo, "PostgreSQL"};
    return postgres_backend::guarded(target, "opening the database", [&] {
        pq::Connection conn(conninfo);
        target.description = "PostgreSQL " + conn.describe();
        postgres_backend::guarded(target, "migrating the schema", [&] { migrate_postgres_schema(conn); });
        return std::make_unique<postgres_backend::PostgresStorage>(std::move(target));
    });
}

}  // namespace floorsync::collector

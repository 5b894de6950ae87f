// The SQLite Storage: opens one file per connection, reads events in order, and imports (kiosks, events, content,
// questions, ambassadors, accounts).
#include "collector/storage/sqlite/sqlite_storage.hpp"

#include "collector/storage/content_rows.hpp"
#include "collector/storage/rating_effects.hpp"
#include "collector/storage/sqlite/sqlite_account_table.hpp"
#include "collector/storage/sqlite/sqlite_backend.hpp"
#include "collector/storage/sqlite/sqlite_content_table.hpp"
#include "collector/storage/sqlite/sqlite_question_table.hpp"
#include "collector/storage/sqlite/sqlite_rating_table.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"

namespace floorsync::collector {

namespace {

using sqlite_backend::guarded;

class SqliteEventReader final : public EventReader {
public:
    explicit SqliteEventReader(const std::string& path) : db_(open_collector_database(path)) {}

    void for_each(std::string_view type, const std::function<void(const StoredEvent&)>& row) override {
        guarded("reading events", [&] {
            sqlite::Statement query(db_,
                                    "SELECT id, type, created_at, kiosk_id, department, language, payload, content_hash, "
                                    "received_at FROM events WHERE ?1 = '' OR type = ?1 ORDER BY created_at, seq");
            query.bind(1, type);
            StoredEvent stored;
            while (query.step()) {
                Event& event = stored.event;
                event.id = query.column_text(0);
                event.type = query.column_text(1);
                event.created_at = query.column_text(2);
                event.kiosk_id = query.column_text(3);
                event.department = query.column_text(4);
                event.language = query.column_text(5);
                event.payload = query.column_text(6);
                stored.content_hash = query.column_text(7);
                stored.received_at = query.column_text(8);
                row(stored);
            }
        });
    }

    std::int64_t count(std::string_view type) override {
        return guarded("counting events", [&] {
            sqlite::Statement query(db_, "SELECT count(*) FROM events WHERE ?1 = '' OR type = ?1");
            query.bind(1, type);
            query.step();
            return query.column_int64(0);
        });
    }

private:
    sqlite::Database db_;
};

class SqliteImportSession final : public ImportSession {
public:
    explicit SqliteImportSession(const std::string& path)
        : db_(open_collector_database(path)),
          transaction_(std::make_unique<sqlite::Transaction>(db_, sqlite::Transaction::Mode::immediate)),
          insert_event_(db_,
                        "INSERT INTO events(id, content_hash, type, created_at, kiosk_id, department, language, "
                        "payload, received_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO NOTHING"),
          stored_hash_(db_, "SELECT content_hash FROM events WHERE id = ?1"),
          rating_rows_(sqlite_backend::make_rating_rows(db_)) {}

    Outcome add_kiosk(const KioskRecord& record) override {
        return guarded("importing a kiosk", [&] {
            sqlite::Statement existing(db_, "SELECT token_hash, site FROM kiosks WHERE id = ?1");
            existing.bind(1, record.id);
            if (existing.step()) {
                const bool same_row =
                    existing.column_text(0) == record.token_hash && existing.column_text(1) == record.site;
                return same_row && departments(record.id) == record.departments ? Outcome::identical
                                                                                : Outcome::conflict;
            }
            sqlite::Statement insert(db_,
                                     "INSERT INTO kiosks(id, token_hash, created_at, revoked_at, last_seen, app_version, "
                                     "backlog, site) VALUES(?1, ?2, ?3, NULLIF(?4, ''), NULLIF(?5, ''), NULLIF(?6, ''), "
                                     "?7, ?8)");
            insert.bind(1, record.id).bind(2, record.token_hash).bind(3, record.created_at).bind(4, record.revoked_at);
            insert.bind(5, record.last_seen).bind(6, record.app_version);
            if (record.backlog) {
                insert.bind(7, *record.backlog);
            } else {
                insert.bind_null(7);
            }
            insert.bind(8, record.site).run();
            sqlite::Statement add(db_, "INSERT INTO kiosk_departments(kiosk_id, department) VALUES(?1, ?2)");
            for (const auto& department : record.departments) {
                add.bind(1, record.id).bind(2, department).run();
                add.reset();
            }
            return Outcome::added;
        });
    }

    std::vector<Outcome> add_events(const std::vector<StoredEvent>& events) override {
        return guarded("importing events", [&] {
            std::vector<Outcome> outcomes;
            outcomes.reserve(events.size());
            std::vector<const Event*> rated;  // added ratings and amendments, for the read model
            for (const StoredEvent& stored : events) {
                const Event& event = stored.event;
                insert_event_.bind(1, event.id).bind(2, stored.content_hash).bind(3, event.type).bind(4, event.created_at);
                insert_event_.bind(5, event.kiosk_id).bind(6, event.department).bind(7, event.language);
                insert_event_.bind(8, event.payload).bind(9, stored.received_at);
                const bool inserted = insert_event_.run() == 1;
                insert_event_.reset();
                if (inserted) {
                    outcomes.push_back(Outcome::added);
                    if (has_rating_effects(event.type)) rated.push_back(&event);
                    continue;
                }
                stored_hash_.bind(1, event.id);
                stored_hash_.step();
                const bool same = stored_hash_.column_text(0) == stored.content_hash;
                stored_hash_.reset();
                outcomes.push_back(same ? Outcome::identical : Outcome::conflict);
            }
            if (!rated.empty()) apply_rating_effects(rated, *rating_rows_);
            return outcomes;
        });
    }

    Outcome add_content(const ContentRecord& record) override {
        return guarded("importing a content item", [&] {
            const content::Item& item = record.item;
            // No conflict target: an id that exists, and a revision another item holds, insert nothing.
            sqlite::Statement insert(db_,
                                     "INSERT INTO content(id, kind, revision, withdrawn, withdrawn_at, document) "
                                     "VALUES(?1, ?2, ?3, ?4, NULLIF(?5, ''), ?6) ON CONFLICT DO NOTHING");
            insert.bind(1, item.id).bind(2, content::to_string(item.kind)).bind(3, item.revision);
            insert.bind(4, static_cast<std::int64_t>(record.withdrawn ? 1 : 0)).bind(5, record.withdrawn_at);
            if (insert.bind(6, content_document(item, item.revision)).run() == 1) return Outcome::added;
            sqlite::Statement existing(db_, "SELECT document, revision, withdrawn, withdrawn_at FROM content WHERE id = ?1");
            existing.bind(1, item.id);
            if (!existing.step()) return Outcome::conflict;  // the revision is another item's
            const ContentRecord stored = content_record("SQLite", existing.column_text(0), existing.column_int64(1),
                                                        existing.column_int64(2) != 0, existing.column_text(3));
            return stored == record ? Outcome::identical : Outcome::conflict;
        });
    }

    void raise_content_head(std::int64_t revision) override {
        guarded("importing the content revision", [&] {
            sqlite::Statement raise(db_, "UPDATE content_head SET revision = max(revision, ?1) WHERE id = 1");
            raise.bind(1, revision).run();
        });
    }

    Outcome add_department_salt(const std::string& department, const std::string& salt) override {
        return guarded("importing a department salt", [&] {
            sqlite::Statement insert(db_,
                                     "INSERT INTO department_salts(department, salt) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
            if (insert.bind(1, department).bind(2, salt).run() == 1) return Outcome::added;
            sqlite::Statement existing(db_, "SELECT salt FROM department_salts WHERE department = ?1");
            existing.bind(1, department);
            return existing.step() && existing.column_text(0) == salt ? Outcome::identical : Outcome::conflict;
        });
    }

    Outcome add_ambassador(const AmbassadorRecord& r) override {
        return guarded("importing an ambassador", [&] {
            sqlite::Statement insert(db_,
                                     "INSERT INTO ambassadors(id, name, department, check_value, mac_key, opslimit, "
                                     "memlimit, created_at, removed_at, revision) "
                                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULLIF(?9, ''), ?10) ON CONFLICT DO NOTHING");
            insert.bind(1, r.id).bind(2, r.name).bind(3, r.department).bind(4, r.check).bind(5, r.mac_key);
            insert.bind(6, static_cast<std::int64_t>(r.params.opslimit));
            insert.bind(7, static_cast<std::int64_t>(r.params.memlimit));
            insert.bind(8, r.created_at).bind(9, r.removed_at).bind(10, r.revision);
            if (insert.run() == 1) return Outcome::added;
            sqlite::Statement existing(db_, std::string("SELECT ") + sqlite_backend::kAmbassadorColumns +
                                                " FROM ambassadors AS a JOIN department_salts AS s "
                                                "ON s.department = a.department WHERE a.id = ?1");
            existing.bind(1, r.id);
            if (!existing.step()) return Outcome::conflict;  // the revision is another row's
            AmbassadorRecord stored = sqlite_backend::ambassador_record(existing);
            stored.salt = r.salt;  // compared separately (add_department_salt)
            return stored == r ? Outcome::identical : Outcome::conflict;
        });
    }

    Outcome add_question(const QuestionRecord& r) override {
        return guarded("importing a question", [&] {
            const questions::View& v = r.view;
            sqlite::Statement insert(db_, std::string("INSERT INTO questions(") + sqlite_backend::kQuestionColumns +
                                              ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                                              "?15, ?16, ?17) ON CONFLICT DO NOTHING");
            insert.bind(1, v.id).bind(2, r.event_id).bind(3, v.department).bind(4, v.day).bind(5, v.text);
            insert.bind(6, v.pickup_id).bind(7, v.pickup_key).bind(8, questions::to_string(v.state));
            insert.bind(9, v.answer).bind(10, v.answer_by).bind(11, v.answer_sealed).bind(12, r.answered_at);
            insert.bind(13, v.answered_day).bind(14, r.first_answer_at).bind(15, v.votes);
            insert.bind(16, r.created_at).bind(17, v.revision);
            if (insert.run() == 1) return Outcome::added;
            sqlite::Statement existing(db_, std::string("SELECT ") + sqlite_backend::kQuestionColumns +
                                                " FROM questions WHERE id = ?1");
            existing.bind(1, v.id);
            if (!existing.step()) return Outcome::conflict;
            return sqlite_backend::question_record(existing) == r ? Outcome::identical : Outcome::conflict;
        });
    }

    Outcome add_question_action(const QuestionActionRecord& a) override {
        return guarded("importing a question action", [&] {
            sqlite::Statement insert(db_,
                                     "INSERT INTO question_actions(event_id, question, ambassador, by_name, action, "
                                     "text, created_at, kiosk_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                     "ON CONFLICT DO NOTHING");
            insert.bind(1, a.event_id).bind(2, a.question).bind(3, a.ambassador).bind(4, a.by).bind(5, a.action);
            insert.bind(6, a.text).bind(7, a.created_at).bind(8, a.kiosk_id);
            if (insert.run() == 1) return Outcome::added;
            sqlite::Statement existing(db_,
                                       "SELECT event_id, question, ambassador, by_name, action, text, created_at, "
                                       "kiosk_id FROM question_actions WHERE event_id = ?1");
            existing.bind(1, a.event_id);
            existing.step();
            const QuestionActionRecord stored{existing.column_text(0), existing.column_text(1), existing.column_text(2),
                                              existing.column_text(3), existing.column_text(4), existing.column_text(5),
                                              existing.column_text(6), existing.column_text(7)};
            return stored == a ? Outcome::identical : Outcome::conflict;
        });
    }

    Outcome add_question_vote(const QuestionVoteRecord& vote) override {
        return guarded("importing a question vote", [&] {
            sqlite::Statement insert(db_,
                                     "INSERT INTO question_votes(event_id, question) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
            if (insert.bind(1, vote.event_id).bind(2, vote.question).run() == 1) return Outcome::added;
            sqlite::Statement existing(db_, "SELECT question FROM question_votes WHERE event_id = ?1");
            existing.bind(1, vote.event_id);
            return existing.step() && existing.column_text(0) == vote.question ? Outcome::identical : Outcome::conflict;
        });
    }

    Outcome add_user(const UserRecord& record) override {
        return guarded("importing an account", [&] {
            if (sqlite_backend::insert_user_row(db_, record)) return Outcome::added;
            const auto stored = sqlite_backend::find_user_row(db_, record.id);
            return stored && *stored == record ? Outcome::identical : Outcome::conflict;
        });
    }

    void commit() override {
        guarded("committing the import", [&] { transaction_->commit(); });
    }

private:
    sqlite::Database db_;
    std::unique_ptr<sqlite::Transaction> transaction_;  // rolls back when destroyed uncommitted
    sqlite::Statement insert_event_;
    sqlite::Statement stored_hash_;
    std::unique_ptr<RatingRows> rating_rows_;  // the ratings read model, as ingest keeps it

    std::vector<std::string> departments(const std::string& id) {
        std::vector<std::string> result;
        sqlite::Statement query(db_, "SELECT department FROM kiosk_departments WHERE kiosk_id = ?1 ORDER BY department");
        query.bind(1, id);
        while (query.step()) result.push_back(query.column_text(0));
        return result;
    }
};

class SqliteStorage final : public Storage {
public:
    explicit SqliteStorage(std::string path) : path_(std::move(path)) {
        guarded("opening the database", [&] { open_collector_database(path_); });  // creates and migrates
    }

    std::string describe() const override { return "SQLite " + path_; }
    std::unique_ptr<EventWriter> open_writer() override { return sqlite_backend::make_event_writer(path_); }
    std::size_t writer_connections() const override { return 1; }
    std::unique_ptr<KioskTable> open_kiosks() override { return sqlite_backend::make_kiosk_table(path_); }
    std::unique_ptr<EventReader> open_reader() override {
        return guarded("opening a reader", [&] { return std::make_unique<SqliteEventReader>(path_); });
    }
    std::unique_ptr<ImportSession> begin_import() override {
        return guarded("starting the import", [&] { return std::make_unique<SqliteImportSession>(path_); });
    }
    std::unique_ptr<ContentTable> open_content() override { return sqlite_backend::make_content_table(path_); }
    std::unique_ptr<AmbassadorTable> open_ambassadors() override { return sqlite_backend::make_ambassador_table(path_); }
    std::unique_ptr<QuestionTable> open_questions() override { return sqlite_backend::make_question_table(path_); }
    std::unique_ptr<RatingTable> open_ratings() override { return sqlite_backend::make_rating_table(path_); }
    std::unique_ptr<AccountTable> open_accounts() override { return sqlite_backend::make_account_table(path_); }

private:
    std::string path_;
};

}  // namespace

std::unique_ptr<Storage> open_sqlite_storage(const std::string& path) { return std::make_unique<SqliteStorage>(path); }

}  // namespace floorsync::collector

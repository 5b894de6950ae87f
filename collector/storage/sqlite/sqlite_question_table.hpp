// The SQLite side of questions and ambassadors: the read tables, the SQL of question effects inside the writer's
// transaction, and re-sending a department's rows when a kiosk gains it.
#pragma once

#include "collector/storage/question_effects.hpp"
#include "collector/storage/storage.hpp"
#include "sync/sqlite.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace floorsync::collector::sqlite_backend {

// Each on its own connection to the collector database at `path`. Throw StorageError.
std::unique_ptr<QuestionTable> make_question_table(const std::string& path);
std::unique_ptr<AmbassadorTable> make_ambassador_table(const std::string& path);

// QuestionRows on `db`, for use inside the caller's open write transaction. Its statements are prepared once.
std::unique_ptr<QuestionRows> make_question_rows(sqlite::Database& db);

// Inside the caller's open write transaction, when a kiosk's departments change from `before` to `after`: writes the
// questions and ambassadors of every department in `after` but not in `before` again, unchanged, under the next
// revisions (in their revision order). Returns how many. Throws StoreError.
std::size_t resend_gained_departments(sqlite::Database& db, const std::vector<std::string>& before,
                                      const std::vector<std::string>& after);

// Inside the migration's transaction to schema v4: the question rows of the question events stored before it
// (collectors before v4 stored questions as events only). Throws StoreError.
void derive_stored_questions(sqlite::Database& db);

// The columns question_record() reads, in its order.
inline constexpr const char* kQuestionColumns =
    "id, event_id, department, day, text, pickup_id, pickup_key, state, answer, answer_by, answer_sealed, "
    "answered_at, answered_day, first_answer_at, votes, created_at, revision";
QuestionRecord question_record(const sqlite::Statement& row);

// The columns ambassador_record() reads (from ambassadors AS a JOIN department_salts AS s), in its order.
inline constexpr const char* kAmbassadorColumns =
    "a.id, a.name, a.department, s.salt, a.check_value, a.mac_key, a.opslimit, a.memlimit, a.created_at, "
    "a.removed_at, a.revision";
AmbassadorRecord ambassador_record(const sqlite::Statement& row);

}  // namespace floorsync::collector::sqlite_backend

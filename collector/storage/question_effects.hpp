// What a stored question, question_moderation or question_vote event, or a central team action, changes, decided
// once for both backends: the backends only run the SQL of QuestionRows inside their write transaction.
#pragma once

#include "collector/storage/storage.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace floorsync::collector {

// The SQL one backend runs for apply_question_effects, inside the EventWriter's open write transaction.
class QuestionRows {
public:
    virtual ~QuestionRows() = default;
    // The content counter's next value. On PostgreSQL it also takes the counter row's lock until COMMIT, so
    // everything read after it (actions, votes) includes what other collector processes committed before.
    virtual std::int64_t next_revision() = 0;
    virtual bool question_exists(const std::string& public_id) = 0;
    // Inserts the row; view.revision is its revision.
    virtual void insert_question(const QuestionRecord& record) = 0;
    // The current outcome of the question's actions, under `revision`.
    virtual void set_outcome(const std::string& public_id, const questions::Outcome& outcome,
                             const std::string& answered_day, std::int64_t revision) = 0;
    virtual void set_votes(const std::string& public_id, std::int64_t votes, std::int64_t revision) = 0;
    // "" for an unknown ambassador.
    virtual std::string ambassador_name(const std::string& id) = 0;
    // The question row's department; nullopt when there is no such row.
    virtual std::optional<std::string> question_department(const std::string& public_id) = 0;
    // The ambassador's department (also of a removed one); nullopt for an unknown ambassador.
    virtual std::optional<std::string> ambassador_department(const std::string& id) = 0;
    virtual void insert_action(const QuestionActionRecord& record) = 0;
    virtual std::vector<QuestionActionRecord> actions_of(const std::string& public_id) = 0;
    virtual void insert_vote(const QuestionVoteRecord& record) = 0;
    virtual std::int64_t count_votes(const std::string& public_id) = 0;
};

// Whether events of this type change question rows (question, question_moderation, question_vote).
bool has_question_effects(const std::string& type);

// For an event the writer has just stored (never a duplicate or a conflict), the changes it makes:
// - question: the question row (public id, department, the collector's local day, text, pickup fields), with the
//   outcome and votes of any actions and votes stored before it;
// - question_moderation: the action is kept; the question's state and answer become questions::fold of all of its
//   actions, so the order of arrival does not matter. An action whose ambassador (as the payload names them) is not
//   of the question's department changes nothing, and is left out of the fold when its question comes later: a
//   second guard behind the ingest checks;
// - question_vote: the vote is kept; the question's votes become the count of its votes.
// Each change of a question row takes the next revision. Other types change nothing. Throws what `rows` throws, and
// events::PayloadError for a payload that is not canonical (never for one that ingest checked).
void apply_question_effects(const Event& event, QuestionRows& rows);

// The `ambassador` of an action the central team took on the collector (`kiosk-collector question ...`). It is no
// UUID, so no ambassador ever has it, and such an action has kiosk_id "" (an action from a kiosk always names it):
// ingest refuses a question_moderation event naming it (unknown ambassador), and the fold only counts a row with both.
inline constexpr const char* kCentralTeamActor = "central-team";

// Keeps `action` (ambassador kCentralTeamActor, kiosk_id "") and refolds its question with the same rule as
// ambassadors' actions, under the next revision: the central team may act on any question, of any department or
// none. false, and nothing written, when the question does not exist. Throws what `rows` throws.
bool apply_central_action(const QuestionActionRecord& action, QuestionRows& rows);

}  // namespace floorsync::collector

// The one place that turns stored question events and central team actions into question rows: creation, the fold
// of actions, votes.
#include "collector/storage/question_effects.hpp"

#include "collector/local_time.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"

#include <vector>

namespace floorsync::collector {

namespace {

std::string day_of(const std::string& rfc3339) {
    const auto time = parse_rfc3339(rfc3339);
    return time ? local_day(*time) : std::string();
}

questions::Outcome outcome_of(const std::vector<QuestionActionRecord>& stored) {
    std::vector<questions::Action> actions;
    actions.reserve(stored.size());
    for (const QuestionActionRecord& a : stored) actions.push_back({a.created_at, a.event_id, a.action, a.text, a.by});
    return questions::fold(std::move(actions));
}

void fill_outcome(QuestionRecord& record, const questions::Outcome& outcome) {
    record.view.state = outcome.state;
    record.view.answer = outcome.answer;
    record.view.answer_by = outcome.answer_by;
    record.view.answer_sealed = outcome.answer_sealed;
    record.view.answered_day = outcome.answered_at.empty() ? "" : day_of(outcome.answered_at);
    record.answered_at = outcome.answered_at;
    record.first_answer_at = outcome.first_answer_at;
}

// Whether the action's ambassador is of `department`. An unknown ambassador is of no department.
bool acts_within(const std::string& ambassador_id, const std::string& department, QuestionRows& rows) {
    const auto ambassador_department = rows.ambassador_department(ambassador_id);
    return ambassador_department && *ambassador_department == department;
}

bool is_central_action(const QuestionActionRecord& action) {
    return action.ambassador == kCentralTeamActor && action.kiosk_id.empty();
}

// The question's stored actions that its department's ambassadors or the central team took: actions stored before
// their question row (copies, imports) could not be checked against its department when they came.
std::vector<QuestionActionRecord> actions_within(const std::string& public_id, const std::string& department,
                                                 QuestionRows& rows) {
    std::vector<QuestionActionRecord> actions = rows.actions_of(public_id);
    std::erase_if(actions, [&](const QuestionActionRecord& a) {
        return !is_central_action(a) && !acts_within(a.ambassador, department, rows);
    });
    return actions;
}

// The question's state and answer become the fold of its counted actions, under the next revision.
void refold(const std::string& public_id, const std::string& department, QuestionRows& rows) {
    const std::int64_t revision = rows.next_revision();  // first: the actions read next are up to date
    QuestionRecord folded;
    fill_outcome(folded, outcome_of(actions_within(public_id, department, rows)));
    rows.set_outcome(public_id,
                     {folded.view.state, folded.view.answer, folded.view.answer_by, folded.view.answer_sealed,
                      folded.answered_at, folded.first_answer_at},
                     folded.view.answered_day, revision);
}

void create_question(const Event& event, QuestionRows& rows) {
    const auto asked = events::decode_question(event.payload);
    QuestionRecord record;
    record.view.id = questions::public_id(event.id);
    if (rows.question_exists(record.view.id)) return;  // a 128-bit digest collision: keep the first
    record.view.department = event.department;
    record.view.day = day_of(event.created_at);
    record.view.text = asked.text;
    record.view.pickup_id = asked.pickup_id;
    record.view.pickup_key = asked.pickup_key;
    record.event_id = event.id;
    record.created_at = event.created_at;
    record.view.revision = rows.next_revision();  // first: what is read next is up to date (see QuestionRows)
    // Actions and votes can only come first from copies and imports; ingest refuses them for unknown questions.
    const auto actions = actions_within(record.view.id, record.view.department, rows);
    if (!actions.empty()) fill_outcome(record, outcome_of(actions));
    record.view.votes = rows.count_votes(record.view.id);
    rows.insert_question(record);
}

void add_action(const Event& event, QuestionRows& rows) {
    const auto moderation = events::decode_question_moderation(event.payload);
    const auto question_department = rows.question_department(moderation.question);
    // Ingest refuses this already; should it ever slip through, an ambassador still never changes another
    // department's question (the event stays stored, but without an action row it is never folded).
    if (question_department && !acts_within(moderation.ambassador, *question_department, rows)) return;
    rows.insert_action({event.id, moderation.question, moderation.ambassador, rows.ambassador_name(moderation.ambassador),
                        moderation.action, moderation.text, event.created_at, event.kiosk_id});
    if (!question_department) return;  // its question event creates the row with this action
    refold(moderation.question, *question_department, rows);
}

void add_vote(const Event& event, QuestionRows& rows) {
    const auto vote = events::decode_question_vote(event.payload);
    rows.insert_vote({event.id, vote.question});
    if (!rows.question_exists(vote.question)) return;
    const std::int64_t revision = rows.next_revision();
    rows.set_votes(vote.question, rows.count_votes(vote.question), revision);
}

}  // namespace

bool has_question_effects(const std::string& type) {
    return type == event_type::question || type == event_type::question_moderation ||
           type == event_type::question_vote;
}

void apply_question_effects(const Event& event, QuestionRows& rows) {
    if (event.type == event_type::question) {
        create_question(event, rows);
    } else if (event.type == event_type::question_moderation) {
        add_action(event, rows);
    } else if (event.type == event_type::question_vote) {
        add_vote(event, rows);
    }
}

bool apply_central_action(const QuestionActionRecord& action, QuestionRows& rows) {
    const auto department = rows.question_department(action.question);
    if (!department) return false;
    rows.insert_action(action);
    refold(action.question, *department, rows);
    return true;
}

}  // namespace floorsync::collector

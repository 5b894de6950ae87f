// The central team's question actions: check the text and name, build the action row, let the table keep and fold it.
#include "collector/central_question_service.hpp"

#include "collector/storage/question_effects.hpp"
#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/event_types.hpp"
#include "sync/shared/text_rules.hpp"

#include <utility>

namespace floorsync::collector {

namespace {

std::string unknown_question(const std::string& id) {
    return "no question with id '" + id + "' (see: question list)";
}

}  // namespace

CentralQuestionService::CentralQuestionService(QuestionTable& table, Clock clock)
    : table_(table), clock_(std::move(clock)) {}

std::vector<QuestionRecord> CentralQuestionService::list(const QuestionFilter& filter) {
    std::vector<QuestionRecord> records = table_.list();
    std::erase_if(records, [&](const QuestionRecord& r) {
        return (filter.department && r.view.department != *filter.department) ||
               (filter.state && r.view.state != *filter.state);
    });
    return records;
}

QuestionRecord CentralQuestionService::publish(const std::string& id) {
    return act(id, events::moderation_action::publish, "", kCentralTeamName);
}

QuestionRecord CentralQuestionService::answer(const std::string& id, const std::string& text, const std::string& by) {
    if (const auto why = text_rules::violation(text, text_rules::answer_text)) throw CentralQuestionError("--text " + *why);
    if (const auto why = ambassador::name_problem(by)) throw CentralQuestionError("--by " + *why);
    return act(id, events::moderation_action::answer, text, by);
}

QuestionRecord CentralQuestionService::dismiss(const std::string& id) {
    return act(id, events::moderation_action::dismiss, "", kCentralTeamName);
}

QuestionRecord CentralQuestionService::act(const std::string& id, const char* action, const std::string& text,
                                           const std::string& by) {
    // Public ids are 32 hex digits: anything else cannot name a question, so it needs no database round trip.
    if (id.size() != 32 || id.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw CentralQuestionError(unknown_question(id));
    const SystemTime now = clock_();
    QuestionActionRecord record;
    record.event_id = new_uuid_v7(now);
    record.question = id;
    record.ambassador = kCentralTeamActor;
    record.by = by;
    record.action = action;
    record.text = text;
    record.created_at = format_rfc3339_utc(now);
    record.kiosk_id = "";  // taken on the collector, not on a kiosk
    const auto folded = table_.add_central_action(record);
    if (!folded) throw CentralQuestionError(unknown_question(id));
    return *folded;
}

}  // namespace floorsync::collector

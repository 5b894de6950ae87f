// Ambassador actions and votes checked against the stored ambassadors and questions, and the batch's own questions.
#include "collector/question_checks.hpp"

#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/event_types.hpp"
#include "sync/shared/question_view.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace floorsync::collector {

namespace {

// What the checks need to know of a question.
struct QuestionFacts {
    std::string department;
    bool has_pickup_key = false;
};

// Lookups of one batch, each id read at most once.
class Lookups {
public:
    Lookups(const std::vector<CheckedEvent>& events, AmbassadorTable& ambassadors, QuestionTable& questions)
        : ambassadors_(ambassadors), questions_(questions) {
        // A kiosk can ask and answer (or vote) offline and upload both at once: the batch's own questions count, but
        // only for ids storage does not have (see question()). The first of two with one id is the one the writer
        // would keep.
        for (const CheckedEvent& checked : events) {
            if (!checked.error.empty() || checked.event.type != event_type::question) continue;
            const auto asked = events::decode_question(checked.event.payload);
            batch_questions_.emplace(questions::public_id(checked.event.id),
                                     QuestionFacts{checked.event.department, !asked.pickup_key.empty()});
        }
    }

    const std::optional<AmbassadorRecord>& ambassador(const std::string& id) {
        auto found = ambassador_cache_.find(id);
        if (found == ambassador_cache_.end()) found = ambassador_cache_.emplace(id, ambassadors_.find(id)).first;
        return found->second;
    }

    // Storage first: a batch question whose event id collides with a stored one is a conflict the writer rejects,
    // so its department must never decide who may act on the stored question.
    const std::optional<QuestionFacts>& question(const std::string& public_id) {
        auto found = question_cache_.find(public_id);
        if (found == question_cache_.end()) {
            std::optional<QuestionFacts> facts;
            if (const auto stored = questions_.find(public_id)) {
                facts = QuestionFacts{stored->view.department, !stored->view.pickup_key.empty()};
            } else if (const auto asked = batch_questions_.find(public_id); asked != batch_questions_.end()) {
                facts = asked->second;
            }
            found = question_cache_.emplace(public_id, std::move(facts)).first;
        }
        return found->second;
    }

private:
    AmbassadorTable& ambassadors_;
    QuestionTable& questions_;
    std::map<std::string, std::optional<AmbassadorRecord>> ambassador_cache_;
    std::map<std::string, QuestionFacts> batch_questions_;  // by public id
    std::map<std::string, std::optional<QuestionFacts>> question_cache_;
};

bool serves(const KioskIdentity& kiosk, const std::string& department) {
    return std::find(kiosk.departments.begin(), kiosk.departments.end(), department) != kiosk.departments.end();
}

// "" when the action may be stored, else the rejection reason.
std::string moderation_problem(const Event& event, const KioskIdentity& kiosk, Lookups& lookups) {
    const auto m = events::decode_question_moderation(event.payload);
    const auto& ambassador = lookups.ambassador(m.ambassador);
    if (!ambassador || !ambassador->removed_at.empty())
        return "invalid field 'payload.ambassador': unknown or removed ambassador '" + m.ambassador + "'";
    if (!serves(kiosk, ambassador->department))
        return "invalid field 'payload.ambassador': '" + m.ambassador + "' is not an ambassador of a department of kiosk '" +
               kiosk.id + "'";
    const auto key = ambassador::mac_key_from_hex(ambassador->mac_key);
    const ambassador::ProofFields fields{kiosk.id, event.id, event.created_at, m.question, m.action, m.text, m.ambassador};
    if (!key || !ambassador::verify(*key, fields, m.proof))
        return "invalid field 'payload.proof': does not verify under the ambassador's current key for this kiosk, "
               "event and payload (a wrong or old PIN, another kiosk, or changed fields)";
    const auto& question = lookups.question(m.question);
    if (!question || question->department != ambassador->department)
        return "invalid field 'payload.question': unknown question '" + m.question +
               "', or not of the ambassador's department";
    if (m.action == events::moderation_action::answer_private && !question->has_pickup_key)
        return "invalid field 'payload.action': answer_private needs a question asked with a pickup code";
    return {};
}

std::string vote_problem(const Event& event, const KioskIdentity& kiosk, Lookups& lookups) {
    const auto vote = events::decode_question_vote(event.payload);
    const auto& question = lookups.question(vote.question);
    if (!question || (!question->department.empty() && !serves(kiosk, question->department)))
        return "invalid field 'payload.question': unknown question '" + vote.question +
               "', or not one that kiosk '" + kiosk.id + "' shows";
    return {};
}

bool is_checked_type(const std::string& type) {
    return type == event_type::question_moderation || type == event_type::question_vote;
}

}  // namespace

bool needs_question_checks(const std::vector<CheckedEvent>& events) {
    return std::any_of(events.begin(), events.end(),
                       [](const CheckedEvent& c) { return c.error.empty() && is_checked_type(c.event.type); });
}

void check_question_events(std::vector<CheckedEvent>& events, const KioskIdentity& kiosk, AmbassadorTable& ambassadors,
                           QuestionTable& questions) {
    Lookups lookups(events, ambassadors, questions);
    for (CheckedEvent& checked : events) {
        if (!checked.error.empty()) continue;
        if (checked.event.type == event_type::question_moderation) {
            checked.error = moderation_problem(checked.event, kiosk, lookups);
        } else if (checked.event.type == event_type::question_vote) {
            checked.error = vote_problem(checked.event, kiosk, lookups);
        }
    }
}

}  // namespace floorsync::collector

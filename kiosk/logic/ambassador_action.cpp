// Builds and signs question_moderation events; private answers are sealed before they are signed.
#include "kiosk/logic/ambassador_action.hpp"

#include "sync/shared/event_types.hpp"
#include "sync/shared/pickup_code.hpp"
#include "sync/shared/text_rules.hpp"

#include <string>

namespace kiosk {

namespace action = floorsync::events::moderation_action;

floorsync::Event moderation_event(floorsync::Event envelope, const floorsync::AmbassadorSession& session,
                                  const floorsync::questions::View& question, std::string_view action_name, std::string_view text) {
    if (session.ambassador_id.empty()) throw ActionError("no ambassador is signed in (a sample screen records nothing)");
    if (question.department != session.department)
        throw ActionError("the question belongs to another department than the ambassador's");

    floorsync::events::QuestionModeration payload;
    payload.question = question.id;
    payload.action = std::string(action_name);
    payload.ambassador = session.ambassador_id;
    if (action_name == action::answer || action_name == action::answer_private) {
        if (const auto why = floorsync::text_rules::violation(text, floorsync::text_rules::answer_text)) throw ActionError("answer " + *why);
        if (action_name == action::answer_private) {
            if (question.pickup_key.empty()) throw ActionError("the question has no pickup code, so it cannot be answered privately");
            try {
                payload.text = floorsync::pickup::seal(text, question.pickup_key);
            } catch (const std::invalid_argument& error) {
                throw ActionError(std::string("the question's pickup key is damaged: ") + error.what());
            }
        } else {
            payload.text = std::string(text);
        }
    } else if (action_name == action::publish || action_name == action::dismiss) {
        if (!text.empty()) throw ActionError("'" + payload.action + "' carries no text");
    } else {
        throw ActionError("unknown action '" + std::string(action_name.substr(0, 40)) + "'");
    }

    // What the proof covers is taken from the envelope itself: the created_at make_event set from the wall clock
    // is the one the event carries and the collector checks.
    const floorsync::ambassador::ProofFields fields{envelope.kiosk_id, envelope.id,     envelope.created_at, payload.question,
                                                     payload.action,    payload.text, payload.ambassador};
    payload.proof = floorsync::ambassador::sign(session.mac, fields);

    envelope.type = floorsync::events::QuestionModeration::type;
    envelope.department = question.department;
    try {
        envelope.payload = floorsync::events::encode(payload);
    } catch (const floorsync::events::PayloadError& error) {
        throw ActionError(error.message());
    }
    return envelope;
}

}  // namespace kiosk

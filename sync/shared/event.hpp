// The unit of the outbox: one thing that happened at a kiosk, named by a UUID the kiosk generated.
#pragma once

#include <string>

namespace floorsync {

// Event types of protocol v1. Payloads are JSON objects (see sync/PROTOCOL.md).
namespace event_type {
inline constexpr const char* rating = "rating";                  // {"score": 1..5, "suspect": bool}
inline constexpr const char* rating_reasons = "rating_reasons";  // {"rating_id": uuid, "reasons": ["need_training", ...]}
inline constexpr const char* question = "question";  // {"text": "...", "pickup_id"?: hex, "pickup_key"?: hex}
inline constexpr const char* training_interest = "training_interest";  // {"session": uuid of a training item}
inline constexpr const char* question_vote = "question_vote";  // {"question": public question id}
inline constexpr const char* question_moderation = "question_moderation";  // an ambassador's action, with proof
}  // namespace event_type

struct Event {
    std::string id;          // UUID (v7 from our kiosk), lower case, generated on the kiosk
    std::string type;        // one of event_type
    std::string created_at;  // RFC 3339 UTC with milliseconds: 2026-11-29T23:04:38.123Z
    std::string kiosk_id;
    std::string department;  // empty: the employee preferred not to say
    std::string language;    // "nl", "en", ...
    std::string payload;     // a JSON object, as text

    bool operator==(const Event&) const = default;
};

}  // namespace floorsync

// One typed definition per event type of protocol v1: its payload, encoded, validated and decoded in one place.
#pragma once

#include "sync/shared/event.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::events {

// A payload that breaks its type's schema. `field` is the full field name ("payload.score"); message() reads
// "invalid field 'payload.score': must be 1..5, got 7" and becomes the event's rejection reason at the collector.
struct PayloadError : std::runtime_error {
    PayloadError(std::string field_name, std::string reason);
    std::string field;
    std::string why;
    std::string message() const { return what(); }
};

// {"score": 1..5, "suspect": bool}. Suspect: a repeated tap inside the kiosk's repeat interval (kept, not counted).
struct Rating {
    static constexpr const char* type = event_type::rating;
    int score = 0;
    bool suspect = false;
};

// {"rating_id": uuid, "reasons": ["need_training", ...]}: amends the rating with that id (same kiosk).
struct RatingReasons {
    static constexpr const char* type = event_type::rating_reasons;
    std::string rating_id;
    std::vector<std::string> reasons;
};

// {"text": "...", "pickup_id": hex64, "pickup_key": hex64}: an anonymous question, text_rules::question_text. The
// pickup fields (both or neither) come from the asker's pickup code (pickup_code.hpp); older kiosks send neither.
struct Question {
    static constexpr const char* type = event_type::question;
    std::string text;
    std::string pickup_id;
    std::string pickup_key;
};

// {"question": id}: "I have this question too" for the question with that public id (questions::public_id). At most
// one per question and visit.
struct QuestionVote {
    static constexpr const char* type = event_type::question_vote;
    std::string question;
};

// An ambassador's action on a question of their department:
// {"question": id, "action": "publish"|"answer"|"answer_private"|"dismiss", "text": "...", "ambassador": uuid,
//  "proof": hex64}. text: the answer (answer), the answer sealed to the question's pickup_key as hex
// (answer_private), empty otherwise. proof: ambassador::sign over the kiosk, the event and these fields.
struct QuestionModeration {
    static constexpr const char* type = event_type::question_moderation;
    std::string question;
    std::string action;
    std::string text;
    std::string ambassador;
    std::string proof;
};

namespace moderation_action {
inline constexpr const char* publish = "publish";
inline constexpr const char* answer = "answer";
inline constexpr const char* answer_private = "answer_private";
inline constexpr const char* dismiss = "dismiss";
}  // namespace moderation_action

// {"session": uuid}: "I'll be there" for the training session with that content id. It names no person; the kiosk
// sends at most one per session and visit.
struct TrainingInterest {
    static constexpr const char* type = event_type::training_interest;
    std::string session;
};

// Canonical JSON text (keys sorted, no spaces): identical content always gives identical text. Throws
// PayloadError when the value itself breaks the schema (a kiosk must not produce such an event).
std::string encode(const Rating& payload);
std::string encode(const RatingReasons& payload);
std::string encode(const Question& payload);
std::string encode(const TrainingInterest& payload);
std::string encode(const QuestionVote& payload);
std::string encode(const QuestionModeration& payload);

// Parses and validates a payload; unknown fields are refused. Throws PayloadError.
Rating decode_rating(std::string_view payload_json);
RatingReasons decode_rating_reasons(std::string_view payload_json);
Question decode_question(std::string_view payload_json);
TrainingInterest decode_training_interest(std::string_view payload_json);
QuestionVote decode_question_vote(std::string_view payload_json);
QuestionModeration decode_question_moderation(std::string_view payload_json);

bool is_known_type(std::string_view type);
// Validates the payload of an event of `type` and returns its canonical text. Throws PayloadError (also for an
// unknown type, with field "type").
std::string canonical_payload(std::string_view type, std::string_view payload_json);

}  // namespace floorsync::events

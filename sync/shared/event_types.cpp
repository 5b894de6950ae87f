// Payload schemas of protocol v1: each event type's fields, checks and canonical encoding.
#include "sync/shared/event_types.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/sodium_support.hpp"
#include "sync/shared/text_rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace floorsync::events {

namespace {

using nlohmann::json;

[[noreturn]] void invalid(const std::string& field, const std::string& why) { throw PayloadError{field, why}; }

json parse_object(std::string_view text) {
    json value;
    try {
        value = json::parse(text.begin(), text.end());
    } catch (const json::parse_error&) {
        invalid("payload", "is not valid JSON");
    }
    if (!value.is_object()) invalid("payload", "expected a JSON object");
    return value;
}

void reject_unknown_fields(const json& object, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end())
            throw PayloadError{"payload." + key, "unknown field"};
    }
}

const json& member(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end()) invalid(std::string("payload.") + key, "missing");
    return *found;
}

bool is_lower_uuid(std::string_view text) {
    return is_uuid(text) && std::none_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

void check(const Rating& rating) {
    if (rating.score < 1 || rating.score > 5) invalid("payload.score", "must be 1..5, got " + std::to_string(rating.score));
}

void check(const RatingReasons& amendment) {
    if (!is_lower_uuid(amendment.rating_id)) invalid("payload.rating_id", "expected a lower-case UUID");
    if (amendment.reasons.size() > limits::reasons_max)
        invalid("payload.reasons", "at most " + std::to_string(limits::reasons_max) + " reasons");
    std::set<std::string_view> seen;
    for (const auto& key : amendment.reasons) {
        if (!text_rules::is_reason_key(key))
            invalid("payload.reasons", "'" + key + "' is not a reason key (a-z, 0-9, _; 1.." +
                                           std::to_string(limits::reason_key_max) + " characters)");
        if (!seen.insert(key).second) invalid("payload.reasons", "'" + key + "' appears twice");
    }
}

void check(const Question& question) {
    if (const auto why = text_rules::violation(question.text, text_rules::question_text)) invalid("payload.text", *why);
    if (question.pickup_id.empty() != question.pickup_key.empty())
        invalid(question.pickup_id.empty() ? "payload.pickup_id" : "payload.pickup_key", "pickup_id and pickup_key come together");
    if (!question.pickup_id.empty() && !crypto::is_lower_hex(question.pickup_id, 32))
        invalid("payload.pickup_id", "expected 64 lower-case hex digits");
    if (!question.pickup_key.empty() && !crypto::is_lower_hex(question.pickup_key, 32))
        invalid("payload.pickup_key", "expected 64 lower-case hex digits");
}

bool is_question_id(std::string_view id) { return crypto::is_lower_hex(id, 16); }

void check(const QuestionVote& vote) {
    if (!is_question_id(vote.question)) invalid("payload.question", "expected a question id (32 lower-case hex digits)");
}

void check(const QuestionModeration& m) {
    if (!is_question_id(m.question)) invalid("payload.question", "expected a question id (32 lower-case hex digits)");
    if (!is_lower_uuid(m.ambassador)) invalid("payload.ambassador", "expected a lower-case UUID");
    if (!crypto::is_lower_hex(m.proof, 32)) invalid("payload.proof", "expected 64 lower-case hex digits");
    using namespace moderation_action;
    if (m.action == answer) {
        if (const auto why = text_rules::violation(m.text, text_rules::answer_text)) invalid("payload.text", *why);
    } else if (m.action == answer_private) {
        // A sealed box: 48 bytes of overhead plus at most 4 bytes per character of the answer.
        const std::size_t max_hex = 2 * (48 + 4 * limits::answer_text_max_chars);
        if (m.text.size() <= 2 * 48 || m.text.size() > max_hex || !crypto::is_lower_hex(m.text, m.text.size() / 2))
            invalid("payload.text", "expected a sealed answer (lower-case hex)");
    } else if (m.action == publish || m.action == dismiss) {
        if (!m.text.empty()) invalid("payload.text", "must be empty for '" + m.action + "'");
    } else {
        invalid("payload.action", "must be publish, answer, answer_private or dismiss");
    }
}

void check(const TrainingInterest& interest) {
    if (!is_lower_uuid(interest.session)) invalid("payload.session", "expected a lower-case UUID");
}

std::string dump(const json& value) { return value.dump(); }  // std::map keys: sorted, compact

}  // namespace

namespace {

std::string describe(const std::string& field, const std::string& why) {
    if (why == "missing") return "missing field '" + field + "'";
    if (why == "unknown field") return "unknown field '" + field + "'";
    return "invalid field '" + field + "': " + why;
}

}  // namespace

PayloadError::PayloadError(std::string field_name, std::string reason)
    : std::runtime_error(describe(field_name, reason)), field(std::move(field_name)), why(std::move(reason)) {}

std::string encode(const Rating& payload) {
    check(payload);
    return dump(json{{"score", payload.score}, {"suspect", payload.suspect}});
}

std::string encode(const RatingReasons& payload) {
    check(payload);
    return dump(json{{"rating_id", payload.rating_id}, {"reasons", payload.reasons}});
}

std::string encode(const Question& payload) {
    check(payload);
    json object{{"text", payload.text}};
    if (!payload.pickup_id.empty()) {
        object["pickup_id"] = payload.pickup_id;
        object["pickup_key"] = payload.pickup_key;
    }
    return dump(object);
}

std::string encode(const QuestionVote& payload) {
    check(payload);
    return dump(json{{"question", payload.question}});
}

std::string encode(const QuestionModeration& payload) {
    check(payload);
    return dump(json{{"action", payload.action},
                     {"ambassador", payload.ambassador},
                     {"proof", payload.proof},
                     {"question", payload.question},
                     {"text", payload.text}});
}

std::string encode(const TrainingInterest& payload) {
    check(payload);
    return dump(json{{"session", payload.session}});
}

Rating decode_rating(std::string_view payload_json) {
    const json payload = parse_object(payload_json);
    reject_unknown_fields(payload, {"score", "suspect"});
    const json& score = member(payload, "score");
    if (!score.is_number_integer()) invalid("payload.score", "expected an integer 1..5");
    const auto value = score.get<std::int64_t>();
    if (value < 1 || value > 5) invalid("payload.score", "must be 1..5, got " + std::to_string(value));
    const json& suspect = member(payload, "suspect");
    if (!suspect.is_boolean()) invalid("payload.suspect", "expected true or false");
    return Rating{static_cast<int>(value), suspect.get<bool>()};
}

RatingReasons decode_rating_reasons(std::string_view payload_json) {
    const json payload = parse_object(payload_json);
    reject_unknown_fields(payload, {"rating_id", "reasons"});
    const json& rating_id = member(payload, "rating_id");
    if (!rating_id.is_string()) invalid("payload.rating_id", "expected a lower-case UUID");
    const json& reasons = member(payload, "reasons");
    if (!reasons.is_array()) invalid("payload.reasons", "expected an array of reason keys");
    RatingReasons amendment;
    amendment.rating_id = rating_id.get<std::string>();
    for (const json& reason : reasons) {
        if (!reason.is_string()) invalid("payload.reasons", "every reason must be a string key");
        amendment.reasons.push_back(reason.get<std::string>());
    }
    check(amendment);
    return amendment;
}

namespace {

std::string string_member(const json& object, const char* key) {
    const json& value = member(object, key);
    if (!value.is_string()) invalid(std::string("payload.") + key, std::string("expected a string, got ") + value.type_name());
    return value.get<std::string>();
}

std::string optional_string_member(const json& object, const char* key) {
    return object.contains(key) ? string_member(object, key) : std::string();
}

}  // namespace

Question decode_question(std::string_view payload_json) {
    const json payload = parse_object(payload_json);
    reject_unknown_fields(payload, {"text", "pickup_id", "pickup_key"});
    Question question{string_member(payload, "text"), optional_string_member(payload, "pickup_id"),
                      optional_string_member(payload, "pickup_key")};
    check(question);
    return question;
}

QuestionVote decode_question_vote(std::string_view payload_json) {
    const json payload = parse_object(payload_json);
    reject_unknown_fields(payload, {"question"});
    QuestionVote vote{string_member(payload, "question")};
    check(vote);
    return vote;
}

QuestionModeration decode_question_moderation(std::string_view payload_json) {
    const json payload = parse_object(payload_json);
    reject_unknown_fields(payload, {"question", "action", "text", "ambassador", "proof"});
    QuestionModeration m{string_member(payload, "question"), string_member(payload, "action"),
                         string_member(payload, "text"), string_member(payload, "ambassador"),
                         string_member(payload, "proof")};
    check(m);
    return m;
}

TrainingInterest decode_training_interest(std::string_view payload_json) {
    const json payload = parse_object(payload_json);
    reject_unknown_fields(payload, {"session"});
    const json& session = member(payload, "session");
    if (!session.is_string()) invalid("payload.session", "expected a lower-case UUID");
    TrainingInterest interest{session.get<std::string>()};
    check(interest);
    return interest;
}

bool is_known_type(std::string_view type) {
    return type == Rating::type || type == RatingReasons::type || type == Question::type ||
           type == TrainingInterest::type || type == QuestionVote::type || type == QuestionModeration::type;
}

std::string canonical_payload(std::string_view type, std::string_view payload_json) {
    if (type == Rating::type) return encode(decode_rating(payload_json));
    if (type == RatingReasons::type) return encode(decode_rating_reasons(payload_json));
    if (type == Question::type) return encode(decode_question(payload_json));
    if (type == TrainingInterest::type) return encode(decode_training_interest(payload_json));
    if (type == QuestionVote::type) return encode(decode_question_vote(payload_json));
    if (type == QuestionModeration::type) return encode(decode_question_moderation(payload_json));
    invalid("type", "unknown event type '" + std::string(type.substr(0, 40)) + "'");
}

}  // namespace floorsync::events

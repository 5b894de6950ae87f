// A question as the feed carries it to the kiosks of its department, and the one rule that turns ambassadors'
// actions into its state and answer (the collector applies it; a kiosk applies it to its own unsynced actions).
//
// What a question carries is what an ambassador may see: text, department and day. Never the kiosk, never a time
// finer than the day (in a small office a kiosk and a minute can name a person), never the event id (a UUIDv7
// holds the millisecond it was made): its public id is a hash of the event id.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::questions {

// 32 hex digits: BLAKE2b of the question event's id. A kiosk computes it for its own questions too.
std::string public_id(std::string_view event_id);

enum class State { open, published, answered, answered_privately, dismissed };
const char* to_string(State state);  // "new", "published", "answered", "answered_privately", "dismissed"
std::optional<State> state_from_string(std::string_view text);

struct View {
    std::string id;          // public_id()
    std::string department;  // "" : asked without a department (organisation-wide)
    std::string day;         // YYYY-MM-DD, the collector's local day it was asked
    std::string text;
    State state = State::open;
    std::string answer;         // the public answer (state answered)
    std::string answer_by;      // the answering ambassador's display name
    std::string answer_sealed;  // hex: the private answer, sealed to the pickup key (state answered_privately)
    std::string answered_day;   // YYYY-MM-DD of the current answer, "" without one
    std::int64_t votes = 0;     // "I have this question too"
    std::string pickup_id;      // "" : asked without a pickup code
    std::string pickup_key;
    std::int64_t revision = 0;
    bool operator==(const View&) const = default;
};

struct QuestionError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string encode(const View& view);
View decode_view(std::string_view json);  // throws QuestionError

// Employees may see it in the questions list: published, or answered in public. Everything else (new, answered only
// to the asker, dismissed) shows to ambassadors only, or through the pickup code.
bool is_public(const View& view);

// One ambassador action as the rule needs it.
struct Action {
    std::string created_at;  // RFC 3339 of the event: the order of actions ("the latest answer wins")
    std::string event_id;    // ties
    std::string action;      // events::moderation_action
    std::string text;        // answer text or sealed hex
    std::string by;          // the ambassador's display name
};

struct Outcome {
    State state = State::open;
    std::string answer;
    std::string answer_by;
    std::string answer_sealed;
    std::string answered_at;      // created_at of the action behind the current answer
    std::string first_answer_at;  // created_at of the earliest answer of any kind
};

// Applies the actions in (created_at, event_id) order, whatever order they arrived in. Two things change
// independently: who sees the question (publish: everyone; dismiss: nobody on kiosks; a public answer: everyone; a
// private answer undoes a dismissal for ambassadors) and its current answer (the latest answer wins, public or
// private). A private answer never shows in public: a published question answered privately shows as published.
Outcome fold(std::vector<Action> actions);

}  // namespace floorsync::questions

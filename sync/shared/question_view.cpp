// Public question ids, the feed's question objects and the fold of ambassador actions into a question's state.
#include "sync/shared/question_view.hpp"

#include "sync/shared/event_types.hpp"
#include "sync/shared/sodium_support.hpp"
#include "sync/shared/text_rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace floorsync::questions {

namespace {

using nlohmann::json;

constexpr std::array<const char*, 5> kStateNames = {"new", "published", "answered", "answered_privately", "dismissed"};

bool is_day(std::string_view day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (day[i] < '0' || day[i] > '9') return false;
    return true;
}

}  // namespace

std::string public_id(std::string_view event_id) {
    const auto digest = crypto::hash_parts({"floor-question-id-v1", event_id}, 16);
    return crypto::to_hex(digest.data(), digest.size());
}

const char* to_string(State state) { return kStateNames[static_cast<std::size_t>(state)]; }

std::optional<State> state_from_string(std::string_view text) {
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
        if (text == kStateNames[i]) return static_cast<State>(i);
    return std::nullopt;
}

std::string encode(const View& v) {
    return json{{"id", v.id},
                {"department", v.department},
                {"day", v.day},
                {"text", v.text},
                {"state", to_string(v.state)},
                {"answer", v.answer},
                {"answer_by", v.answer_by},
                {"answer_sealed", v.answer_sealed},
                {"answered_day", v.answered_day},
                {"votes", v.votes},
                {"pickup_id", v.pickup_id},
                {"pickup_key", v.pickup_key},
                {"revision", v.revision}}
        .dump();
}

View decode_view(std::string_view text) {
    json value;
    try {
        value = json::parse(text.begin(), text.end());
    } catch (const json::parse_error&) {
        throw QuestionError("question is not valid JSON");
    }
    if (!value.is_object()) throw QuestionError("question must be a JSON object");
    auto text_field = [&](const char* key) {
        const auto found = value.find(key);
        if (found == value.end() || !found->is_string())
            throw QuestionError(std::string("question: field '") + key + "' must be a string");
        return found->get<std::string>();
    };
    auto count_field = [&](const char* key) {
        const auto found = value.find(key);
        if (found == value.end() || !found->is_number_integer() || found->get<std::int64_t>() < 0)
            throw QuestionError(std::string("question: field '") + key + "' must be a count");
        return found->get<std::int64_t>();
    };
    View v;
    v.id = text_field("id");
    v.department = text_field("department");
    v.day = text_field("day");
    v.text = text_field("text");
    const auto state = state_from_string(text_field("state"));
    if (!state) throw QuestionError("question: unknown 'state'");
    v.state = *state;
    v.answer = text_field("answer");
    v.answer_by = text_field("answer_by");
    v.answer_sealed = text_field("answer_sealed");
    v.answered_day = text_field("answered_day");
    v.votes = count_field("votes");
    v.pickup_id = text_field("pickup_id");
    v.pickup_key = text_field("pickup_key");
    v.revision = count_field("revision");
    if (!crypto::is_lower_hex(v.id, 16)) throw QuestionError("question: field 'id' must be 32 hex digits");
    if (!v.department.empty())
        if (const auto why = text_rules::violation(v.department, text_rules::department))
            throw QuestionError("question: field 'department' " + *why);
    if (!is_day(v.day)) throw QuestionError("question: field 'day' must be YYYY-MM-DD");
    if (!v.answered_day.empty() && !is_day(v.answered_day))
        throw QuestionError("question: field 'answered_day' must be YYYY-MM-DD");
    if (const auto why = text_rules::violation(v.text, text_rules::question_text))
        throw QuestionError("question: field 'text' " + *why);
    if (!v.answer.empty())
        if (const auto why = text_rules::violation(v.answer, text_rules::answer_text))
            throw QuestionError("question: field 'answer' " + *why);
    if (!v.answer_sealed.empty() && !crypto::is_lower_hex(v.answer_sealed, v.answer_sealed.size() / 2))
        throw QuestionError("question: field 'answer_sealed' must be hex");
    for (const std::string* hex : {&v.pickup_id, &v.pickup_key})
        if (!hex->empty() && !crypto::is_lower_hex(*hex, 32))
            throw QuestionError("question: pickup fields must be 64 hex digits");
    return v;
}

bool is_public(const View& view) { return view.state == State::published || view.state == State::answered; }

Outcome fold(std::vector<Action> actions) {
    std::sort(actions.begin(), actions.end(), [](const Action& a, const Action& b) {
        return a.created_at != b.created_at ? a.created_at < b.created_at : a.event_id < b.event_id;
    });
    namespace act = events::moderation_action;
    // Two things change independently: who may see the question, and what its current answer is.
    enum class Seen { ambassadors, everyone, nobody } seen = Seen::ambassadors;
    Outcome out;
    for (const Action& a : actions) {
        if (a.action == act::publish) {
            seen = Seen::everyone;
        } else if (a.action == act::dismiss) {
            seen = Seen::nobody;
        } else if (a.action == act::answer || a.action == act::answer_private) {
            const bool in_private = a.action == act::answer_private;
            out.answer = in_private ? "" : a.text;
            out.answer_sealed = in_private ? a.text : "";
            out.answer_by = a.by;
            out.answered_at = a.created_at;
            if (out.first_answer_at.empty()) out.first_answer_at = a.created_at;
            if (!in_private) seen = Seen::everyone;           // a public answer is for everyone
            else if (seen == Seen::nobody) seen = Seen::ambassadors;  // answering undoes a dismissal
        }
    }
    if (seen == Seen::nobody) out.state = State::dismissed;
    else if (!out.answer.empty()) out.state = State::answered;
    else if (seen == Seen::everyone) out.state = State::published;  // also: published, answered only to the asker
    else if (!out.answer_sealed.empty()) out.state = State::answered_privately;
    else out.state = State::open;
    return out;
}

}  // namespace floorsync::questions

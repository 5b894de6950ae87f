// Own questions, ambassador actions and votes from the outbox applied on top of the feed's questions.
#include "sync/question_overlay.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"

#include <ctime>
#include <map>
#include <unordered_map>

namespace floorsync {
namespace {

namespace act = events::moderation_action;

// The feed's state of a question as actions that fold back into it. Their empty created_at sorts before every
// real action, so the kiosk's own actions come after them; the event ids keep their order among themselves.
std::vector<questions::Action> starting_point(const questions::View& view) {
    std::vector<questions::Action> actions;
    if (!view.answer.empty()) {
        actions.push_back({"", "0", act::answer, view.answer, view.answer_by});
    } else if (!view.answer_sealed.empty()) {
        actions.push_back({"", "0", act::answer_private, view.answer_sealed, view.answer_by});
    }
    if (view.state == questions::State::published) actions.push_back({"", "1", act::publish, "", ""});
    if (view.state == questions::State::dismissed) actions.push_back({"", "1", act::dismiss, "", ""});
    return actions;
}

std::string name_of(const std::vector<ambassador::Credential>& ambassadors, const std::string& id) {
    for (const ambassador::Credential& credential : ambassadors)
        if (credential.id == id) return credential.name;
    return "";
}

}  // namespace

bool awaits_feed(const StoredEvent& event, const std::string& feed_synced_at) {
    switch (event.state) {
        case EventState::pending: return true;
        // Both RFC 3339 UTC with milliseconds, as the store writes them: text order is time order.
        case EventState::sent: return feed_synced_at.empty() || event.sent_at >= feed_synced_at;
        case EventState::quarantined: return false;
    }
    return false;
}

std::string local_day(std::string_view rfc3339) {
    const auto parsed = parse_rfc3339(rfc3339);
    if (!parsed) return "";
    const std::time_t seconds = std::chrono::system_clock::to_time_t(*parsed);
    std::tm local{};
    if (!localtime_r(&seconds, &local)) return "";
    char day[16];
    if (std::strftime(day, sizeof day, "%Y-%m-%d", &local) != 10) return "";
    return day;
}

std::vector<questions::View> with_own_events(std::vector<questions::View> shown,
                                             const std::vector<StoredEvent>& own_events,
                                             const std::string& feed_synced_at,
                                             const std::vector<ambassador::Credential>& ambassadors) {
    std::unordered_map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < shown.size(); ++i) index_of.emplace(shown[i].id, i);
    const auto find = [&](const std::string& id) -> questions::View* {
        const auto found = index_of.find(id);
        return found == index_of.end() ? nullptr : &shown[found->second];
    };

    std::vector<const StoredEvent*> waiting;
    for (const StoredEvent& stored : own_events)
        if (awaits_feed(stored, feed_synced_at)) waiting.push_back(&stored);

    // Questions first: the actions and votes below may be on a question asked here.
    for (const StoredEvent* stored : waiting) {
        const Event& event = stored->event;
        if (event.type != event_type::question) continue;
        const std::string id = questions::public_id(event.id);
        if (index_of.count(id)) continue;  // the feed has it already
        events::Question payload;
        try {
            payload = events::decode_question(event.payload);
        } catch (const events::PayloadError&) {
            continue;  // the collector will refuse it too
        }
        questions::View view;
        view.id = id;
        view.department = event.department;
        view.day = local_day(event.created_at);
        view.text = std::move(payload.text);
        view.state = questions::State::open;
        view.pickup_id = std::move(payload.pickup_id);
        view.pickup_key = std::move(payload.pickup_key);
        index_of.emplace(id, shown.size());
        shown.push_back(std::move(view));
    }

    std::map<std::string, std::vector<questions::Action>> actions_on;
    for (const StoredEvent* stored : waiting) {
        const Event& event = stored->event;
        try {
            if (event.type == event_type::question_moderation) {
                events::QuestionModeration action = events::decode_question_moderation(event.payload);
                if (!find(action.question)) continue;
                std::string by = name_of(ambassadors, action.ambassador);
                actions_on[action.question].push_back(
                    {event.created_at, event.id, std::move(action.action), std::move(action.text), std::move(by)});
            } else if (event.type == event_type::question_vote) {
                if (questions::View* view = find(events::decode_question_vote(event.payload).question)) ++view->votes;
            }
        } catch (const events::PayloadError&) {
            // As above: an event the collector will refuse changes nothing here.
        }
    }

    for (auto& [id, own_actions] : actions_on) {
        questions::View& view = *find(id);
        std::vector<questions::Action> actions = starting_point(view);
        actions.insert(actions.end(), own_actions.begin(), own_actions.end());
        const questions::Outcome outcome = questions::fold(std::move(actions));
        view.state = outcome.state;
        view.answer = outcome.answer;
        view.answer_by = outcome.answer_by;
        view.answer_sealed = outcome.answer_sealed;
        // An empty answered_at: the current answer is still the feed's, with the feed's day.
        if (!outcome.answered_at.empty()) view.answered_day = local_day(outcome.answered_at);
    }
    return shown;
}

}  // namespace floorsync

// The queue's input: the order toggle, scrolling, opening a question of the session's department.
#include "kiosk/logic/screens/ambassador_queue_screen.hpp"

#include "kiosk/logic/screens/ambassador_question_screen.hpp"

#include <algorithm>

namespace kiosk {

AmbassadorQueueScreen::AmbassadorQueueScreen(Unlocked unlocked_in, const ScreenHost& host, bool saved)
    : AmbassadorScreen(std::move(unlocked_in)), saved_(saved) {
    queue_.set_order(unlocked().order);
    queue_.update(questions_source(host), session().department);
}

Transition AmbassadorQueueScreen::tick(ScreenHost& host, TimePoint) {
    queue_.update(questions_source(host), session().department);
    return Transition::stay();
}

Transition AmbassadorQueueScreen::handle_own(const Input& input, ScreenHost& host, TimePoint) {
    switch (input.kind) {
    case Input::Kind::scroll_to: unlocked().scroll_em = std::max(0.0f, input.amount); return Transition::stay();
    case Input::Kind::choose_sort:
        if (const auto order = queue_order_from_index(input.index)) {
            queue_.set_order(*order);
            unlocked().order = *order;
            unlocked().scroll_em = 0.0f;  // a new order starts at its top
            saved_ = false;
        }
        return Transition::stay();
    case Input::Kind::open_question:
        // Only a question of the session's department that this list shows.
        if (!queue_.find(input.text)) return Transition::stay();
        return go_to<AmbassadorQuestionScreen>(pass_on(), input.text, host);
    default: return Transition::stay();
    }
}

ScreenPtr AmbassadorQueueScreen::sample(ScreenHost& host) {
    Unlocked unlocked = sample_unlocked(host);
    // Always the built-in questions, never the kiosk's: `kiosk --screen ambassador_queue` must not show a real
    // department's new or dismissed questions without a PIN.
    unlocked.sample_questions = sample_questions(unlocked.session->department, host.wall_now());
    return std::make_unique<AmbassadorQueueScreen>(std::move(unlocked), host);
}

std::shared_ptr<const floorsync::ContentSnapshot> sample_questions(const std::string& department, SystemTime now) {
    using floorsync::questions::State;
    struct Sample {
        const char* text;
        State state;
        int votes;
        int days_back;
        const char* answer;
    };
    static constexpr Sample samples[] = {
        {"Waarom moeten we straks elke pallet twee keer scannen?", State::open, 7, 0, ""},
        {"Krijgen de uitzendkrachten ook de training voor het nieuwe systeem?", State::open, 3, 1, ""},
        {"Wie kan ik bellen als de scanner 's nachts vastloopt?", State::answered, 12, 2,
         "De servicedesk is dag en nacht bereikbaar op 2222. Vanaf de livegang staat er ook een superuser per ploeg klaar."},
        {"Blijven de oude picklijsten op papier bestaan?", State::published, 5, 3, ""},
        {"Kan mijn leidinggevende zien hoe snel ik pick?", State::answered_privately, 1, 4, ""},
        {"Will the new screens also be in English?", State::answered, 4, 5,
         "Yes: every screen of the new system can be switched to English."},
        {"Waarom horen we dit pas nu?", State::dismissed, 0, 6, ""},
    };
    auto snapshot = std::make_shared<floorsync::ContentSnapshot>();
    int n = 0;
    for (const Sample& sample : samples) {
        floorsync::questions::View q;
        q.id = floorsync::questions::public_id("sample-question-" + std::to_string(++n));
        q.department = department;
        q.day = local_day(now, sample.days_back);
        q.text = sample.text;
        q.state = sample.state;
        q.votes = sample.votes;
        q.answer = sample.answer;
        if (!q.answer.empty()) {
            q.answer_by = "Sanne";
            q.answered_day = q.day;
        }
        // The first ones were asked with a pickup code, so their screen offers "Answer privately" (a sample session
        // never seals anything: it cannot sign).
        if (n <= 2) q.pickup_key = std::string(64, 'a');
        q.revision = n;
        snapshot->questions.push_back(std::move(q));
    }
    snapshot->version = 1;
    return snapshot;
}

}  // namespace kiosk

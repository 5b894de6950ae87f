// A question's actions: the answer editor for answers, publish and dismiss signed and submitted from here.
#include "kiosk/logic/screens/ambassador_question_screen.hpp"

#include "kiosk/logic/ambassador_action.hpp"
#include "kiosk/logic/screens/ambassador_queue_screen.hpp"
#include "kiosk/logic/screens/answer_screen.hpp"
#include "sync/shared/event_types.hpp"

#include <algorithm>

namespace kiosk {

namespace action = floorsync::events::moderation_action;
using floorsync::questions::State;

AmbassadorQuestionScreen::AmbassadorQuestionScreen(Unlocked unlocked_in, std::string question_id, const ScreenHost& host, bool saved)
    : AmbassadorScreen(std::move(unlocked_in)), question_id_(std::move(question_id)), saved_(saved) {
    refresh(host);
}

ScreenPtr AmbassadorQuestionScreen::sample(ScreenHost& host) {
    Unlocked unlocked = sample_unlocked(host);
    unlocked.sample_questions = sample_questions(unlocked.session->department, host.wall_now());
    std::string first = unlocked.sample_questions->questions.front().id;
    return std::make_unique<AmbassadorQuestionScreen>(std::move(unlocked), std::move(first), host);
}

// Only a question of the session's own department is ever shown here.
void AmbassadorQuestionScreen::refresh(const ScreenHost& host) {
    const auto& source = questions_source(host);
    if (source == held_ && held_) return;
    held_ = source;
    question_ = nullptr;
    if (!held_) return;
    for (const auto& q : held_->questions)
        if (q.id == question_id_ && q.department == session().department) question_ = &q;
}

Transition AmbassadorQuestionScreen::tick(ScreenHost& host, TimePoint) {
    refresh(host);
    return Transition::stay();
}

bool AmbassadorQuestionScreen::has_public_answer() const {
    return question_ && question_->state == State::answered && !question_->answer.empty();
}
bool AmbassadorQuestionScreen::can_answer_privately() const { return question_ && !question_->pickup_key.empty(); }
bool AmbassadorQuestionScreen::can_publish() const {
    return question_ && question_->state == State::open && published_here_ != question_->id;
}
bool AmbassadorQuestionScreen::can_dismiss() const { return question_ && question_->state != State::dismissed; }

Transition AmbassadorQuestionScreen::save(ScreenHost& host, const char* action_name) {
    try {
        floorsync::Event event = moderation_event(host.make_event(host.new_id(), floorsync::events::QuestionModeration::type, {}, {}),
                                                  session(), *question_, action_name, {});
        ticket_ = host.submit(std::move(event));
        saving_action_ = action_name;
        step_ = Step::saving;
        save_error_.clear();
    } catch (const ActionError& error) {
        step_ = Step::choosing;
        save_error_ = error.what();
    }
    return Transition::stay();
}

Transition AmbassadorQuestionScreen::handle_own(const Input& input, ScreenHost& host, TimePoint) {
    if (input.kind == Input::Kind::back) {
        if (step_ == Step::confirming_dismiss) {
            step_ = Step::choosing;
            return Transition::stay();
        }
        return go_to<AmbassadorQueueScreen>(pass_on(), host);
    }
    if (input.kind == Input::Kind::scroll_to) {
        scroll_em_ = std::max(0.0f, input.amount);
        return Transition::stay();
    }
    if (!question_ || step_ == Step::saving) return Transition::stay();
    if (input.kind == Input::Kind::submit && step_ == Step::confirming_dismiss) return save(host, action::dismiss);
    if (input.kind != Input::Kind::moderate) return Transition::stay();
    saved_ = false;
    const std::string& wanted = input.text;
    if (wanted == action::answer) {
        const std::string prefill = has_public_answer() ? question_->answer : std::string();
        return go_to<AnswerScreen>(pass_on(), *question_, false, prefill);
    }
    if (wanted == action::answer_private && can_answer_privately()) return go_to<AnswerScreen>(pass_on(), *question_, true);
    if (wanted == action::publish && can_publish()) return save(host, action::publish);
    if (wanted == action::dismiss && can_dismiss()) step_ = Step::confirming_dismiss;
    return Transition::stay();
}

Transition AmbassadorQuestionScreen::stored(const floorsync::RecordResult& result, ScreenHost& host, TimePoint) {
    if (!ticket_ || result.ticket != *ticket_) return Transition::stay();
    ticket_.reset();
    step_ = Step::choosing;
    if (!result.stored) {
        save_error_ = result.error.empty() ? "the disk refused it" : result.error;
        return Transition::stay();
    }
    // A dismissed question has nothing more to do here: back to the list. A published one may still get an answer.
    if (saving_action_ == action::dismiss) return go_to<AmbassadorQueueScreen>(pass_on(), host, true);
    published_here_ = question_id_;
    saved_ = true;
    return Transition::stay();
}

}  // namespace kiosk

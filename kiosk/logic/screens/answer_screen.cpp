// The answer editor's input, and saving: sign, submit, wait for the disk, then back to the question.
#include "kiosk/logic/screens/answer_screen.hpp"

#include "kiosk/logic/ambassador_action.hpp"
#include "kiosk/logic/screens/ambassador_queue_screen.hpp"
#include "kiosk/logic/screens/ambassador_question_screen.hpp"
#include "kiosk/logic/strings.hpp"
#include "sync/shared/event_types.hpp"
#include "sync/shared/text_rules.hpp"

namespace kiosk {

namespace action = floorsync::events::moderation_action;

AnswerScreen::AnswerScreen(Unlocked unlocked_in, floorsync::questions::View question, bool privately, std::string_view prefill)
    : AmbassadorScreen(std::move(unlocked_in)),
      question_(std::move(question)),
      privately_(privately),
      editor_(floorsync::limits::answer_text_max_chars) {
    if (!prefill.empty()) editor_.insert(prefill);
}

ScreenPtr AnswerScreen::sample(ScreenHost& host, std::string_view sample_question) {
    Unlocked unlocked = sample_unlocked(host);
    unlocked.sample_questions = sample_questions(unlocked.session->department, host.wall_now());
    floorsync::questions::View question = unlocked.sample_questions->questions.front();
    if (!sample_question.empty()) question.text = std::string(sample_question);
    static const StringTables strings = StringTables::embedded();
    const std::string& answer = strings.get(host.language(), text::ambassador_sample_answer);
    return std::make_unique<AnswerScreen>(std::move(unlocked), std::move(question), false, answer);
}

void AnswerScreen::edited(InsertResult result) {
    last_insert_ = result;
    if (problem_ == Problem::empty || problem_ == Problem::refused) problem_ = Problem::none;
}

Transition AnswerScreen::save(ScreenHost& host) {
    if (saving()) return Transition::stay();
    if (editor_.is_blank()) {
        problem_ = Problem::empty;
        return Transition::stay();
    }
    try {
        floorsync::Event event =
            moderation_event(host.make_event(host.new_id(), floorsync::events::QuestionModeration::type, {}, {}), session(), question_,
                             privately_ ? action::answer_private : action::answer, editor_.trimmed());
        ticket_ = host.submit(std::move(event));
        problem_ = Problem::none;
        detail_.clear();
    } catch (const ActionError& error) {
        problem_ = Problem::refused;
        detail_ = error.what();
    }
    return Transition::stay();
}

Transition AnswerScreen::handle_own(const Input& input, ScreenHost& host, TimePoint) {
    switch (input.kind) {
    case Input::Kind::back:
    case Input::Kind::cancel_question: return go_to<AmbassadorQuestionScreen>(pass_on(), question_.id, host);
    case Input::Kind::submit:
    case Input::Kind::send_question: return save(host);
    default: break;
    }
    if (saving()) return Transition::stay();  // the text being stored is the text on screen
    switch (input.kind) {
    case Input::Kind::press_key: {
        const KeyOutcome outcome = keyboard_.press(input.index, input.column);
        switch (outcome.kind) {
        case KeyOutcome::Kind::insert: edited(editor_.insert(outcome.text)); break;
        case KeyOutcome::Kind::backspace:
            editor_.backspace();
            edited(InsertResult::inserted);
            break;
        case KeyOutcome::Kind::enter: return save(host);
        case KeyOutcome::Kind::none: break;
        }
        return Transition::stay();
    }
    case Input::Kind::type_codepoint: edited(editor_.insert_codepoint(input.codepoint)); return Transition::stay();
    case Input::Kind::type_text: edited(editor_.insert(input.text)); return Transition::stay();
    case Input::Kind::backspace:
        editor_.backspace();
        edited(InsertResult::inserted);
        return Transition::stay();
    default: return Transition::stay();
    }
}

Transition AnswerScreen::stored(const floorsync::RecordResult& result, ScreenHost& host, TimePoint) {
    if (!ticket_ || result.ticket != *ticket_) return Transition::stay();
    ticket_.reset();
    if (!result.stored) {
        problem_ = Problem::not_saved;  // the draft stays in the editor: Save again, or Cancel
        detail_ = result.error.empty() ? "the disk refused it" : result.error;
        return Transition::stay();
    }
    return go_to<AmbassadorQuestionScreen>(pass_on(), question_.id, host, true);
}

}  // namespace kiosk

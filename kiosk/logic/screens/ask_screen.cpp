// Ask a question: keys and typed text go into the editor; send goes on to the department or saving screen, with the
// pickup code when it is ready.
#include "kiosk/logic/screens/ask_screen.hpp"

#include "kiosk/logic/screens/home_screen.hpp"

namespace kiosk {

AskScreen::AskScreen(std::size_t max_length, std::string_view text) : editor_(max_length) {
    if (!text.empty()) editor_.insert(text);
}

ScreenPtr AskScreen::sample(ScreenHost& host, std::string_view sample_question) {
    return std::make_unique<AskScreen>(host.config().max_question_length, sample_question);
}

Transition AskScreen::send(ScreenHost& host, TimePoint now) {
    if (editor_.is_blank()) {
        last_insert_ = InsertResult::refused_empty;  // the view says "type a question first"
        return Transition::stay();
    }
    // A code not ready yet (a worker that failed, or someone very fast) is not waited for: the question goes
    // without one, and the thank-you says so.
    return begin(MainAction::question(editor_.trimmed(), std::move(pickup_)), host, now);
}

Transition AskScreen::tick(ScreenHost& host, TimePoint) {
    if (code_state_ == CodeState::not_asked) {
        code_state_ = CodeState::making;
        code_ticket_ = host.secrets().new_pickup();
    }
    return Transition::stay();
}

Transition AskScreen::secret_result(const floorsync::SecretResult& result, ScreenHost&, TimePoint) {
    if (code_state_ != CodeState::making || result.ticket != code_ticket_) return Transition::stay();
    const bool made = result.outcome == floorsync::SecretResult::Outcome::accepted && result.pickup && !result.code.empty();
    if (made) {
        // Only what the question carries and what the thank-you shows; the secret key is not needed for asking.
        pickup_ = PickupCode{result.code, result.pickup->id, result.pickup->public_key};
        code_state_ = CodeState::ready;
    } else {
        code_state_ = CodeState::unavailable;
    }
    return Transition::stay();
}

Transition AskScreen::handle(const Input& input, ScreenHost& host, TimePoint now) {
    switch (input.kind) {
    case Input::Kind::press_key: {
        const KeyOutcome outcome = keyboard_.press(input.index, input.column);
        switch (outcome.kind) {
        case KeyOutcome::Kind::insert: last_insert_ = editor_.insert(outcome.text); break;
        case KeyOutcome::Kind::backspace:
            editor_.backspace();
            last_insert_ = InsertResult::inserted;
            break;
        case KeyOutcome::Kind::enter: return send(host, now);
        case KeyOutcome::Kind::none: break;
        }
        return Transition::stay();
    }
    case Input::Kind::type_codepoint: last_insert_ = editor_.insert_codepoint(input.codepoint); return Transition::stay();
    case Input::Kind::type_text: last_insert_ = editor_.insert(input.text); return Transition::stay();
    case Input::Kind::backspace:
        editor_.backspace();
        last_insert_ = InsertResult::inserted;
        return Transition::stay();
    case Input::Kind::send_question: return send(host, now);
    case Input::Kind::cancel_question: return go_to<HomeScreen>();
    default: return Transition::stay();
    }
}

}  // namespace kiosk

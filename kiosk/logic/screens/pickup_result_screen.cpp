// What a pickup code shows: the one rule from a question's state and answer to the asker's view of it.
#include "kiosk/logic/screens/pickup_result_screen.hpp"

#include "kiosk/logic/screens/home_screen.hpp"
#include "kiosk/logic/strings.hpp"
#include "sync/shared/secret_bytes.hpp"

#include <algorithm>

namespace kiosk {

namespace {

using floorsync::questions::State;

void wipe(std::string& text) {
    if (!text.empty()) floorsync::wipe_memory(text.data(), text.size());
    text.clear();
}

}  // namespace

PickupResultScreen::PickupResultScreen(floorsync::questions::View question, const floorsync::pickup::Keys& keys)
    : question_(std::move(question)) {
    if (question_.state == State::dismissed) {
        shows_ = Shows::dismissed;
    } else if (!question_.answer_sealed.empty()) {
        // The latest answer was given privately (also when the question itself is published): only this code opens it.
        if (auto opened = floorsync::pickup::open(question_.answer_sealed, keys)) {
            answer_ = *opened;
            wipe(*opened);  // a copy, not a move: a moved-from short string keeps its bytes
            shows_ = Shows::private_answer;
        } else {
            shows_ = Shows::unreadable;
        }
    } else if (question_.state == State::answered && !question_.answer.empty()) {
        answer_ = question_.answer;
        shows_ = Shows::public_answer;
    } else {
        shows_ = Shows::not_answered;
    }
}

PickupResultScreen::~PickupResultScreen() {
    // The private answer was for the asker only: nothing of it stays in freed memory for the next person.
    if (shows_ == Shows::private_answer) wipe(answer_);
}

ScreenPtr PickupResultScreen::sample(ScreenHost& host) {
    const StringTables strings = StringTables::embedded();
    const std::string& language = host.language();
    floorsync::questions::View question;
    question.id = floorsync::questions::public_id("sample-pickup-question");
    question.department = host.config().department;
    question.day = "2026-12-01";
    question.text = strings.get(language, text::pickup_sample_question);
    question.state = State::answered_privately;
    question.answer_by = strings.get(language, text::questions_sample_ambassador);
    const auto keys = floorsync::pickup::derive("K7PX4MQ2");
    question.pickup_id = keys.id;
    question.pickup_key = keys.public_key;
    question.answer_sealed = floorsync::pickup::seal(strings.get(language, text::pickup_sample_answer), keys.public_key);
    return std::make_unique<PickupResultScreen>(std::move(question), keys);
}

Transition PickupResultScreen::handle(const Input& input, ScreenHost&, TimePoint) {
    if (input.kind == Input::Kind::go_home) return go_to<HomeScreen>();
    if (input.kind == Input::Kind::scroll_to) scroll_em_ = std::max(0.0f, input.amount);
    return Transition::stay();
}

}  // namespace kiosk

// Store error: dismissing it returns a question to the editor with its text, anything else goes home.
#include "kiosk/logic/screens/store_error_screen.hpp"

#include "kiosk/logic/screens/ask_screen.hpp"
#include "kiosk/logic/screens/home_screen.hpp"

namespace kiosk {

ScreenPtr StoreErrorScreen::sample(ScreenHost&, std::string_view sample_question) {
    return std::make_unique<StoreErrorScreen>(Subject::question, "database or disk is full", std::string(sample_question));
}

Transition StoreErrorScreen::handle(const Input& input, ScreenHost& host, TimePoint) {
    if (input.kind != Input::Kind::dismiss_error) return Transition::stay();
    if (subject_ == Subject::question) return go_to<AskScreen>(host.config().max_question_length, std::move(question_text_));
    return go_to<HomeScreen>();
}

}  // namespace kiosk

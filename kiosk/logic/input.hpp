// What a person did on the screen (a tap on a face, a key, a drag), as the UI reports it to the shell.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kiosk {

struct Input {
    enum class Kind {
        tap_face,           // index: score 1..5
        choose_language,    // text: language code
        start_cleaning,
        open_ask,
        open_screen,        // text: a screen name from home ("why", "news", "timeline", "training")
        go_home,            // the "back" button of a content screen
        choose_department,  // index
        prefer_not_to_say,
        toggle_reason,      // index
        finish_follow_up,
        skip_follow_up,
        close_thank_you,
        press_key,          // index: row, column
        type_codepoint,     // codepoint: from a physical keyboard
        type_text,          // text: from a physical keyboard or a test
        backspace,
        send_question,
        cancel_question,
        dismiss_error,
        choose_tab,         // index: the why screen's "for the organisation" (0) / "for you" (1)
        scroll_to,          // amount: the new scroll offset in em, already clamped by the view
        attend_training,    // text: the training session's content id ("I'll be there")
        note_activity,      // a touch on empty space: keeps the idle timer from firing while someone is busy
        press_digit,        // index: 0..9 (the PIN pad)
        submit,             // the PIN pad's "OK", the pickup entry's "Check", the answer editor's "Save"
        back,               // one step back inside a flow (a question -> the ambassador queue, the answer -> its question)
        open_question,      // text: a question's public id
        choose_sort,        // index: the ambassador queue's order (see AmbassadorQueue::Order)
        moderate,           // text: "publish", "dismiss", "answer", "answer_private" (opens the editor for answers)
        lock,               // ends the ambassador session at once
        vote,               // text: a question's public id ("I have this question too")
    };
    Kind kind = Kind::note_activity;
    std::size_t index = 0;
    std::size_t column = 0;
    char32_t codepoint = 0;
    std::string text;
    float amount = 0.0f;

    bool operator==(const Input&) const = default;
};

using Inputs = std::vector<Input>;

// Short constructors, so code and tests read like what happened: shell.input(in::tap_face(4), now).
namespace in {
inline Input make(Input::Kind kind) { return Input{kind}; }
inline Input tap_face(int score) { return Input{Input::Kind::tap_face, static_cast<std::size_t>(score)}; }
inline Input choose_language(std::string code) { Input i{Input::Kind::choose_language}; i.text = std::move(code); return i; }
inline Input open_screen(std::string name) { Input i{Input::Kind::open_screen}; i.text = std::move(name); return i; }
inline Input choose_department(std::size_t index) { return Input{Input::Kind::choose_department, index}; }
inline Input toggle_reason(std::size_t index) { return Input{Input::Kind::toggle_reason, index}; }
inline Input press_key(std::size_t row, std::size_t column) { return Input{Input::Kind::press_key, row, column}; }
inline Input type_codepoint(char32_t c) { Input i{Input::Kind::type_codepoint}; i.codepoint = c; return i; }
inline Input type_text(std::string text) { Input i{Input::Kind::type_text}; i.text = std::move(text); return i; }
inline Input choose_tab(std::size_t index) { return Input{Input::Kind::choose_tab, index}; }
inline Input scroll_to(float em) { Input i{Input::Kind::scroll_to}; i.amount = em; return i; }
inline Input attend_training(std::string id) { Input i{Input::Kind::attend_training}; i.text = std::move(id); return i; }
inline Input start_cleaning() { return make(Input::Kind::start_cleaning); }
inline Input open_ask() { return make(Input::Kind::open_ask); }
inline Input go_home() { return make(Input::Kind::go_home); }
inline Input prefer_not_to_say() { return make(Input::Kind::prefer_not_to_say); }
inline Input finish_follow_up() { return make(Input::Kind::finish_follow_up); }
inline Input skip_follow_up() { return make(Input::Kind::skip_follow_up); }
inline Input close_thank_you() { return make(Input::Kind::close_thank_you); }
inline Input backspace() { return make(Input::Kind::backspace); }
inline Input send_question() { return make(Input::Kind::send_question); }
inline Input cancel_question() { return make(Input::Kind::cancel_question); }
inline Input dismiss_error() { return make(Input::Kind::dismiss_error); }
inline Input note_activity() { return make(Input::Kind::note_activity); }
inline Input press_digit(int digit) { return Input{Input::Kind::press_digit, static_cast<std::size_t>(digit)}; }
inline Input submit() { return make(Input::Kind::submit); }
inline Input back() { return make(Input::Kind::back); }
inline Input open_question(std::string id) { Input i{Input::Kind::open_question}; i.text = std::move(id); return i; }
inline Input choose_sort(std::size_t order) { return Input{Input::Kind::choose_sort, order}; }
inline Input moderate(std::string action) { Input i{Input::Kind::moderate}; i.text = std::move(action); return i; }
inline Input lock() { return make(Input::Kind::lock); }
inline Input vote(std::string id) { Input i{Input::Kind::vote}; i.text = std::move(id); return i; }
}  // namespace in

}  // namespace kiosk

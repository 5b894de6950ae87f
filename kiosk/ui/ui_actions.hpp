// What the screens ask for in a frame (a tap on a face, a key, ...), applied to the flow after drawing.
#pragma once

#include "kiosk/logic/flow.hpp"

#include <string>
#include <vector>

namespace kiosk::ui {

struct UiAction {
    enum class Kind {
        tap_face,           // index: score 1..5
        choose_language,    // text: language code
        start_cleaning,
        open_ask,
        choose_department,  // index
        prefer_not_to_say,
        toggle_reason,      // index
        finish_follow_up,
        skip_follow_up,
        close_thank_you,
        press_key,          // index: row, column
        type_codepoint,     // codepoint: from a physical keyboard
        backspace,          // physical keyboard
        send_question,
        cancel_question,
        dismiss_error,
        note_activity,      // a touch on empty space: keeps the idle timer from firing while someone is busy
    };
    Kind kind;
    std::size_t index = 0;
    std::size_t column = 0;
    char32_t codepoint = 0;
    std::string text;

    bool operator==(const UiAction&) const = default;
};

using UiActions = std::vector<UiAction>;

// Hands each action to the flow in order, all at time `now`.
void apply_actions(Flow& flow, const UiActions& actions, Flow::TimePoint now);

}  // namespace kiosk::ui

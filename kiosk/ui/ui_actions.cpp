// Maps each UI action onto the flow's input calls.
#include "kiosk/ui/ui_actions.hpp"

namespace kiosk::ui {

void apply_actions(Flow& flow, const UiActions& actions, Flow::TimePoint now) {
    for (const UiAction& action : actions) {
        switch (action.kind) {
        case UiAction::Kind::tap_face: flow.tap_face(static_cast<int>(action.index), now); break;
        case UiAction::Kind::choose_language: flow.choose_language(action.text, now); break;
        case UiAction::Kind::start_cleaning: flow.start_cleaning(now); break;
        case UiAction::Kind::open_ask: flow.open_ask(now); break;
        case UiAction::Kind::choose_department: flow.choose_department(action.index, now); break;
        case UiAction::Kind::prefer_not_to_say: flow.prefer_not_to_say(now); break;
        case UiAction::Kind::toggle_reason: flow.toggle_reason(action.index, now); break;
        case UiAction::Kind::finish_follow_up: flow.finish_follow_up(now); break;
        case UiAction::Kind::skip_follow_up: flow.skip_follow_up(now); break;
        case UiAction::Kind::close_thank_you: flow.close_thank_you(now); break;
        case UiAction::Kind::press_key: flow.press_key(action.index, action.column, now); break;
        case UiAction::Kind::type_codepoint: flow.type_codepoint(action.codepoint, now); break;
        case UiAction::Kind::backspace: flow.backspace(now); break;
        case UiAction::Kind::send_question: flow.send_question(now); break;
        case UiAction::Kind::cancel_question: flow.cancel_question(now); break;
        case UiAction::Kind::dismiss_error: flow.dismiss_error(now); break;
        case UiAction::Kind::note_activity: flow.note_activity(now); break;
        }
    }
}

}  // namespace kiosk::ui

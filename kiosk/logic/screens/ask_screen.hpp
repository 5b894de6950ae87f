// Ask a question: the text editor and the on-screen keyboard; "send" stores the question anonymously.
#pragma once

#include "kiosk/logic/keyboard_layout.hpp"
#include "kiosk/logic/screens/main_action.hpp"
#include "kiosk/logic/text_editor.hpp"

namespace kiosk {

class AskScreen final : public Screen {
public:
    static constexpr std::string_view kName = "ask";
    // `text`: a question coming back from the error screen, to be sent again.
    explicit AskScreen(std::size_t max_length, std::string_view text = {});
    static ScreenPtr sample(ScreenHost& host, std::string_view sample_question);

    std::string_view name() const override { return kName; }
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;

    const TextEditor& editor() const { return editor_; }
    const KeyboardLayout& keyboard() const { return keyboard_; }
    bool can_send() const { return !editor_.is_blank(); }
    InsertResult last_insert_result() const { return last_insert_; }  // to show "limit reached" etc.

private:
    Transition send(ScreenHost& host, TimePoint now);

    TextEditor editor_;
    KeyboardLayout keyboard_;
    InsertResult last_insert_ = InsertResult::inserted;
};

}  // namespace kiosk

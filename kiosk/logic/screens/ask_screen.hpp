// Ask a question: the text editor and the on-screen keyboard; "send" stores the question anonymously, with the
// pickup code the secret worker made while it was typed.
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
    // The first tick asks the secret worker for a pickup code (Argon2id, off the frame loop): it is ready long
    // before someone finishes typing.
    Transition tick(ScreenHost& host, TimePoint now) override;
    Transition secret_result(const floorsync::SecretResult& result, ScreenHost& host, TimePoint now) override;

    const TextEditor& editor() const { return editor_; }
    const KeyboardLayout& keyboard() const { return keyboard_; }
    bool can_send() const { return !editor_.is_blank(); }
    InsertResult last_insert_result() const { return last_insert_; }  // to show "limit reached" etc.

    enum class CodeState { not_asked, making, ready, unavailable };
    CodeState code_state() const { return code_state_; }

private:
    Transition send(ScreenHost& host, TimePoint now);

    TextEditor editor_;
    KeyboardLayout keyboard_;
    InsertResult last_insert_ = InsertResult::inserted;
    CodeState code_state_ = CodeState::not_asked;
    std::uint64_t code_ticket_ = 0;
    std::optional<PickupCode> pickup_;  // the code for this question, once the worker made it
};

}  // namespace kiosk

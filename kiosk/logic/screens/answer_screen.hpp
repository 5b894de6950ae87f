// Answering a question: the ask screen's on-screen keyboard and editor, in public (signed with the ambassador's
// name) or privately (sealed to the asker's pickup code); Save signs and stores it, Cancel drops the draft.
#pragma once

#include "kiosk/logic/keyboard_layout.hpp"
#include "kiosk/logic/screens/ambassador_screen.hpp"
#include "kiosk/logic/text_editor.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace kiosk {

class AnswerScreen final : public AmbassadorScreen {
public:
    static constexpr std::string_view kName = "answer";
    // `prefill`: the current public answer, for "Edit answer".
    AnswerScreen(Unlocked unlocked, floorsync::questions::View question, bool privately, std::string_view prefill = {});
    ~AnswerScreen() override { editor_.wipe(); }  // a private answer's draft must not linger in freed memory
    AnswerScreen(const AnswerScreen&) = delete;
    AnswerScreen& operator=(const AnswerScreen&) = delete;
    // Screenshots: an answer being typed to `sample_question` (a sample question when empty).
    static ScreenPtr sample(ScreenHost& host, std::string_view sample_question);

    std::string_view name() const override { return kName; }
    Transition stored(const floorsync::RecordResult& result, ScreenHost& host, TimePoint now) override;

    enum class Problem {
        none,
        empty,      // Save with nothing typed
        refused,    // the answer or the action was refused before saving (detail())
        not_saved,  // the disk did not store it (detail()); the draft is kept
    };
    const floorsync::questions::View& question() const { return question_; }
    bool privately() const { return privately_; }
    bool saving() const { return ticket_.has_value(); }
    bool can_save() const { return !saving() && !editor_.is_blank(); }
    Problem problem() const { return problem_; }
    const std::string& detail() const { return detail_; }
    const TextEditor& editor() const { return editor_; }
    const KeyboardLayout& keyboard() const { return keyboard_; }
    InsertResult last_insert_result() const { return last_insert_; }

protected:
    Transition handle_own(const Input& input, ScreenHost& host, TimePoint now) override;

private:
    Transition save(ScreenHost& host);
    void edited(InsertResult result);

    floorsync::questions::View question_;
    bool privately_;
    TextEditor editor_;
    KeyboardLayout keyboard_;
    InsertResult last_insert_ = InsertResult::inserted;
    std::optional<std::uint64_t> ticket_;
    Problem problem_ = Problem::none;
    std::string detail_;
};

}  // namespace kiosk

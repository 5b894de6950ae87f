// One question for its ambassador: text, department, day, state, votes and the current answer; answer it (in
// public or privately), publish it without an answer yet, edit the answer, or dismiss it after a confirm step.
#pragma once

#include "kiosk/logic/screens/ambassador_screen.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace kiosk {

class AmbassadorQuestionScreen final : public AmbassadorScreen {
public:
    static constexpr std::string_view kName = "ambassador_question";
    // `saved`: an answer to it was just stored.
    AmbassadorQuestionScreen(Unlocked unlocked, std::string question_id, const ScreenHost& host, bool saved = false);
    // Screenshots: the first sample question of the sample session.
    static ScreenPtr sample(ScreenHost& host);

    std::string_view name() const override { return kName; }
    Transition tick(ScreenHost& host, TimePoint now) override;
    Transition stored(const floorsync::RecordResult& result, ScreenHost& host, TimePoint now) override;

    enum class Step {
        choosing,            // the actions
        confirming_dismiss,  // "Dismiss this question?" with "Yes, dismiss" and "Keep it"
        saving,              // a publish or dismiss on its way to the disk
    };
    Step step() const { return step_; }
    // The question as the snapshot has it now; nullptr when it is no longer there.
    const floorsync::questions::View* question() const { return question_; }
    const std::string& question_id() const { return question_id_; }
    bool has_public_answer() const;     // "Edit answer" instead of "Answer", prefilled
    bool can_answer_privately() const;  // only with a pickup code
    bool can_publish() const;           // only while new
    bool can_dismiss() const;           // not once dismissed
    bool just_saved() const { return saved_; }
    const std::string& save_error() const { return save_error_; }  // the last publish or dismiss was not stored
    float scroll_em() const { return scroll_em_; }  // a long question and answer scroll

protected:
    Transition handle_own(const Input& input, ScreenHost& host, TimePoint now) override;

private:
    void refresh(const ScreenHost& host);
    Transition save(ScreenHost& host, const char* action);

    std::string question_id_;
    std::shared_ptr<const floorsync::ContentSnapshot> held_;  // keeps question_ valid
    const floorsync::questions::View* question_ = nullptr;
    Step step_ = Step::choosing;
    std::optional<std::uint64_t> ticket_;
    std::string saving_action_;
    std::string published_here_;  // publish stored in this session: offered no more until the snapshot shows it
    bool saved_ = false;
    std::string save_error_;
    float scroll_em_ = 0.0f;
};

}  // namespace kiosk

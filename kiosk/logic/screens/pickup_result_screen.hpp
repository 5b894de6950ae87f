// A pickup code's question: its text and what became of it (a public answer, a private one opened with the code's
// keys, still open, or dismissed). The opened answer and the question die with the screen.
#pragma once

#include "kiosk/logic/screen.hpp"
#include "sync/shared/pickup_code.hpp"
#include "sync/shared/question_view.hpp"

#include <string>

namespace kiosk {

class PickupResultScreen final : public Screen {
public:
    static constexpr std::string_view kName = "pickup_result";
    // Opens a private answer at once with `keys`; the keys themselves are not kept.
    PickupResultScreen(floorsync::questions::View question, const floorsync::pickup::Keys& keys);
    ~PickupResultScreen() override;
    PickupResultScreen(const PickupResultScreen&) = delete;
    PickupResultScreen& operator=(const PickupResultScreen&) = delete;
    // For screenshots: a sample question with a private answer, in the visit's language.
    static ScreenPtr sample(ScreenHost& host);

    std::string_view name() const override { return kName; }
    // "Done" (go_home) goes home; so does the idle timeout. A drag scrolls a long answer.
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;

    enum class Shows {
        public_answer,   // answer() by answer_by(), as on the questions screen
        private_answer,  // answer(), readable only with the code
        not_answered,    // new, or published without an answer yet
        dismissed,       // will not be answered on the kiosks
        unreadable,      // a private answer that these keys do not open (damaged on its way)
    };
    Shows shows() const { return shows_; }
    const std::string& question_text() const { return question_.text; }
    const std::string& department() const { return question_.department; }
    const std::string& answer() const { return answer_; }
    const std::string& answer_by() const { return question_.answer_by; }
    bool published() const { return question_.state == floorsync::questions::State::published; }
    float scroll_em() const { return scroll_em_; }  // a long answer scrolls by dragging

private:
    floorsync::questions::View question_;
    Shows shows_ = Shows::not_answered;
    std::string answer_;
    float scroll_em_ = 0.0f;
};

}  // namespace kiosk

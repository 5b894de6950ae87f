// Store error: the event could not be stored, so no thank-you; a question can go back to the editor with its text.
#pragma once

#include "kiosk/logic/screens/main_action.hpp"

namespace kiosk {

class StoreErrorScreen final : public Screen {
public:
    static constexpr std::string_view kName = "store-error";
    StoreErrorScreen(Subject subject, std::string detail, std::string question_text)
        : subject_(subject), detail_(std::move(detail)), question_text_(std::move(question_text)) {}
    static ScreenPtr sample(ScreenHost& host, std::string_view sample_question);

    std::string_view name() const override { return kName; }
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;

    Subject subject() const { return subject_; }
    const std::string& detail() const { return detail_; }  // the recorder's reason, for the log line

private:
    Subject subject_;
    std::string detail_;
    std::string question_text_;  // kept so the question can be sent again
};

}  // namespace kiosk

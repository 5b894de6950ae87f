// Thank-you: says what was stored; home after thank_you_duration or a tap. After a question with a pickup code it
// shows the code and waits for "Done", so it can be copied by hand.
#pragma once

#include "kiosk/logic/screens/main_action.hpp"

namespace kiosk {

class ThankYouScreen final : public Screen {
public:
    static constexpr std::string_view kName = "thank-you";
    // `pickup_code`: the normalised code of the question just stored ("" for anything else, or a question sent
    // before its code was ready).
    explicit ThankYouScreen(Subject subject, std::string pickup_code = {})
        : subject_(subject), pickup_code_(std::move(pickup_code)) {}
    // For screenshots: after a question, with a sample code.
    static ScreenPtr sample(ScreenHost&) { return std::make_unique<ThankYouScreen>(Subject::question, "K7PX4MQ2"); }

    std::string_view name() const override { return kName; }
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;
    Transition tick(ScreenHost& host, TimePoint now) override;
    std::optional<TimePoint> deadline(const ScreenHost& host, TimePoint now) const override;
    // Its own duration ends it; the idle clock (running since the tap before saving) must not cut it short. A code
    // waits for "Done": copying eight symbols by hand takes longer than any fixed time, and only the idle timeout
    // ends it for someone who walked away.
    Idle idle() const override { return waits_for_done() ? Idle::ends_visit : Idle::never; }

    Subject subject() const { return subject_; }
    // The code to copy, normalised; "" when there is none.
    const std::string& pickup_code() const { return pickup_code_; }
    // A question that was stored without a code (it was not ready, or could not be made): the view says so.
    bool question_without_code() const { return subject_ == Subject::question && pickup_code_.empty(); }
    bool waits_for_done() const { return !pickup_code_.empty(); }

private:
    Subject subject_;
    std::string pickup_code_;
};

}  // namespace kiosk

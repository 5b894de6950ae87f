// Thank-you: says what was stored; home after thank_you_duration or a tap.
#pragma once

#include "kiosk/logic/screens/main_action.hpp"

namespace kiosk {

class ThankYouScreen final : public Screen {
public:
    static constexpr std::string_view kName = "thank-you";
    explicit ThankYouScreen(Subject subject) : subject_(subject) {}
    static ScreenPtr sample(ScreenHost&) { return std::make_unique<ThankYouScreen>(Subject::rating); }

    std::string_view name() const override { return kName; }
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;
    Transition tick(ScreenHost& host, TimePoint now) override;
    std::optional<TimePoint> deadline(const ScreenHost& host, TimePoint now) const override;
    // Its own duration ends it; the idle clock (running since the tap before saving) must not cut it short.
    Idle idle() const override { return Idle::never; }

    Subject subject() const { return subject_; }

private:
    Subject subject_;
};

}  // namespace kiosk

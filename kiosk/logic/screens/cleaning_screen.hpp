// Cleaning lock: every touch is ignored until the countdown ends; then a new visit starts on home.
#pragma once

#include "kiosk/logic/screen.hpp"

namespace kiosk {

class CleaningScreen final : public Screen {
public:
    static constexpr std::string_view kName = "cleaning";
    static ScreenPtr sample(ScreenHost&) { return std::make_unique<CleaningScreen>(); }

    std::string_view name() const override { return kName; }
    Transition handle(const Input&, ScreenHost&, TimePoint) override { return Transition::stay(); }
    Transition tick(ScreenHost& host, TimePoint now) override;
    // Every whole second of the countdown, so the number on screen moves.
    std::optional<TimePoint> deadline(const ScreenHost& host, TimePoint now) const override;
    Idle idle() const override { return Idle::never; }
    bool takes_input() const override { return false; }

    int seconds_left(const ScreenHost& host, TimePoint now) const;  // whole seconds, rounded up

private:
    TimePoint ends(const ScreenHost& host) const { return shown_at() + host.config().cleaning_lock_duration; }
};

}  // namespace kiosk

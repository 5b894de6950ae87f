// Timeline: the go-live countdown ("12 days to go", "live for 3 days") and the milestones of the change.
#pragma once

#include "kiosk/logic/local_calendar.hpp"
#include "kiosk/logic/screens/content_screen.hpp"

namespace kiosk {

class TimelineScreen final : public ContentScreen {
public:
    static constexpr std::string_view kName = "timeline";
    static ScreenPtr sample(ScreenHost&) { return std::make_unique<TimelineScreen>(); }
    std::string_view name() const override { return kName; }
};

// The countdown to the go-live milestone at the host's wall time; nullopt when there is no go-live date.
std::optional<Countdown> go_live_countdown(const ScreenHost& host);

}  // namespace kiosk

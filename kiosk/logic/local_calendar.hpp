// Local calendar dates and times for what the kiosk shows: "Mon 14 Dec 09:00", days to go-live, the next midnight.
#pragma once

#include <chrono>

namespace kiosk {

using SystemTime = std::chrono::system_clock::time_point;

// A moment in the kiosk's local time zone (the TZ environment variable, else /etc/localtime).
struct LocalTime {
    int year = 0;
    int month = 1;    // 1..12
    int day = 1;      // 1..31
    int weekday = 0;  // 0 = Monday .. 6 = Sunday
    int hour = 0;
    int minute = 0;
};
LocalTime local_time_of(SystemTime time);

// Whole local calendar days from `from` to `to` (negative when `to` is earlier): 23:59 to 00:01 is one day.
int calendar_days_between(SystemTime from, SystemTime to);

// The first moment of the next local day after `now`, when a "12 days to go" must change.
SystemTime next_local_midnight(SystemTime now);

// The go-live countdown: before (days >= 1 to go), on the day itself, or after (days >= 1 since).
struct Countdown {
    enum class Phase { before, today, after };
    Phase phase = Phase::before;
    int days = 0;
};
Countdown countdown_to(SystemTime go_live, SystemTime now);

}  // namespace kiosk

// Local calendar arithmetic with localtime_r/mktime, so daylight saving changes never make a day of 23 or 25 hours.
#include "kiosk/logic/local_calendar.hpp"

#include <ctime>

namespace kiosk {
namespace {

std::tm local_tm(SystemTime time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm parts{};
    localtime_r(&seconds, &parts);
    return parts;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil): exact, no time zone involved.
long days_from_civil(int year, int month, int day) {
    year -= month <= 2;
    const long era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

long local_day_number(SystemTime time) {
    const std::tm parts = local_tm(time);
    return days_from_civil(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday);
}

}  // namespace

LocalTime local_time_of(SystemTime time) {
    const std::tm parts = local_tm(time);
    LocalTime local;
    local.year = parts.tm_year + 1900;
    local.month = parts.tm_mon + 1;
    local.day = parts.tm_mday;
    local.weekday = (parts.tm_wday + 6) % 7;
    local.hour = parts.tm_hour;
    local.minute = parts.tm_min;
    return local;
}

int calendar_days_between(SystemTime from, SystemTime to) {
    return static_cast<int>(local_day_number(to) - local_day_number(from));
}

SystemTime next_local_midnight(SystemTime now) {
    std::tm parts = local_tm(now);
    parts.tm_mday += 1;
    parts.tm_hour = 0;
    parts.tm_min = 0;
    parts.tm_sec = 0;
    parts.tm_isdst = -1;  // let mktime decide: the next day may be on the other side of a DST change
    const std::time_t midnight = std::mktime(&parts);
    return std::chrono::system_clock::from_time_t(midnight);
}

Countdown countdown_to(SystemTime go_live, SystemTime now) {
    const int days = calendar_days_between(now, go_live);
    if (days > 0) return {Countdown::Phase::before, days};
    if (days == 0) return {Countdown::Phase::today, 0};
    return {Countdown::Phase::after, -days};
}

}  // namespace kiosk

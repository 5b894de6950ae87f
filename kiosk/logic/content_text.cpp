// Formats dates and the countdown in the kiosk's languages; every word comes from the string tables.
#include "kiosk/logic/content_text.hpp"

#include <cstdio>

namespace kiosk {

std::string format_day(const StringTables& strings, const std::string& language, SystemTime time) {
    const LocalTime local = local_time_of(time);
    return strings.format(language, text::date_day_month,
                          {{"weekday", strings.get(language, text::weekday_key(local.weekday))},
                           {"day", std::to_string(local.day)},
                           {"month", strings.get(language, text::month_key(local.month))}});
}

std::string format_date(const StringTables& strings, const std::string& language, SystemTime time) {
    const LocalTime local = local_time_of(time);
    return strings.format(language, text::date_day_month_year,
                          {{"day", std::to_string(local.day)},
                           {"month", strings.get(language, text::month_key(local.month))},
                           {"year", std::to_string(local.year)}});
}

std::string format_clock(SystemTime time) {
    const LocalTime local = local_time_of(time);
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", local.hour % 100, local.minute % 100);
    return buffer;
}

std::string format_session(const StringTables& strings, const std::string& language, SystemTime start, SystemTime end) {
    if (calendar_days_between(start, end) == 0)
        return format_day(strings, language, start) + " " +
               strings.format(language, text::date_time_range, {{"start", format_clock(start)}, {"end", format_clock(end)}});
    return strings.format(language, text::date_days_range,
                          {{"start", format_day(strings, language, start) + " " + format_clock(start)},
                           {"end", format_day(strings, language, end) + " " + format_clock(end)}});
}

std::string countdown_text(const StringTables& strings, const std::string& language, const Countdown& countdown) {
    switch (countdown.phase) {
    case Countdown::Phase::before:
        return strings.format_count(language, text::timeline_days_to_go_one, text::timeline_days_to_go_other, countdown.days);
    case Countdown::Phase::today: return strings.get(language, text::timeline_live_today);
    case Countdown::Phase::after:
        return strings.format_count(language, text::timeline_live_since_one, text::timeline_live_since_other, countdown.days);
    }
    return {};
}

}  // namespace kiosk

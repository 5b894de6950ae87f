// Calendar arithmetic on "YYYY-MM-DD" days for the dashboard: day numbers, ISO weeks (Monday to Sunday).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace floorsync::collector::calendar {

// Days since 1970-01-01 of a valid "YYYY-MM-DD" (years 1..9999); nullopt for anything else.
std::optional<std::int64_t> parse_day(std::string_view day);
// "YYYY-MM-DD" of a day number.
std::string format_day(std::int64_t day);
// 0 for Monday ... 6 for Sunday.
int weekday(std::int64_t day);
// The Monday of the day's ISO week.
std::int64_t monday(std::int64_t day);
// "2026-W47": the ISO week-numbering year and week of the day.
std::string iso_week_label(std::int64_t day);

}  // namespace floorsync::collector::calendar

// Calendar arithmetic on "YYYY-MM-DD" days: civil dates to day numbers and back, ISO weeks. No time zone involved.
#include "collector/dashboard/iso_week.hpp"

#include "collector/dashboard/overview.hpp"

#include <cstdio>
#include <stdexcept>

namespace floorsync::collector {

namespace calendar {

namespace {

bool leap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(std::int64_t year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
std::int64_t days_from_civil(std::int64_t year, int month, int day) {
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const std::int64_t year_of_era = year - era * 400;
    const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

struct Civil {
    std::int64_t year;
    int month;
    int day;
};

Civil civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t day_of_era = days - era * 146097;
    const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t mp = (5 * day_of_year + 2) / 153;
    const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return Civil{year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

bool digits(std::string_view text) {
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

int number(std::string_view text) {
    int value = 0;
    for (char c : text) value = value * 10 + (c - '0');
    return value;
}

}  // namespace

std::optional<std::int64_t> parse_day(std::string_view day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
    const std::string_view year = day.substr(0, 4), month = day.substr(5, 2), date = day.substr(8, 2);
    if (!digits(year) || !digits(month) || !digits(date)) return std::nullopt;
    const int y = number(year), m = number(month), d = number(date);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
    return days_from_civil(y, m, d);
}

std::string format_day(std::int64_t day) {
    const Civil civil = civil_from_days(day);
    char text[16];
    std::snprintf(text, sizeof text, "%04lld-%02d-%02d", static_cast<long long>(civil.year), civil.month, civil.day);
    return text;
}

int weekday(std::int64_t day) {
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    return static_cast<int>(((day % 7) + 7 + 3) % 7);
}

std::int64_t monday(std::int64_t day) { return day - weekday(day); }

std::string iso_week_label(std::int64_t day) {
    // The ISO week belongs to the year of its Thursday; week 1 holds that year's first Thursday.
    const std::int64_t thursday = monday(day) + 3;
    const std::int64_t year = civil_from_days(thursday).year;
    const std::int64_t week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    char text[48];  // room for any 64-bit year and week, though days come from parse_day (years 1..9999)
    std::snprintf(text, sizeof text, "%04lld-W%02lld", static_cast<long long>(year), static_cast<long long>(week));
    return text;
}

}  // namespace calendar

namespace {

std::int64_t checked_day(const std::string& day) {
    const auto parsed = calendar::parse_day(day);
    if (!parsed) throw std::invalid_argument("'" + day + "' is not a day (YYYY-MM-DD)");
    return *parsed;
}

}  // namespace

std::string iso_week_of(const std::string& day) { return calendar::iso_week_label(checked_day(day)); }

std::string monday_of(const std::string& day) { return calendar::format_day(calendar::monday(checked_day(day))); }

}  // namespace floorsync::collector

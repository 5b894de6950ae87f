// Parsing command-line times (RFC 3339 or local wall-clock time through mktime and TZ) and formatting them back.
#include "collector/local_time.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <optional>
#include <vector>

namespace floorsync::collector {

namespace {

struct WallClock {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

bool digits(std::string_view text, std::size_t from, std::size_t count, int& value) {
    if (from + count > text.size()) return false;
    value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[static_cast<std::size_t>(month - 1)];
}

// "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DDTHH:MM", each optionally with ":SS"; nullopt for anything else.
std::optional<WallClock> read_wall_clock(std::string_view text) {
    WallClock wall;
    if (!digits(text, 0, 4, wall.year) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, wall.month) ||
        text[7] != '-' || !digits(text, 8, 2, wall.day))
        return std::nullopt;
    if (text.size() > 10) {
        if (text[10] != ' ' && text[10] != 'T' && text[10] != 't') return std::nullopt;
        if (text.size() != 16 && text.size() != 19) return std::nullopt;
        if (!digits(text, 11, 2, wall.hour) || text[13] != ':' || !digits(text, 14, 2, wall.minute)) return std::nullopt;
        if (text.size() == 19 && (text[16] != ':' || !digits(text, 17, 2, wall.second))) return std::nullopt;
    }
    if (wall.year < 1970 || wall.year > 2200 || wall.month < 1 || wall.month > 12 || wall.day < 1 ||
        wall.day > days_in_month(wall.year, wall.month) || wall.hour > 23 || wall.minute > 59 || wall.second > 59)
        return std::nullopt;
    return wall;
}

bool same_wall_clock(const std::tm& local, const WallClock& wall) {
    return local.tm_year == wall.year - 1900 && local.tm_mon == wall.month - 1 && local.tm_mday == wall.day &&
           local.tm_hour == wall.hour && local.tm_min == wall.minute && local.tm_sec == wall.second;
}

// Every instant at which the local clock shows `wall` (none in a skipped hour, two in a repeated one).
std::vector<std::time_t> instants_showing(const WallClock& wall) {
    std::vector<std::time_t> found;
    for (const int dst : {1, 0}) {
        std::tm local{};
        local.tm_year = wall.year - 1900;
        local.tm_mon = wall.month - 1;
        local.tm_mday = wall.day;
        local.tm_hour = wall.hour;
        local.tm_min = wall.minute;
        local.tm_sec = wall.second;
        local.tm_isdst = dst;
        const std::time_t instant = std::mktime(&local);
        if (instant == static_cast<std::time_t>(-1)) continue;
        std::tm back{};
        if (localtime_r(&instant, &back) == nullptr || !same_wall_clock(back, wall)) continue;
        bool known = false;
        for (const auto other : found) known = known || other == instant;
        if (!known) found.push_back(instant);
    }
    return found;
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

SystemTime parse_time_point(std::string_view text) {
    if (const auto instant = parse_rfc3339(text)) return *instant;
    const auto wall = read_wall_clock(text);
    if (!wall) throw TimeFormatError("expected " + std::string(kTimeForms) + ", got " + quoted(text));
    const auto instants = instants_showing(*wall);
    if (instants.empty())
        throw TimeFormatError(quoted(text) +
                              " does not exist in this machine's time zone (the clocks skip it when daylight saving "
                              "time starts); give a time with an offset or another time");
    std::time_t earliest = instants.front();
    for (const auto instant : instants) earliest = std::min(earliest, instant);
    return std::chrono::system_clock::from_time_t(earliest);
}

std::string parse_time_argument(std::string_view text) { return format_rfc3339_utc(parse_time_point(text)); }

std::string format_local_minutes(SystemTime time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm local{};
    localtime_r(&seconds, &local);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d", local.tm_year + 1900, local.tm_mon + 1,
                  local.tm_mday, local.tm_hour, local.tm_min);
    return buffer;
}

std::string local_day(SystemTime time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm local{};
    localtime_r(&seconds, &local);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
    return buffer;
}

}  // namespace floorsync::collector

// Times typed on the collector's command line or in an item file: RFC 3339, or a date and time in the local zone.
#pragma once

#include "sync/shared/clock.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace floorsync::collector {

// What was typed is not a time of one of the accepted forms; what() says which forms, and what was typed.
struct TimeFormatError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// The accepted forms, for usage texts and error messages.
inline constexpr const char* kTimeForms =
    "RFC 3339 with Z or an offset (2026-05-04T09:00:00Z, 2026-05-04T09:00:00+02:00), or a local date and time "
    "(2026-05-04, 2026-05-04 09:00, 2026-05-04T09:00)";

// "2026-05-04T09:00:00Z" or "...+02:00": that instant. "2026-05-04" (midnight), "2026-05-04 09:00",
// "2026-05-04T09:00" (optionally with ":SS"): that wall-clock time in this machine's local time zone (TZ).
// A local time that does not exist (skipped when daylight saving time starts) is refused; one that happens twice
// (when it ends) is the first of the two. Throws TimeFormatError.
SystemTime parse_time_point(std::string_view text);

// The same, as RFC 3339 UTC with milliseconds ("2026-05-04T07:00:00.000Z"): how content times are stored.
std::string parse_time_argument(std::string_view text);

// "2026-05-04 09:00" in the local time zone, for listings that people read.
std::string format_local_minutes(SystemTime time);

// "2026-05-04": the day in this machine's local time zone (TZ), the finest time a question shows.
std::string local_day(SystemTime time);

}  // namespace floorsync::collector

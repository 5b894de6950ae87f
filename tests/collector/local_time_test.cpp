// Times as people type them on the collector's command line: RFC 3339, and local dates and times under TZ.
#include "collector/local_time.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

using floorsync::collector::format_local_minutes;
using floorsync::collector::parse_time_argument;
using floorsync::collector::TimeFormatError;

namespace {

// Sets TZ for the test and restores the previous value afterwards.
class TimeZone {
public:
    explicit TimeZone(const char* zone) {
        if (const char* old = std::getenv("TZ")) previous_ = old;
        setenv("TZ", zone, 1);
        tzset();
    }
    ~TimeZone() {
        if (previous_) {
            setenv("TZ", previous_->c_str(), 1);
        } else {
            unsetenv("TZ");
        }
        tzset();
    }

private:
    std::optional<std::string> previous_;
};

std::string refusal(const std::string& text) {
    try {
        parse_time_argument(text);
    } catch (const TimeFormatError& error) {
        return error.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("RFC 3339 times are taken as they are, whatever the local zone") {
    const TimeZone zone("Europe/Amsterdam");
    CHECK(parse_time_argument("2026-05-04T09:00:00Z") == "2026-05-04T09:00:00.000Z");
    CHECK(parse_time_argument("2026-05-04T09:00:00+02:00") == "2026-05-04T07:00:00.000Z");
    CHECK(parse_time_argument("2026-05-04T09:00:00.250-05:30") == "2026-05-04T14:30:00.250Z");
}

TEST_CASE("dates and times without a zone are local time of the collector machine") {
    SUBCASE("Amsterdam in summer (+02:00) and winter (+01:00)") {
        const TimeZone zone("Europe/Amsterdam");
        CHECK(parse_time_argument("2026-05-04") == "2026-05-03T22:00:00.000Z");
        CHECK(parse_time_argument("2026-05-04 09:00") == "2026-05-04T07:00:00.000Z");
        CHECK(parse_time_argument("2026-05-04T09:00") == "2026-05-04T07:00:00.000Z");
        CHECK(parse_time_argument("2026-01-15 09:30:15") == "2026-01-15T08:30:15.000Z");
        CHECK(parse_time_argument("2026-01-15T09:30:15") == "2026-01-15T08:30:15.000Z");
    }
    SUBCASE("UTC") {
        const TimeZone zone("UTC");
        CHECK(parse_time_argument("2026-05-04 09:00") == "2026-05-04T09:00:00.000Z");
        CHECK(parse_time_argument("2028-02-29") == "2028-02-29T00:00:00.000Z");
    }
    SUBCASE("New York (-04:00 in May)") {
        const TimeZone zone("America/New_York");
        CHECK(parse_time_argument("2026-05-04 09:00") == "2026-05-04T13:00:00.000Z");
    }
}

TEST_CASE("daylight saving changes: a skipped hour is refused, a repeated one is its first pass") {
    const TimeZone zone("Europe/Amsterdam");
    // 29 March 2026: clocks go from 02:00 to 03:00.
    const std::string skipped = refusal("2026-03-29 02:30");
    CHECK(skipped.find("does not exist") != std::string::npos);
    CHECK(skipped.find("2026-03-29 02:30") != std::string::npos);
    CHECK(parse_time_argument("2026-03-29 03:00") == "2026-03-29T01:00:00.000Z");
    // 25 October 2026: 02:00..03:00 happens twice (first at +02:00, then at +01:00).
    CHECK(parse_time_argument("2026-10-25 02:30") == "2026-10-25T00:30:00.000Z");
    CHECK(parse_time_argument("2026-10-25 03:30") == "2026-10-25T02:30:00.000Z");
}

TEST_CASE("anything else is refused with the accepted forms and what was typed") {
    const TimeZone zone("UTC");
    for (const std::string bad : {"", "tomorrow", "04-05-2026", "2026-5-4", "2026-02-30", "2026-13-01", "2026-05-04 9:00",
                                  "2026-05-04 09:00:60", "2026-05-04 24:00", "2026-05-04 09:00 ",
                                  "1969-12-31", "2026-05-04T09:00:00+2", "2026-05-04x09:00"}) {
        CAPTURE(bad);
        const std::string why = refusal(bad);
        CHECK(why.find("RFC 3339") != std::string::npos);
        CHECK(why.find("'" + bad + "'") != std::string::npos);
    }
}

TEST_CASE("listings show times in local time, to the minute") {
    const TimeZone zone("Europe/Amsterdam");
    const auto time = floorsync::parse_rfc3339("2026-05-04T07:00:59.900Z");
    REQUIRE(time);
    CHECK(format_local_minutes(*time) == "2026-05-04 09:00");
    CHECK(format_local_minutes(floorsync::collector::parse_time_point("2026-12-24 18:45")) == "2026-12-24 18:45");
}

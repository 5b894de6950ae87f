// Unit tests of the back-off policy with an injected random source and clock: bounds, growth, cap, Retry-After.
#include "sync/retry_policy.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

using namespace floorsync;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

// 2026-11-29T12:00:00Z, a Sunday.
SystemTime fixed_now() { return *parse_rfc3339("2026-11-29T12:00:00Z"); }

// Records every upper bound it is asked for and answers with a chosen fraction of it.
struct ScriptedRandom {
    std::vector<std::uint64_t> uppers;
    double fraction = 1.0;
    RetryPolicy::RandomSource source() {
        return [this](std::uint64_t upper) {
            uppers.push_back(upper);
            return static_cast<std::uint64_t>(static_cast<double>(upper) * fraction);
        };
    }
};

}  // namespace

TEST_CASE("the ceiling doubles from the base and stops at the cap") {
    RetryPolicy policy(milliseconds(1000), milliseconds(60'000));
    CHECK(policy.ceiling(0) == milliseconds(1000));
    CHECK(policy.ceiling(1) == milliseconds(2000));
    CHECK(policy.ceiling(5) == milliseconds(32'000));
    CHECK(policy.ceiling(6) == milliseconds(60'000));
    CHECK(policy.ceiling(1000) == milliseconds(60'000));  // no overflow for a kiosk offline for weeks
}

TEST_CASE("each delay is drawn from [0, min(cap, base * 2^attempt)]") {
    ScriptedRandom random;
    RetryPolicy policy(milliseconds(500), milliseconds(10'000), random.source(), fixed_now);
    for (int i = 0; i < 8; ++i) CHECK(policy.next_delay() == policy.ceiling(i));
    CHECK(random.uppers == std::vector<std::uint64_t>{500, 1000, 2000, 4000, 8000, 10'000, 10'000, 10'000});
    CHECK(policy.failures() == 8);
}

TEST_CASE("full jitter: the lowest draw gives no wait, the highest the whole ceiling") {
    ScriptedRandom random;
    random.fraction = 0.0;
    RetryPolicy policy(milliseconds(100), milliseconds(1000), random.source(), fixed_now);
    CHECK(policy.next_delay() == milliseconds(0));
    random.fraction = 0.5;
    CHECK(policy.next_delay() == milliseconds(100));
    random.fraction = 1.0;
    CHECK(policy.next_delay() == milliseconds(400));
}

TEST_CASE("a random source that misbehaves cannot push the delay beyond the ceiling") {
    RetryPolicy policy(milliseconds(100), milliseconds(1000), [](std::uint64_t) { return std::uint64_t{1} << 40; },
                       fixed_now);
    CHECK(policy.next_delay() == milliseconds(100));
}

TEST_CASE("the default random source stays within the bounds and varies") {
    RetryPolicy policy(milliseconds(1000), milliseconds(1000));
    std::vector<milliseconds> delays;
    for (int i = 0; i < 200; ++i) {
        const milliseconds delay = policy.next_delay();
        CHECK(delay >= milliseconds(0));
        CHECK(delay <= milliseconds(1000));
        delays.push_back(delay);
    }
    std::sort(delays.begin(), delays.end());
    CHECK(delays.front() < milliseconds(250));  // fails with probability 0.75^200
    CHECK(delays.back() > milliseconds(750));
}

TEST_CASE("reset after a success starts again from the base") {
    ScriptedRandom random;
    RetryPolicy policy(milliseconds(100), milliseconds(100'000), random.source(), fixed_now);
    policy.next_delay();
    policy.next_delay();
    policy.next_delay();
    policy.reset();
    CHECK(policy.failures() == 0);
    CHECK(policy.next_delay() == milliseconds(100));
}

TEST_CASE("Retry-After in seconds is a lower bound on the delay") {
    ScriptedRandom random;
    random.fraction = 0.0;
    RetryPolicy policy(milliseconds(100), milliseconds(1000), random.source(), fixed_now);
    CHECK(policy.next_delay("30") == seconds(30));  // longer than the cap: the server's wish wins
    random.fraction = 1.0;
    CHECK(policy.next_delay("0") == milliseconds(200));  // shorter than the jittered delay: the back-off wins
}

TEST_CASE("Retry-After as an HTTP-date is measured against the injected clock") {
    ScriptedRandom random;
    random.fraction = 0.0;
    RetryPolicy policy(milliseconds(100), milliseconds(1000), random.source(), fixed_now);
    CHECK(policy.next_delay("Sun, 29 Nov 2026 12:02:00 GMT") == seconds(120));
    CHECK(policy.next_delay("Sunday, 29-Nov-26 12:00:45 GMT") == seconds(45));
    CHECK(policy.next_delay("Sun Nov 29 12:00:05 2026") == seconds(5));
    CHECK(policy.next_delay("Sun, 29 Nov 2026 11:00:00 GMT") == milliseconds(0));  // in the past
}

TEST_CASE("an absurd Retry-After is capped at an hour, a malformed one is ignored") {
    ScriptedRandom random;
    random.fraction = 0.0;
    RetryPolicy policy(milliseconds(100), milliseconds(1000), random.source(), fixed_now);
    CHECK(policy.next_delay("999999999999999999999999") == kMaxRetryAfter);
    CHECK(policy.next_delay("Fri, 01 Jan 2100 00:00:00 GMT") == kMaxRetryAfter);
    CHECK(policy.next_delay("soon") == milliseconds(0));
    CHECK(policy.next_delay("-5") == milliseconds(0));
    CHECK(policy.next_delay("1.5") == milliseconds(0));
}

TEST_CASE("parse_retry_after accepts the three HTTP-date forms and rejects broken ones") {
    const SystemTime now = fixed_now();
    const SystemTime rfc_example = *parse_rfc3339("1994-11-06T08:49:37Z");
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", now) == rfc_example);
    CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", now) == rfc_example);
    CHECK(parse_http_date("Sun Nov  6 08:49:37 1994", now) == rfc_example);
    CHECK(parse_http_date("  sun, 06 nov 1994 08:49:37 gmt ", now) == rfc_example);
    // A two-digit year is read as the nearest one not more than 50 years ahead.
    CHECK(parse_http_date("Tuesday, 01-Jan-30 00:00:00 GMT", now) == *parse_rfc3339("2030-01-01T00:00:00Z"));
    CHECK(parse_http_date("Thursday, 01-Jan-98 00:00:00 GMT", now) == *parse_rfc3339("1998-01-01T00:00:00Z"));

    CHECK_FALSE(parse_http_date("Sun, 31 Feb 2026 08:49:37 GMT", now));
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT", now));
    CHECK_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT", now));
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET", now));
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing", now));
    CHECK_FALSE(parse_http_date("Xyz, 06 Nov 1994 08:49:37 GMT", now));
    CHECK_FALSE(parse_http_date("", now));

    CHECK(parse_retry_after(" 120 ", now) == seconds(120));
    CHECK_FALSE(parse_retry_after("", now));
    CHECK_FALSE(parse_retry_after("12s", now));
}

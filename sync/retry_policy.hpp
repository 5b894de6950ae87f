// Exponential back-off with full jitter, honouring a server's Retry-After (delta-seconds or HTTP-date).
#pragma once

#include "sync/shared/clock.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace floorsync {

// A Retry-After longer than this is treated as this: a misconfigured server must not park a kiosk for days.
inline constexpr std::chrono::milliseconds kMaxRetryAfter = std::chrono::hours(1);

// Parses a Retry-After value: delta-seconds ("120") or an HTTP-date in IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"),
// RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") or asctime ("Sun Nov  6 08:49:37 1994") form. A date in the past is 0.
// nullopt when the value is malformed. The result is not capped; see kMaxRetryAfter.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, SystemTime now);

// An HTTP-date in any of the three forms above, as a point in time; nullopt when malformed.
std::optional<SystemTime> parse_http_date(std::string_view text, SystemTime now);

class RetryPolicy {
public:
    // Returns a uniformly distributed integer in [0, upper_inclusive].
    using RandomSource = std::function<std::uint64_t(std::uint64_t upper_inclusive)>;
    using Clock = std::function<SystemTime()>;

    // random and clock default to a seeded Mersenne Twister and the system clock.
    RetryPolicy(std::chrono::milliseconds base, std::chrono::milliseconds cap, RandomSource random = {},
                Clock clock = {});

    // After a failed attempt: the delay before the next one, a random value in [0, ceiling(attempts so far)],
    // raised to the server's Retry-After (when given and parseable) which is itself capped at kMaxRetryAfter.
    std::chrono::milliseconds next_delay(std::string_view retry_after_header = {});

    // After a success: the next failure starts from the base again.
    void reset() { failures_ = 0; }

    int failures() const { return failures_; }

    // min(cap, base * 2^attempt), without overflowing for large attempts.
    std::chrono::milliseconds ceiling(int attempt) const;

private:
    std::chrono::milliseconds base_;
    std::chrono::milliseconds cap_;
    RandomSource random_;
    Clock clock_;
    int failures_ = 0;
};

}  // namespace floorsync

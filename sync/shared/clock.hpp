// Wall-clock time as RFC 3339 UTC text, and UUIDs: the two things every event is born with.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace floorsync {

using SystemTime = std::chrono::system_clock::time_point;

// "2026-11-29T23:04:38.123Z" (always UTC, always milliseconds).
std::string format_rfc3339_utc(SystemTime time);
std::string utc_now_rfc3339();

// Accepts RFC 3339 with 'Z' or a numeric offset and optional fractional seconds; nullopt when malformed.
std::optional<SystemTime> parse_rfc3339(std::string_view text);

// A random (version 4) UUID in lower-case 8-4-4-4-12 form.
std::string new_uuid_v4();

// Time-ordered (version 7, RFC 9562) UUIDs: 48 bits of Unix milliseconds, a 12-bit counter that keeps the ids of one
// generator strictly increasing (also when the clock steps back), 62 random bits. Event ids use them so the
// collector's id index grows at its end instead of being rewritten all over (see sync/PROTOCOL.md).
// Not thread-safe on its own: new_uuid_v7() is the locked process-wide one.
class TimeOrderedUuids {
public:
    std::string next(SystemTime now);

private:
    std::int64_t last_millis_ = 0;
    unsigned counter_ = 0;
};

std::string new_uuid_v7(SystemTime now = std::chrono::system_clock::now());
bool is_uuid(std::string_view text);

}  // namespace floorsync

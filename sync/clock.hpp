// Wall-clock time as RFC 3339 UTC text, and random UUIDs: the two things every event is born with.
#pragma once

#include <chrono>
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
bool is_uuid(std::string_view text);

}  // namespace floorsync

// RFC 3339 formatting and parsing, and UUID v4 / v7 generation from the system's random source.
#include "sync/shared/clock.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <random>
#include <mutex>

namespace floorsync {

std::string format_rfc3339_utc(SystemTime time) {
    const auto since_epoch = time.time_since_epoch();
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
    std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    int remainder = static_cast<int>(millis % 1000);
    if (remainder < 0) {
        remainder += 1000;
        seconds -= 1;
    }
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, remainder);
    return buffer;
}

std::string utc_now_rfc3339() { return format_rfc3339_utc(std::chrono::system_clock::now()); }

namespace {

bool read_digits(std::string_view text, std::size_t& pos, int count, int& value) {
    value = 0;
    for (int i = 0; i < count; ++i, ++pos) {
        if (pos >= text.size() || !std::isdigit(static_cast<unsigned char>(text[pos]))) return false;
        value = value * 10 + (text[pos] - '0');
    }
    return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
    if (pos >= text.size() || (text[pos] != c && std::tolower(static_cast<unsigned char>(text[pos])) != c)) return false;
    ++pos;
    return true;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

}  // namespace

std::optional<SystemTime> parse_rfc3339(std::string_view text) {
    std::size_t pos = 0;
    int year, month, day, hour, minute, second;
    if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') || !read_digits(text, pos, 2, month) ||
        !expect(text, pos, '-') || !read_digits(text, pos, 2, day) || !expect(text, pos, 't') ||
        !read_digits(text, pos, 2, hour) || !expect(text, pos, ':') || !read_digits(text, pos, 2, minute) ||
        !expect(text, pos, ':') || !read_digits(text, pos, 2, second))
        return std::nullopt;
    // system_clock counts nanoseconds in 64 bits here: years past 2262 would overflow silently.
    if (year < 1970 || year > 2200) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
        second > 60)
        return std::nullopt;

    std::chrono::nanoseconds fraction{0};
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        long long scale = 100'000'000;
        std::size_t digits = 0;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            fraction += std::chrono::nanoseconds((text[pos] - '0') * scale);
            scale /= 10;
            ++pos;
            ++digits;
        }
        if (digits == 0) return std::nullopt;
    }

    int offset_minutes = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        int offset_hours, offset_mins;
        if (!read_digits(text, pos, 2, offset_hours) || !expect(text, pos, ':') ||
            !read_digits(text, pos, 2, offset_mins) || offset_hours > 23 || offset_mins > 59)
            return std::nullopt;
        offset_minutes = sign * (offset_hours * 60 + offset_mins);
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;

    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    SystemTime result = std::chrono::sys_days{date};
    result += std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};
    result += std::chrono::duration_cast<SystemTime::duration>(fraction);
    result -= std::chrono::minutes{offset_minutes};
    return result;
}

namespace {

std::mt19937_64& seeded_generator() {
    static std::mt19937_64 generator{[] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64{seed};
    }()};
    return generator;
}

std::mutex generator_mutex;

std::string uuid_text(const std::array<unsigned char, 16>& bytes) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    text.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        text += hex[bytes[i] >> 4];
        text += hex[bytes[i] & 0x0f];
    }
    return text;
}

void put_random(std::array<unsigned char, 16>& bytes, std::size_t from) {
    auto& generator = seeded_generator();
    for (std::size_t i = from; i < bytes.size(); i += 8) {
        const auto value = generator();
        for (std::size_t j = 0; j < 8 && i + j < bytes.size(); ++j) bytes[i + j] = static_cast<unsigned char>(value >> (8 * j));
    }
}

void set_version_and_variant(std::array<unsigned char, 16>& bytes, unsigned version) {
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | (version << 4));
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
}

}  // namespace

std::string new_uuid_v4() {
    std::array<unsigned char, 16> bytes;
    {
        std::lock_guard lock(generator_mutex);
        put_random(bytes, 0);
    }
    set_version_and_variant(bytes, 4);
    return uuid_text(bytes);
}

std::string TimeOrderedUuids::next(SystemTime now) {
    std::array<unsigned char, 16> bytes;
    std::int64_t millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    {
        std::lock_guard lock(generator_mutex);
        put_random(bytes, 8);
        if (millis > last_millis_) {
            // Start low in the counter's range, so many ids in one millisecond rarely overflow it.
            counter_ = static_cast<unsigned>(seeded_generator()() & 0x1ff);
        }
    }
    if (millis <= last_millis_) {
        // Same millisecond, or the clock stepped back: stay after the previous id.
        millis = last_millis_;
        if (++counter_ > 0xfff) {
            ++millis;
            counter_ = 0;
        }
    }
    last_millis_ = millis;
    const auto unsigned_millis = static_cast<std::uint64_t>(std::max<std::int64_t>(millis, 0)) & 0xffff'ffff'ffffULL;
    for (int i = 0; i < 6; ++i) bytes[i] = static_cast<unsigned char>(unsigned_millis >> (8 * (5 - i)));
    bytes[6] = static_cast<unsigned char>(counter_ >> 8);
    bytes[7] = static_cast<unsigned char>(counter_ & 0xff);
    set_version_and_variant(bytes, 7);
    return uuid_text(bytes);
}

std::string new_uuid_v7(SystemTime now) {
    static std::mutex mutex;
    static TimeOrderedUuids process_wide;
    std::lock_guard lock(mutex);
    return process_wide.next(now);
}

bool is_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
    }
    return true;
}

}  // namespace floorsync

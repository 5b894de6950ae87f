// Full-jitter exponential back-off and the Retry-After parser (delta-seconds and the three HTTP-date forms).
#include "sync/retry_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <random>
#include <string>

namespace floorsync {
namespace {

using std::chrono::milliseconds;

constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kShortDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kLongDays{"monday", "tuesday",  "wednesday", "thursday",
                                                    "friday", "saturday", "sunday"};

std::string lower(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

// A left-to-right reader over the date text; every read fails softly so the parser can return nullopt.
struct Reader {
    std::string_view text;
    std::size_t pos = 0;

    void skip_spaces() {
        while (pos < text.size() && text[pos] == ' ') ++pos;
    }
    bool literal(char c) {
        if (pos < text.size() && text[pos] == c) {
            ++pos;
            return true;
        }
        return false;
    }
    std::string_view word() {
        std::size_t start = pos;
        while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) ++pos;
        return text.substr(start, pos - start);
    }
    // Between min_digits and max_digits decimal digits.
    bool number(int min_digits, int max_digits, int& value) {
        value = 0;
        int count = 0;
        while (pos < text.size() && count < max_digits && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            value = value * 10 + (text[pos] - '0');
            ++pos;
            ++count;
        }
        return count >= min_digits;
    }
    bool time_of_day(int& hour, int& minute, int& second) {
        return number(2, 2, hour) && literal(':') && number(2, 2, minute) && literal(':') && number(2, 2, second) &&
               hour <= 23 && minute <= 59 && second <= 60;
    }
    bool at_end() const { return pos == text.size(); }
};

int month_index(std::string_view name) {
    const std::string key = lower(name);
    for (std::size_t i = 0; i < kMonths.size(); ++i)
        if (kMonths[i] == key) return static_cast<int>(i) + 1;
    return 0;
}

template <std::size_t N>
bool is_one_of(std::string_view name, const std::array<std::string_view, N>& names) {
    const std::string key = lower(name);
    return std::find(names.begin(), names.end(), key) != names.end();
}

bool valid_date(int year, int month, int day) {
    using namespace std::chrono;
    return year_month_day{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                          std::chrono::day{static_cast<unsigned>(day)}}
        .ok();
}

SystemTime to_time(int year, int month, int day, int hour, int minute, int second) {
    using namespace std::chrono;
    const sys_days date = year_month_day{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
    return SystemTime(date) + hours(hour) + minutes(minute) + seconds(std::min(second, 59));
}

bool gmt_zone(Reader& reader) {
    reader.skip_spaces();
    const std::string zone = lower(reader.word());
    return zone == "gmt" || zone == "utc";
}

// "06 Nov 1994 08:49:37 GMT" (after "Sun, ").
std::optional<SystemTime> parse_imf_rest(Reader reader) {
    int day, year, hour, minute, second;
    if (!reader.number(1, 2, day)) return std::nullopt;
    reader.skip_spaces();
    const int month = month_index(reader.word());
    reader.skip_spaces();
    if (month == 0 || !reader.number(4, 4, year)) return std::nullopt;
    reader.skip_spaces();
    if (!reader.time_of_day(hour, minute, second) || !gmt_zone(reader) || !reader.at_end()) return std::nullopt;
    if (!valid_date(year, month, day)) return std::nullopt;
    return to_time(year, month, day, hour, minute, second);
}

// "06-Nov-94 08:49:37 GMT" (after "Sunday, "). A two-digit year more than 50 years ahead is in the last century.
std::optional<SystemTime> parse_rfc850_rest(Reader reader, SystemTime now) {
    int day, short_year, hour, minute, second;
    if (!reader.number(1, 2, day) || !reader.literal('-')) return std::nullopt;
    const int month = month_index(reader.word());
    if (month == 0 || !reader.literal('-') || !reader.number(2, 2, short_year)) return std::nullopt;
    reader.skip_spaces();
    if (!reader.time_of_day(hour, minute, second) || !gmt_zone(reader) || !reader.at_end()) return std::nullopt;
    const int this_year = static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now)}.year());
    int year = this_year / 100 * 100 + short_year;
    if (year > this_year + 50) year -= 100;
    if (!valid_date(year, month, day)) return std::nullopt;
    return to_time(year, month, day, hour, minute, second);
}

// "Nov  6 08:49:37 1994" (after "Sun ").
std::optional<SystemTime> parse_asctime_rest(Reader reader) {
    int day, year, hour, minute, second;
    const int month = month_index(reader.word());
    reader.skip_spaces();
    if (month == 0 || !reader.number(1, 2, day)) return std::nullopt;
    reader.skip_spaces();
    if (!reader.time_of_day(hour, minute, second)) return std::nullopt;
    reader.skip_spaces();
    if (!reader.number(4, 4, year) || !reader.at_end() || !valid_date(year, month, day)) return std::nullopt;
    return to_time(year, month, day, hour, minute, second);
}

std::uint64_t default_random(std::uint64_t upper_inclusive) {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_int_distribution<std::uint64_t>(0, upper_inclusive)(engine);
}

}  // namespace

std::optional<SystemTime> parse_http_date(std::string_view text, SystemTime now) {
    Reader reader{trim(text)};
    const std::string_view day_name = reader.word();
    if (reader.literal(',')) {
        reader.skip_spaces();
        if (is_one_of(day_name, kShortDays)) return parse_imf_rest(reader);
        if (is_one_of(day_name, kLongDays)) return parse_rfc850_rest(reader, now);
        return std::nullopt;
    }
    if (!is_one_of(day_name, kShortDays) || !reader.literal(' ')) return std::nullopt;
    reader.skip_spaces();
    return parse_asctime_rest(reader);
}

std::optional<milliseconds> parse_retry_after(std::string_view value, SystemTime now) {
    value = trim(value);
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        // Anything beyond a year is absurd anyway; stop before the arithmetic could overflow.
        constexpr long long kYearSeconds = 366LL * 24 * 3600;
        long long seconds = 0;
        for (char c : value) {
            seconds = seconds * 10 + (c - '0');
            if (seconds > kYearSeconds) {
                seconds = kYearSeconds;
                break;
            }
        }
        return std::chrono::seconds(seconds);
    }
    const auto when = parse_http_date(value, now);
    if (!when) return std::nullopt;
    if (*when <= now) return milliseconds(0);
    return std::chrono::ceil<milliseconds>(*when - now);
}

RetryPolicy::RetryPolicy(milliseconds base, milliseconds cap, RandomSource random, Clock clock)
    : base_(std::max(base, milliseconds(1))),
      cap_(std::max(cap, base_)),
      random_(random ? std::move(random) : RandomSource(default_random)),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })) {}

milliseconds RetryPolicy::ceiling(int attempt) const {
    milliseconds value = base_;
    for (int i = 0; i < attempt && value < cap_; ++i) value *= 2;
    return std::min(value, cap_);
}

milliseconds RetryPolicy::next_delay(std::string_view retry_after_header) {
    const milliseconds upper = ceiling(failures_);
    ++failures_;
    milliseconds delay(static_cast<milliseconds::rep>(random_(static_cast<std::uint64_t>(upper.count()))));
    delay = std::clamp(delay, milliseconds(0), upper);  // an injected source must not escape the bounds either
    if (!retry_after_header.empty()) {
        if (const auto asked = parse_retry_after(retry_after_header, clock_()))
            delay = std::max(delay, std::min(*asked, kMaxRetryAfter));
    }
    return delay;
}

}  // namespace floorsync

// The text rules kiosk and collector share: valid UTF-8, no control or bidi characters, limits in code points.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace floorsync {

// Field limits of protocol v1; see sync/PROTOCOL.md. "chars" are Unicode code points, the rest are bytes of ASCII.
namespace limits {
inline constexpr std::size_t kiosk_id_max = 64;
inline constexpr std::size_t department_max_chars = 100;
inline constexpr std::size_t language_max = 16;
inline constexpr std::size_t app_version_max = 64;
inline constexpr std::size_t question_text_max_chars = 500;
inline constexpr std::size_t answer_text_max_chars = 1000;
inline constexpr std::size_t reason_key_max = 64;
inline constexpr std::size_t reasons_max = 16;
}  // namespace limits

namespace text_rules {

// What one kind of free text may hold. Control characters (C0, DEL, C1, U+2028/2029) and the bidi embedding,
// override and isolate controls are always refused: they are invisible and can make a text shown on a public
// screen read differently from what was typed. Line breaks and tabs are allowed only where the rule says so.
struct Rule {
    std::size_t max_chars;
    bool line_breaks_allowed;
};

inline constexpr Rule question_text{limits::question_text_max_chars, true};
inline constexpr Rule department{limits::department_max_chars, false};
inline constexpr Rule answer_text{limits::answer_text_max_chars, true};

// nullopt when `text` is non-blank and meets `rule`; otherwise why not, to follow a field name:
// "is not valid UTF-8", "contains the control character U+202E", "is empty", "is longer than 500 characters".
std::optional<std::string> violation(std::string_view text, const Rule& rule);

// The same checks for a single code point, as the kiosk's editor applies them while someone types.
bool is_refused_character(char32_t codepoint, bool line_breaks_allowed);

// Kiosk ids: 1..64 characters of A-Z a-z 0-9 . _ -
bool is_kiosk_id(std::string_view id);
// Reason keys: 1..64 characters of a-z 0-9 _
bool is_reason_key(std::string_view key);
// Language tags: 2..16 characters of A-Z a-z 0-9 -
bool is_language_tag(std::string_view tag);

}  // namespace text_rules
}  // namespace floorsync

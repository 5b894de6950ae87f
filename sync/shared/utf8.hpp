// UTF-8 decoding and encoding, and the character classes the text editor needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::utf8 {

// Strict decoding: rejects overlong forms, surrogates, values above U+10FFFF and truncated sequences.
std::optional<std::u32string> decode(std::string_view text);
std::string encode(char32_t codepoint);
std::string encode(std::u32string_view codepoints);
bool is_valid(std::string_view text);
std::size_t count_codepoints(std::string_view valid_text);

// C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, and the bidi embedding,
// override and isolate controls (invisible, and able to make a stored question display misleadingly).
bool is_control(char32_t codepoint);
// Space characters: the plain space, no-break spaces, the typographic spaces and the ideographic space.
bool is_space(char32_t codepoint);
// Marks that attach to the character before them: combining marks of common scripts, variation selectors,
// emoji skin-tone modifiers (ZWJ sequences and flags are handled by the editor).
bool is_extending(char32_t codepoint);
inline constexpr char32_t zero_width_joiner = 0x200D;
bool is_regional_indicator(char32_t codepoint);

}  // namespace floorsync::utf8

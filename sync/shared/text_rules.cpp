// The shared text rules: one implementation of what free text and identifiers may hold, on kiosk and collector.
#include "sync/shared/text_rules.hpp"

#include "sync/shared/utf8.hpp"

#include <algorithm>
#include <cstdio>

namespace floorsync::text_rules {

namespace {

bool all_of_charset(std::string_view text, std::string_view extra, bool upper_allowed) {
    return std::all_of(text.begin(), text.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (upper_allowed && c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               extra.find(c) != std::string_view::npos;
    });
}

std::string code_point_name(char32_t codepoint) {
    char name[16];
    std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(codepoint));
    return name;
}

}  // namespace

bool is_refused_character(char32_t codepoint, bool line_breaks_allowed) {
    if (line_breaks_allowed && (codepoint == '\n' || codepoint == '\t')) return false;
    return utf8::is_control(codepoint);
}

std::optional<std::string> violation(std::string_view text, const Rule& rule) {
    const auto codepoints = utf8::decode(text);
    if (!codepoints) return "is not valid UTF-8";
    for (char32_t codepoint : *codepoints) {
        if (is_refused_character(codepoint, rule.line_breaks_allowed))
            return "contains the control character " + code_point_name(codepoint);
    }
    if (std::all_of(codepoints->begin(), codepoints->end(),
                    [](char32_t c) { return utf8::is_space(c) || c == '\n' || c == '\t'; }))
        return "is empty";
    if (codepoints->size() > rule.max_chars) return "is longer than " + std::to_string(rule.max_chars) + " characters";
    return std::nullopt;
}

bool is_kiosk_id(std::string_view id) {
    return !id.empty() && id.size() <= limits::kiosk_id_max && all_of_charset(id, "._-", true);
}

bool is_reason_key(std::string_view key) {
    return !key.empty() && key.size() <= limits::reason_key_max && all_of_charset(key, "_", false);
}

bool is_language_tag(std::string_view tag) {
    return tag.size() >= 2 && tag.size() <= limits::language_max && all_of_charset(tag, "-", true);
}

}  // namespace floorsync::text_rules

// The question being typed: UTF-8 correct insertion and deletion with a limit counted in characters.
#include "kiosk/logic/text_editor.hpp"

#include "sync/shared/secret_bytes.hpp"

#include "sync/shared/text_rules.hpp"
#include "sync/shared/utf8.hpp"

namespace kiosk {

TextEditor::TextEditor(std::size_t max_characters) : max_length_(max_characters) {}

InsertResult TextEditor::insert(std::string_view text) {
    if (text.empty()) return InsertResult::refused_empty;
    const auto codepoints = floorsync::utf8::decode(text);
    if (!codepoints) return InsertResult::refused_invalid_utf8;
    for (char32_t cp : *codepoints)
        if (floorsync::text_rules::is_refused_character(cp, false)) return InsertResult::refused_control;
    if (length_ + codepoints->size() > max_length_) return InsertResult::refused_limit;
    text_ += text;
    length_ += codepoints->size();
    return InsertResult::inserted;
}

InsertResult TextEditor::insert_codepoint(char32_t codepoint) {
    if (codepoint > 0x10FFFF || (codepoint >= 0xD800 && codepoint <= 0xDFFF)) return InsertResult::refused_invalid_utf8;
    return insert(floorsync::utf8::encode(codepoint));
}

namespace {
// Start of the code point that ends just before byte offset `end`.
std::size_t previous_start(const std::string& text, std::size_t end) {
    std::size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    return start;
}

char32_t codepoint_at(const std::string& text, std::size_t start, std::size_t end) {
    return floorsync::utf8::decode(std::string_view(text).substr(start, end - start))->front();
}
}  // namespace

bool TextEditor::backspace() {
    if (text_.empty()) return false;
    std::size_t end = text_.size();
    std::size_t removed = 0;
    auto pop = [&]() -> char32_t {
        const std::size_t start = previous_start(text_, end);
        const char32_t cp = codepoint_at(text_, start, end);
        end = start;
        ++removed;
        return cp;
    };
    auto peek = [&]() -> char32_t { return codepoint_at(text_, previous_start(text_, end), end); };

    for (;;) {
        char32_t cp = pop();
        // Marks belong to the character before them: keep removing until a base character is gone.
        while (floorsync::utf8::is_extending(cp) && end > 0) cp = pop();
        if (floorsync::utf8::is_regional_indicator(cp)) {
            // A flag is a pair of regional indicators, counted from the start of the run.
            std::size_t run = 0;
            for (std::size_t e = end; e > 0;) {
                const std::size_t s = previous_start(text_, e);
                if (!floorsync::utf8::is_regional_indicator(codepoint_at(text_, s, e))) break;
                ++run;
                e = s;
            }
            if (run % 2 == 1) pop();
        }
        // An emoji ZWJ sequence (family, profession...) goes as one character.
        if (end > 0 && peek() == floorsync::utf8::zero_width_joiner) {
            pop();
            if (end > 0) continue;
        }
        break;
    }
    text_.erase(end);
    length_ -= removed;
    return true;
}

void TextEditor::clear() {
    text_.clear();
    length_ = 0;
}

void TextEditor::wipe() {
    text_.resize(text_.capacity());
    floorsync::wipe_memory(text_.data(), text_.size());
    clear();
}

bool TextEditor::is_blank() const { return trimmed().empty(); }

// Spaces of any kind (a physical keyboard can type no-break spaces) are trimmed; inner spaces stay.
std::string TextEditor::trimmed() const {
    const std::u32string codepoints = *floorsync::utf8::decode(text_);  // text_ only ever holds valid UTF-8
    std::size_t first = 0;
    std::size_t last = codepoints.size();
    while (first < last && floorsync::utf8::is_space(codepoints[first])) ++first;
    while (last > first && floorsync::utf8::is_space(codepoints[last - 1])) --last;
    return floorsync::utf8::encode(std::u32string_view(codepoints).substr(first, last - first));
}

}  // namespace kiosk

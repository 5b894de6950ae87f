// The question being typed: UTF-8 correct insertion and deletion with a limit counted in characters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kiosk {

enum class InsertResult {
    inserted,
    refused_control,       // a control character (C0/C1, DEL, newline, tab): a question is one paragraph
    refused_invalid_utf8,  // bytes that are not UTF-8
    refused_limit,         // it would not fit in the character limit; nothing was inserted
    refused_empty,
};

// Editing happens at the end of the text only: on a shared touch screen there is no caret to place.
// Text the font cannot draw (emoji, other scripts) is kept exactly as typed; the UI draws a replacement mark.
class TextEditor {
public:
    explicit TextEditor(std::size_t max_characters = 500);

    // Inserts all of text or nothing (so a base letter and its combining mark are never split by the limit).
    InsertResult insert(std::string_view text);
    InsertResult insert_codepoint(char32_t codepoint);  // from a physical keyboard's character callback

    // Removes the last user-perceived character: a code point together with its combining marks,
    // variation selectors and skin-tone modifiers, a whole emoji ZWJ sequence, or a flag (two regional
    // indicators). Returns false when the text was already empty.
    bool backspace();
    void clear();
    // Overwrites the text's memory with zeros, then clears it: for drafts that must not linger in freed memory (a
    // private answer). Copies made with text() or trimmed() are the caller's to wipe.
    void wipe();

    const std::string& text() const { return text_; }
    std::size_t length() const { return length_; }  // in code points
    std::size_t max_length() const { return max_length_; }
    std::size_t remaining() const { return max_length_ > length_ ? max_length_ - length_ : 0; }
    bool empty() const { return text_.empty(); }
    bool at_limit() const { return length_ >= max_length_; }
    // Nothing but spaces (of any kind): there is nothing to send.
    bool is_blank() const;
    // The text to store: leading and trailing spaces (of any kind) removed.
    std::string trimmed() const;

    // A shorter limit keeps the text as it is (it was valid when typed) but refuses more input.
    void set_max_length(std::size_t max_characters) { max_length_ = max_characters; }

private:
    std::string text_;
    std::size_t length_ = 0;
    std::size_t max_length_;
};

}  // namespace kiosk

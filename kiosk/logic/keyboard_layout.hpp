// The on-screen keyboard model: pages of key rows, shift state, and what a key press means.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kiosk {

enum class KeyboardPage { letters, symbols, accents };

enum class ShiftState {
    off,
    once,    // the next letter is upper case, then shift releases
    locked,  // caps lock: a second tap on shift while it is on
};

enum class KeyAction {
    character,  // inserts `text`
    shift,
    page,       // switches to `target_page`
    space,
    backspace,
    enter,      // sends the question
};

struct Key {
    KeyAction action = KeyAction::character;
    std::string text;       // for character keys: what is inserted (and shown), shift already applied
    std::string label_key;  // for every other key: the string-table key of its label (see strings.hpp)
    float width = 1.0f;     // in key units; a full letter row is 10 units wide
    KeyboardPage target_page = KeyboardPage::letters;  // for page keys
};

using KeyRow = std::vector<Key>;

// What the screen must do after a press.
struct KeyOutcome {
    enum class Kind { none, insert, backspace, enter } kind = Kind::none;
    std::string text;  // for insert
};

class KeyboardLayout {
public:
    KeyboardLayout();

    KeyboardPage page() const { return page_; }
    ShiftState shift() const { return shift_; }
    bool shift_active() const { return shift_ != ShiftState::off; }

    // The rows of the current page, with the current shift applied to letters.
    const std::vector<KeyRow>& rows() const { return rows_; }
    static constexpr float row_units = 10.0f;  // the width every row is laid out against
    float row_width(std::size_t row) const;    // sum of the key widths of that row

    // Press the key at rows()[row][column]. Out-of-range indexes do nothing.
    KeyOutcome press(std::size_t row, std::size_t column);

    void set_page(KeyboardPage page);
    void reset();  // letters page, shift off: for every new question

private:
    void rebuild();

    KeyboardPage page_ = KeyboardPage::letters;
    ShiftState shift_ = ShiftState::off;
    std::vector<KeyRow> rows_;
};

}  // namespace kiosk

// The on-screen keyboard model: pages of key rows, shift state, and what a key press means.
#include "kiosk/logic/keyboard_layout.hpp"

#include "kiosk/logic/strings.hpp"

namespace kiosk {

namespace {

// A character key as lower-case / upper-case text; keys that have no case repeat the same text.
struct CharKey {
    const char* lower;
    const char* upper;
};

using CharRow = std::vector<CharKey>;

const std::vector<CharRow>& letter_rows() {
    static const std::vector<CharRow> rows = {
        {{"q", "Q"}, {"w", "W"}, {"e", "E"}, {"r", "R"}, {"t", "T"}, {"y", "Y"}, {"u", "U"}, {"i", "I"}, {"o", "O"}, {"p", "P"}},
        {{"a", "A"}, {"s", "S"}, {"d", "D"}, {"f", "F"}, {"g", "G"}, {"h", "H"}, {"j", "J"}, {"k", "K"}, {"l", "L"}},
        {{"z", "Z"}, {"x", "X"}, {"c", "C"}, {"v", "V"}, {"b", "B"}, {"n", "N"}, {"m", "M"}},
    };
    return rows;
}

const std::vector<CharRow>& symbol_rows() {
    static const std::vector<CharRow> rows = {
        {{"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"}, {"6", "6"}, {"7", "7"}, {"8", "8"}, {"9", "9"}, {"0", "0"}},
        {{"-", "-"}, {"/", "/"}, {":", ":"}, {";", ";"}, {"(", "("}, {")", ")"}, {"\xE2\x82\xAC", "\xE2\x82\xAC"}, {"&", "&"}, {"@", "@"}, {"\"", "\""}},
        {{"'", "'"}, {"!", "!"}, {"#", "#"}, {"%", "%"}, {"+", "+"}, {"=", "="}, {"*", "*"}, {"_", "_"}},
    };
    return rows;
}

// Dutch and other western European letters, and the euro sign.
const std::vector<CharRow>& accent_rows() {
    static const std::vector<CharRow> rows = {
        {{"é", "É"}, {"è", "È"}, {"ê", "Ê"}, {"ë", "Ë"}, {"á", "Á"}, {"à", "À"}, {"â", "Â"}, {"ä", "Ä"}, {"å", "Å"}, {"æ", "Æ"}},
        {{"ó", "Ó"}, {"ò", "Ò"}, {"ô", "Ô"}, {"ö", "Ö"}, {"ø", "Ø"}, {"ú", "Ú"}, {"ù", "Ù"}, {"û", "Û"}, {"ü", "Ü"}, {"ß", "ß"}},
        {{"í", "Í"}, {"ï", "Ï"}, {"î", "Î"}, {"ñ", "Ñ"}, {"ç", "Ç"}, {"ÿ", "Ÿ"}, {"€", "€"}},
    };
    return rows;
}

Key character(const CharKey& key, bool upper) {
    Key k;
    k.action = KeyAction::character;
    k.text = upper ? key.upper : key.lower;
    return k;
}

Key special(KeyAction action, const char* label_key, float width, KeyboardPage target = KeyboardPage::letters) {
    Key k;
    k.action = action;
    k.label_key = label_key;
    k.width = width;
    k.target_page = target;
    return k;
}

Key plain(const char* text) { return character({text, text}, false); }

}  // namespace

KeyboardLayout::KeyboardLayout() { rebuild(); }

float KeyboardLayout::row_width(std::size_t row) const {
    float width = 0;
    if (row < rows_.size())
        for (const auto& key : rows_[row]) width += key.width;
    return width;
}

// Every page: three rows of characters (shift and backspace around the third), then a bottom row with
// page switches, space and send. Widths add up to at most row_units so the UI can centre each row.
void KeyboardLayout::rebuild() {
    const bool upper = shift_ != ShiftState::off;
    const auto& source = page_ == KeyboardPage::letters   ? letter_rows()
                         : page_ == KeyboardPage::symbols ? symbol_rows()
                                                          : accent_rows();
    rows_.clear();
    for (std::size_t r = 0; r < source.size(); ++r) {
        KeyRow row;
        const bool last_char_row = r + 1 == source.size();
        const bool has_shift = last_char_row && page_ != KeyboardPage::symbols;
        if (has_shift)
            row.push_back(special(KeyAction::shift, shift_ == ShiftState::locked ? text::key_caps_lock : text::key_shift, 1.5f));
        for (const auto& key : source[r]) row.push_back(character(key, upper));
        if (last_char_row) row.push_back(special(KeyAction::backspace, text::key_backspace, 1.5f));
        rows_.push_back(std::move(row));
    }

    KeyRow bottom;
    if (page_ != KeyboardPage::letters)
        bottom.push_back(special(KeyAction::page, text::key_page_letters, 1.5f, KeyboardPage::letters));
    if (page_ != KeyboardPage::symbols)
        bottom.push_back(special(KeyAction::page, text::key_page_symbols, 1.5f, KeyboardPage::symbols));
    if (page_ != KeyboardPage::accents)
        bottom.push_back(special(KeyAction::page, text::key_page_accents, 1.5f, KeyboardPage::accents));
    bottom.push_back(plain(","));
    bottom.push_back(special(KeyAction::space, text::key_space, 2.5f));
    bottom.push_back(plain("."));
    bottom.push_back(plain("?"));
    bottom.push_back(special(KeyAction::enter, text::key_send, 1.5f));
    rows_.push_back(std::move(bottom));
}

KeyOutcome KeyboardLayout::press(std::size_t row, std::size_t column) {
    if (row >= rows_.size() || column >= rows_[row].size()) return {};
    const Key key = rows_[row][column];
    switch (key.action) {
    case KeyAction::character:
        if (shift_ == ShiftState::once) {
            shift_ = ShiftState::off;
            rebuild();
        }
        return {KeyOutcome::Kind::insert, key.text};
    case KeyAction::shift:
        shift_ = shift_ == ShiftState::off ? ShiftState::once : shift_ == ShiftState::once ? ShiftState::locked : ShiftState::off;
        rebuild();
        return {};
    case KeyAction::page:
        set_page(key.target_page);
        return {};
    case KeyAction::space:
        return {KeyOutcome::Kind::insert, " "};
    case KeyAction::backspace:
        return {KeyOutcome::Kind::backspace, {}};
    case KeyAction::enter:
        return {KeyOutcome::Kind::enter, {}};
    }
    return {};
}

void KeyboardLayout::set_page(KeyboardPage page) {
    page_ = page;
    if (page_ == KeyboardPage::symbols) shift_ = ShiftState::off;
    rebuild();
}

void KeyboardLayout::reset() {
    page_ = KeyboardPage::letters;
    shift_ = ShiftState::off;
    rebuild();
}

}  // namespace kiosk

// The on-screen keyboard: pages, one-shot shift, caps lock, and what each key does.
#include "kiosk/logic/keyboard_layout.hpp"
#include "kiosk/logic/strings.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace kiosk;

namespace {

// Finds a key by its text or label key on the current page.
std::pair<std::size_t, std::size_t> find_key(const KeyboardLayout& keyboard, std::string_view text_or_label) {
    const auto& rows = keyboard.rows();
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c)
            if (rows[r][c].text == text_or_label || rows[r][c].label_key == text_or_label) return {r, c};
    FAIL("no key ", text_or_label);
    return {0, 0};
}

KeyOutcome press(KeyboardLayout& keyboard, std::string_view text_or_label) {
    const auto [r, c] = find_key(keyboard, text_or_label);
    return keyboard.press(r, c);
}

bool page_has(const KeyboardLayout& keyboard, std::string_view text) {
    for (const auto& row : keyboard.rows())
        for (const auto& key : row)
            if (key.text == text) return true;
    return false;
}

}  // namespace

TEST_CASE("letters page: lower case by default, one-shot shift releases after a letter") {
    KeyboardLayout keyboard;
    CHECK(keyboard.page() == KeyboardPage::letters);
    CHECK(press(keyboard, "q").text == "q");
    CHECK(press(keyboard, text::key_shift).kind == KeyOutcome::Kind::none);
    CHECK(keyboard.shift() == ShiftState::once);
    CHECK(page_has(keyboard, "Q"));
    const auto outcome = press(keyboard, "Q");
    CHECK(outcome.kind == KeyOutcome::Kind::insert);
    CHECK(outcome.text == "Q");
    CHECK(keyboard.shift() == ShiftState::off);
    CHECK(press(keyboard, "w").text == "w");
}

TEST_CASE("shift tapped twice is caps lock until tapped again") {
    KeyboardLayout keyboard;
    press(keyboard, text::key_shift);
    press(keyboard, text::key_shift);
    CHECK(keyboard.shift() == ShiftState::locked);
    CHECK(press(keyboard, "A").text == "A");
    CHECK(press(keyboard, "B").text == "B");
    press(keyboard, text::key_caps_lock);
    CHECK(keyboard.shift() == ShiftState::off);
    CHECK(press(keyboard, "c").text == "c");
}

TEST_CASE("space, backspace and send") {
    KeyboardLayout keyboard;
    CHECK(press(keyboard, text::key_space).text == " ");
    CHECK(press(keyboard, text::key_backspace).kind == KeyOutcome::Kind::backspace);
    CHECK(press(keyboard, text::key_send).kind == KeyOutcome::Kind::enter);
    CHECK(press(keyboard, "?").text == "?");
}

TEST_CASE("digits and punctuation page, accents page with the euro sign, back to letters") {
    KeyboardLayout keyboard;
    press(keyboard, text::key_page_symbols);
    CHECK(keyboard.page() == KeyboardPage::symbols);
    for (const char* digit : {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "€", "@", "(", ")", "!"})
        CHECK_MESSAGE(page_has(keyboard, digit), digit);
    CHECK(press(keyboard, "7").text == "7");

    press(keyboard, text::key_page_accents);
    CHECK(keyboard.page() == KeyboardPage::accents);
    for (const char* letter : {"é", "ë", "ï", "ó", "ü", "ç", "à", "è", "ê", "ö", "ä", "ß", "ñ", "å", "ø", "æ", "€"})
        CHECK_MESSAGE(page_has(keyboard, letter), letter);
    press(keyboard, text::key_shift);
    CHECK(press(keyboard, "É").text == "É");
    CHECK(press(keyboard, "ë").text == "ë");  // shift released

    press(keyboard, text::key_page_letters);
    CHECK(keyboard.page() == KeyboardPage::letters);
    CHECK(page_has(keyboard, "z"));
}

TEST_CASE("rows fit the layout width and special keys have labels from the string tables") {
    const auto strings = StringTables::embedded();
    const auto known = text::all_keys();
    KeyboardLayout keyboard;
    for (auto page : {KeyboardPage::letters, KeyboardPage::symbols, KeyboardPage::accents}) {
        keyboard.set_page(page);
        CHECK(keyboard.rows().size() == 4);
        for (std::size_t r = 0; r < keyboard.rows().size(); ++r) {
            CHECK(keyboard.row_width(r) <= KeyboardLayout::row_units);
            for (const auto& key : keyboard.rows()[r]) {
                CHECK(key.width >= 1.0f);
                if (key.action == KeyAction::character) {
                    CHECK_FALSE(key.text.empty());
                } else {
                    CHECK(std::find(known.begin(), known.end(), key.label_key) != known.end());
                }
            }
        }
    }
}

TEST_CASE("out-of-range presses do nothing and reset returns to letters without shift") {
    KeyboardLayout keyboard;
    CHECK(keyboard.press(99, 0).kind == KeyOutcome::Kind::none);
    CHECK(keyboard.press(0, 99).kind == KeyOutcome::Kind::none);
    press(keyboard, text::key_page_accents);
    press(keyboard, text::key_shift);
    keyboard.reset();
    CHECK(keyboard.page() == KeyboardPage::letters);
    CHECK(keyboard.shift() == ShiftState::off);
}

// Text editing: UTF-8 correct insert and backspace, the character limit, refused control characters.
#include "kiosk/logic/text_editor.hpp"
#include "sync/shared/utf8.hpp"

#include <doctest/doctest.h>

#include <random>

using namespace kiosk;

TEST_CASE("multi-byte characters count as one and backspace removes them whole") {
    TextEditor editor(100);
    CHECK(editor.insert("caf") == InsertResult::inserted);
    CHECK(editor.insert("é") == InsertResult::inserted);      // 2 bytes
    CHECK(editor.insert(" 5€") == InsertResult::inserted);    // € is 3 bytes
    CHECK(editor.insert("😀") == InsertResult::inserted);     // 4 bytes, a glyph the font lacks: kept as typed
    CHECK(editor.text() == "café 5€😀");
    CHECK(editor.length() == 8);
    CHECK(editor.remaining() == 92);
    CHECK(editor.backspace());
    CHECK(editor.text() == "café 5€");
    CHECK(editor.backspace());
    CHECK(editor.text() == "café 5");
    CHECK(editor.backspace());
    CHECK(editor.backspace());
    CHECK(editor.backspace());
    CHECK(editor.text() == "caf");
    CHECK(editor.length() == 3);
    CHECK(floorsync::utf8::is_valid(editor.text()));
}

TEST_CASE("a combining mark goes with its base character") {
    TextEditor editor(100);
    CHECK(editor.insert("ne\xCC\x81") == InsertResult::inserted);  // n, e + U+0301 COMBINING ACUTE
    CHECK(editor.length() == 3);
    CHECK(editor.backspace());
    CHECK(editor.text() == "n");
    CHECK(editor.insert_codepoint(U'a') == InsertResult::inserted);
    CHECK(editor.insert_codepoint(0x0308) == InsertResult::inserted);  // combining diaeresis typed separately
    CHECK(editor.insert_codepoint(0x0323) == InsertResult::inserted);  // and a dot below
    CHECK(editor.backspace());
    CHECK(editor.text() == "n");
}

TEST_CASE("emoji sequences, skin tones and flags are removed as one character") {
    TextEditor editor(100);
    editor.insert("x");
    editor.insert("👍🏽");                     // thumbs up + skin tone modifier
    editor.insert("👩‍💻");                     // woman + ZWJ + laptop
    editor.insert("❤️");                      // heart + variation selector 16
    editor.insert("🇳🇱🇧🇪");                   // two flags
    CHECK(editor.backspace());
    CHECK(editor.text() == "x👍🏽👩‍💻❤️🇳🇱");
    CHECK(editor.backspace());
    CHECK(editor.text() == "x👍🏽👩‍💻❤️");
    CHECK(editor.backspace());
    CHECK(editor.text() == "x👍🏽👩‍💻");
    CHECK(editor.backspace());
    CHECK(editor.text() == "x👍🏽");
    CHECK(editor.backspace());
    CHECK(editor.text() == "x");
    CHECK(editor.length() == 1);
    CHECK(editor.backspace());
    CHECK_FALSE(editor.backspace());
    CHECK(editor.empty());
    CHECK(editor.length() == 0);
}

TEST_CASE("other scripts are kept as typed") {
    TextEditor editor(100);
    CHECK(editor.insert("Привет مرحبا 你好") == InsertResult::inserted);
    CHECK(editor.text() == "Привет مرحبا 你好");
    CHECK(editor.length() == 15);
    CHECK(editor.backspace());
    CHECK(editor.text() == "Привет مرحبا 你");
}

TEST_CASE("control characters and newlines are refused, plain space is fine") {
    TextEditor editor(100);
    CHECK(editor.insert("a b") == InsertResult::inserted);
    CHECK(editor.insert("\n") == InsertResult::refused_control);
    CHECK(editor.insert("\r") == InsertResult::refused_control);
    CHECK(editor.insert("\t") == InsertResult::refused_control);
    CHECK(editor.insert(std::string_view("\0", 1)) == InsertResult::refused_control);
    CHECK(editor.insert("\x7F") == InsertResult::refused_control);
    CHECK(editor.insert("\xC2\x85") == InsertResult::refused_control);      // U+0085 NEL (C1)
    CHECK(editor.insert("\xE2\x80\xA8") == InsertResult::refused_control);  // U+2028 line separator
    CHECK(editor.insert("x\ny") == InsertResult::refused_control);          // all or nothing
    CHECK(editor.insert("\xE2\x80\xAE") == InsertResult::refused_control);  // U+202E right-to-left override
    CHECK(editor.insert_codepoint(0x1B) == InsertResult::refused_control);
    CHECK(editor.text() == "a b");
}

TEST_CASE("invalid UTF-8 is refused and nothing crashes") {
    TextEditor editor(100);
    CHECK(editor.insert("\xFF") == InsertResult::refused_invalid_utf8);
    CHECK(editor.insert("\xC3") == InsertResult::refused_invalid_utf8);          // truncated é
    CHECK(editor.insert("\xC0\xAF") == InsertResult::refused_invalid_utf8);      // overlong '/'
    CHECK(editor.insert("\xED\xA0\x80") == InsertResult::refused_invalid_utf8);  // a UTF-16 surrogate
    CHECK(editor.insert("\xF4\x90\x80\x80") == InsertResult::refused_invalid_utf8);  // above U+10FFFF
    CHECK(editor.insert_codepoint(0xD800) == InsertResult::refused_invalid_utf8);
    CHECK(editor.insert_codepoint(0x110000) == InsertResult::refused_invalid_utf8);
    CHECK(editor.insert("") == InsertResult::refused_empty);
    CHECK(editor.empty());
}

TEST_CASE("the limit counts characters, not bytes, and refuses what does not fit") {
    TextEditor editor(5);
    CHECK(editor.insert("éééé") == InsertResult::inserted);  // 8 bytes, 4 characters
    CHECK(editor.remaining() == 1);
    CHECK(editor.insert("ab") == InsertResult::refused_limit);
    CHECK(editor.insert("e\xCC\x81") == InsertResult::refused_limit);  // base + mark is never split
    CHECK(editor.insert("€") == InsertResult::inserted);
    CHECK(editor.at_limit());
    CHECK(editor.remaining() == 0);
    CHECK(editor.insert("a") == InsertResult::refused_limit);
    CHECK(editor.text() == "éééé€");
    CHECK(editor.backspace());
    CHECK(editor.remaining() == 1);
}

TEST_CASE("blank text and trimming") {
    TextEditor editor(50);
    CHECK(editor.is_blank());
    editor.insert("   ");
    CHECK(editor.is_blank());
    editor.insert("Waarom? ");
    CHECK_FALSE(editor.is_blank());
    CHECK(editor.trimmed() == "Waarom?");
    editor.clear();
    editor.insert("\xC2\xA0 \xE3\x80\x80");  // no-break space, space, ideographic space
    CHECK(editor.is_blank());
    editor.insert("a b\xC2\xA0");
    CHECK(editor.trimmed() == "a b");
    editor.clear();
    CHECK(editor.empty());
    CHECK(editor.length() == 0);
}

TEST_CASE("utf8 helpers") {
    CHECK(floorsync::utf8::decode("a€😀") == std::u32string{U'a', 0x20AC, 0x1F600});
    CHECK(floorsync::utf8::encode(std::u32string{U'a', 0x20AC, 0x1F600}) == "a€😀");
    CHECK(floorsync::utf8::count_codepoints("a€😀") == 3);
    CHECK_FALSE(floorsync::utf8::decode("\x80").has_value());
    CHECK(floorsync::utf8::is_extending(0x0301));
    CHECK_FALSE(floorsync::utf8::is_extending(U'e'));
}

TEST_CASE("random input never breaks the editor's invariants") {
    std::mt19937 random(20261129);  // fixed seed: the same sequence every run
    const std::vector<std::string> pieces = {"a", "é", "€", "😀", "\xCC\x81", "\xE2\x80\x8D", "🇳", "\xEF\xB8\x8F", " ", "\n", "\xFF", "\xC3"};
    TextEditor editor(40);
    for (int step = 0; step < 20000; ++step) {
        switch (random() % 4) {
        case 0: editor.insert(pieces[random() % pieces.size()]); break;
        case 1: {
            std::string bytes(1 + random() % 6, '\0');
            for (auto& byte : bytes) byte = static_cast<char>(random() % 256);
            editor.insert(bytes);
            break;
        }
        case 2: editor.insert_codepoint(static_cast<char32_t>(random() % 0x120000)); break;
        case 3: editor.backspace(); break;
        }
        REQUIRE(floorsync::utf8::is_valid(editor.text()));
        REQUIRE(editor.length() == floorsync::utf8::count_codepoints(editor.text()));
        REQUIRE(editor.length() <= editor.max_length());
        REQUIRE(floorsync::utf8::is_valid(editor.trimmed()));
    }
}

// String tables: both languages are complete and formatting fills in placeholders.
#include "kiosk/logic/strings.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace kiosk;

TEST_CASE("both string tables have exactly the same keys") {
    const auto tables = StringTables::embedded();
    CHECK(tables.languages() == std::vector<std::string>{"en", "nl"});
    const auto en = tables.keys("en");
    const auto nl = tables.keys("nl");
    for (const auto& key : en) CHECK_MESSAGE(std::find(nl.begin(), nl.end(), key) != nl.end(), "nl.toml lacks ", key);
    for (const auto& key : nl) CHECK_MESSAGE(std::find(en.begin(), en.end(), key) != en.end(), "en.toml lacks ", key);
}

TEST_CASE("every key the screens use exists in every table, non-empty") {
    const auto tables = StringTables::embedded();
    for (const auto& language : tables.languages()) {
        const auto keys = tables.keys(language);
        for (auto key : text::all_keys()) {
            INFO("language ", language, ", key ", key);
            REQUIRE(std::find(keys.begin(), keys.end(), std::string(key)) != keys.end());
            CHECK_FALSE(tables.get(language, key).empty());
        }
    }
}

TEST_CASE("the tables hold no keys the code does not know") {
    const auto tables = StringTables::embedded();
    const auto known = text::all_keys();
    for (const auto& key : tables.keys("en"))
        CHECK_MESSAGE(std::find(known.begin(), known.end(), key) != known.end(), "unused key ", key);
}

TEST_CASE("texts differ per language and formatting fills in counts") {
    const auto tables = StringTables::embedded();
    CHECK(tables.get("en", text::key_space) == "space");
    CHECK(tables.get("nl", text::key_space) == "spatie");
    CHECK(tables.get("en", text::language_name) == "English");
    CHECK(tables.get("nl", text::language_name) == "Nederlands");
    CHECK(tables.format_count("en", text::status_waiting_one, text::status_waiting_other, 3) == "3 waiting to sync");
    CHECK(tables.format_count("nl", text::status_waiting_one, text::status_waiting_other, 1) == "1 wacht op verzending");
    CHECK(tables.format_count("nl", text::cleaning_seconds_one, text::cleaning_seconds_other, 42) == "nog 42 seconden");
    CHECK(tables.format("en", text::status_retrying, {{"seconds", "12"}}) == "retrying in 12 s");
    CHECK(tables.format("en", text::status_kiosk, {{"kiosk", "k1"}, {"site", "Hal 3"}}) == "k1 · Hal 3");
}

TEST_CASE("a missing key shows as [key] and an unknown language falls back to English") {
    const auto tables = StringTables::embedded();
    CHECK(tables.get("en", "no.such_key") == "[no.such_key]");
    CHECK(tables.get("fr", text::ask_send) == "Send");
    CHECK(substitute("{a} and {b} and {c}", {{"a", "1"}, {"b", "2"}}) == "1 and 2 and {c}");
}

TEST_CASE("a bad string table is reported with its file, line and key") {
    StringTables tables;
    CHECK_THROWS_WITH_AS(tables.add_language("xx", "[home]\nask_button = 3\n", "xx.toml"),
                         "xx.toml:2: key 'home.ask_button': expected a string", StringsError);
    CHECK_THROWS_AS(tables.add_language("xx", "[home\n", "xx.toml"), StringsError);
}

TEST_CASE("the embedded tables are the files in assets/strings") {
    for (auto [name, embedded] : {std::pair{"en", embedded_strings_en()}, std::pair{"nl", embedded_strings_nl()}}) {
        std::ifstream file(std::string(FLOOR_SOURCE_DIR) + "/assets/strings/" + name + ".toml", std::ios::binary);
        std::ostringstream content;
        content << file.rdbuf();
        CHECK(content.str() == embedded);
    }
}

// The shared text rules and event types: one definition, the same verdict on the kiosk and at the collector.
#include "sync/shared/event_types.hpp"
#include "sync/shared/protocol.hpp"
#include "sync/shared/text_rules.hpp"

#include <doctest/doctest.h>

using namespace floorsync;

namespace {

std::string upload_with_question(const std::string& text, const std::string& department = "IT") {
    std::string escaped;
    for (char c : text) {
        if (c == '"' || c == '\\') escaped += '\\';
        escaped += c;
    }
    return R"({"events":[{"id":"0190f3a4-5b6c-7d8e-9f00-112233445566","type":"question",)"
           R"("created_at":"2026-11-29T23:04:38.123Z","kiosk_id":"k1","department":")" +
           department + R"(","language":"nl","payload":{"text":")" + escaped + R"("}}]})";
}

}  // namespace

TEST_CASE("text rules: bidi overrides and isolates are refused everywhere, also by the collector's decoder") {
    for (const char* bidi : {"\u202E", "\u202A", "\u2066", "\u2069", "\u2028"}) {
        const std::string text = std::string("salaris ") + bidi + "kaput";
        CHECK(text_rules::violation(text, text_rules::question_text).value().find("control character") !=
              std::string::npos);
        const auto upload = decode_upload_checked(upload_with_question(text));
        REQUIRE(upload.events.size() == 1);
        CHECK(upload.events[0].error.find("payload.text") != std::string::npos);
    }
    CHECK(text_rules::is_refused_character(0x202E, true));
    CHECK_FALSE(text_rules::is_refused_character(U'é', false));
}

TEST_CASE("text rules: limits are code points, line breaks only where allowed") {
    std::string euros;
    for (int i = 0; i < 500; ++i) euros += "€";
    CHECK_FALSE(text_rules::violation(euros, text_rules::question_text));
    CHECK(text_rules::violation(euros + "€", text_rules::question_text) == "is longer than 500 characters");
    CHECK_FALSE(text_rules::violation("two\nlines", text_rules::question_text));
    CHECK(text_rules::violation("two\nlines", text_rules::department).has_value());
    CHECK(text_rules::violation(" \t\n", text_rules::question_text) == "is empty");
    CHECK(text_rules::violation("\xC3", text_rules::question_text) == "is not valid UTF-8");

    std::string department;
    for (int i = 0; i < 100; ++i) department += "ö";  // 200 bytes, 100 characters: allowed
    CHECK_FALSE(text_rules::violation(department, text_rules::department));
    CHECK(decode_upload_checked(upload_with_question("vraag", department)).events[0].error.empty());
    CHECK_FALSE(decode_upload_checked(upload_with_question("vraag", department + "ö")).events[0].error.empty());
}

TEST_CASE("text rules: reason keys are the same 64-character keys on both sides") {
    CHECK(text_rules::is_reason_key(std::string(64, 'a')));
    CHECK_FALSE(text_rules::is_reason_key(std::string(65, 'a')));
    CHECK_FALSE(text_rules::is_reason_key("Need_Training"));
    const events::RatingReasons amendment{"0190f3a4-5b6c-7d8e-9f00-112233445566", {std::string(64, 'a')}};
    CHECK(events::decode_rating_reasons(events::encode(amendment)).reasons == amendment.reasons);
}

TEST_CASE("event types: encode is canonical and decode refuses what encode would never write") {
    CHECK(events::encode(events::Rating{4, false}) == R"({"score":4,"suspect":false})");
    CHECK(events::canonical_payload("rating", R"({ "suspect": true, "score": 2 })") == R"({"score":2,"suspect":true})");
    CHECK_THROWS_AS(events::encode(events::Rating{6, false}), events::PayloadError);
    try {
        events::decode_rating(R"({"score":3,"suspect":false,"who":"Jan"})");
        FAIL("an unknown field was accepted");
    } catch (const events::PayloadError& error) {
        CHECK(error.message() == "unknown field 'payload.who'");
    }
    try {
        events::canonical_payload("survey", "{}");
        FAIL("an unknown type was accepted");
    } catch (const events::PayloadError& error) {
        CHECK(error.field == "type");
    }
    CHECK(events::decode_question(events::encode(events::Question{"Waarom?"})).text == "Waarom?");
}

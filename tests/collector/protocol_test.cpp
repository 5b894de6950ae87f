// Protocol v1 codec: round trips for the client side, per-event checking for the collector side.
#include "sync/shared/clock.hpp"
#include "sync/shared/protocol.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace floorsync;
using nlohmann::json;

namespace {

Event sample_rating() {
    return Event{new_uuid_v4(), event_type::rating, "2026-11-29T23:04:38.123Z", "kiosk-1", "Sales", "nl",
                 R"({"score":4,"suspect":false})"};
}

}  // namespace

TEST_CASE("an upload round-trips through encode_upload and decode_upload") {
    UploadRequest request{{"1.2.3", 42}, {sample_rating(), sample_rating()}};
    request.events[1].type = event_type::question;
    request.events[1].payload = R"({"text":"Wat verandert er? \"quote\" é €"})";
    const std::string body = encode_upload(request);
    const UploadRequest decoded = decode_upload(body);
    CHECK(decoded.kiosk.app_version == "1.2.3");
    CHECK(decoded.kiosk.backlog == 42);
    REQUIRE(decoded.events.size() == 2);
    CHECK(decoded.events[0] == request.events[0]);
    CHECK(decoded.events[1] == request.events[1]);
}

TEST_CASE("the kiosk's quarantined count round-trips, and older kiosks that do not send it are still understood") {
    UploadRequest request{{"1.2.3", 42, 3}, {sample_rating()}};
    CHECK(decode_upload(encode_upload(request)).kiosk.quarantined == 3);
    request.kiosk.quarantined.reset();
    const std::string old_kiosk = encode_upload(request);
    CHECK(old_kiosk.find("quarantined") == std::string::npos);
    CHECK_FALSE(decode_upload(old_kiosk).kiosk.quarantined.has_value());
    CHECK_THROWS_WITH_AS(decode_upload(R"({"kiosk":{"quarantined":-1},"events":[]})"),
                         "field 'kiosk.quarantined' must be a non-negative integer", ProtocolError);
    // The collector's own scanner reads it the same way.
    CHECK(decode_upload_checked(R"({"kiosk":{"backlog":1,"quarantined":4},"events":[]})").kiosk.quarantined == 4);
    CHECK_FALSE(decode_upload_checked(R"({"kiosk":{"backlog":1},"events":[]})").kiosk.quarantined.has_value());
    CHECK_THROWS_WITH_AS(decode_upload_checked(R"({"kiosk":{"quarantined":"2"},"events":[]})"),
                         "field 'kiosk.quarantined' must be a non-negative integer", ProtocolError);
}

TEST_CASE("encode_upload names the event whose payload cannot be sent") {
    Event broken = sample_rating();
    broken.payload = "{not json";
    try {
        encode_upload(UploadRequest{{}, {broken}});
        FAIL("expected a ProtocolError");
    } catch (const ProtocolError& error) {
        CHECK(std::string(error.what()).find(broken.id) != std::string::npos);
    }
    broken.payload = R"({"text":"x"})";
    broken.department = "bad \xFF";
    CHECK_THROWS_AS(encode_upload(UploadRequest{{}, {broken}}), ProtocolError);
}

TEST_CASE("decode_upload_response checks one result per sent id, in order") {
    const std::vector<std::string> ids{"a", "b"};
    const auto reply = decode_upload_response(
        R"({"results":[{"id":"a","status":"stored"},{"id":"b","status":"rejected","error":"conflict: x"}]})", ids);
    REQUIRE(reply.results.size() == 2);
    CHECK(reply.results[0].status == ResultStatus::stored);
    CHECK(reply.results[1].status == ResultStatus::rejected);
    CHECK(reply.results[1].error == "conflict: x");
    CHECK_THROWS_AS(decode_upload_response(R"({"results":[{"id":"a","status":"stored"}]})", ids), ProtocolError);
    CHECK_THROWS_AS(decode_upload_response(R"({"results":[{"id":"b","status":"stored"},{"id":"a","status":"stored"}]})", ids),
                    ProtocolError);
    CHECK_THROWS_AS(decode_upload_response(R"({"results":[{"id":"a","status":"ok"},{"id":"b","status":"stored"}]})", ids),
                    ProtocolError);
    CHECK_THROWS_AS(decode_upload_response("<html>", ids), ProtocolError);
    const auto no_reason = decode_upload_response(R"({"results":[{"id":"a","status":"rejected"},{"id":"b","status":"duplicate"}]})", ids);
    CHECK_FALSE(no_reason.results[0].error.empty());
    CHECK(no_reason.results[1].status == ResultStatus::duplicate);

    const UploadResponse original{{{"a", ResultStatus::duplicate, ""}, {"b", ResultStatus::rejected, "why"}}};
    const auto again = decode_upload_response(encode_upload_response(original), ids);
    CHECK(again.results[0].status == ResultStatus::duplicate);
    CHECK(again.results[1].error == "why");
}

TEST_CASE("the feed and errors encode and decode") {
    const std::string item = R"({"id":"0190f3a4-5b6c-7d8e-9f00-112233445566","kind":"announcement","revision":17})";
    const FeedResponse feed{{FeedEntry{FeedSection::item, "0190f3a4-5b6c-7d8e-9f00-112233445566", 17, false, item},
                             FeedEntry{FeedSection::item, "0190f3a4-5b6c-7d8e-9f00-aaaaaaaaaaaa", 18, true, ""}},
                            "18", true};
    const std::string body = encode_feed(feed);
    CHECK(json::parse(body)["items"][0] == json::parse(item));
    CHECK(json::parse(body)["items"][1] ==
          json{{"id", "0190f3a4-5b6c-7d8e-9f00-aaaaaaaaaaaa"}, {"revision", 18}, {"withdrawn", true}});
    const FeedResponse decoded = decode_feed(body);
    CHECK(decoded.next_cursor == "18");
    CHECK(decoded.more);
    REQUIRE(decoded.entries.size() == 2);
    CHECK(decoded.entries[0].revision == 17);
    CHECK_FALSE(decoded.entries[0].withdrawn);
    CHECK(json::parse(decoded.entries[0].json) == json::parse(item));
    CHECK(decoded.entries[1].withdrawn);
    CHECK(decoded.entries[1].json.empty());

    const FeedResponse empty = decode_feed(R"({"items":[],"next_cursor":"0","unknown":1})");
    CHECK(empty.entries.empty());
    CHECK_FALSE(empty.more);
    CHECK_THROWS_AS(decode_feed(R"({"items":[]})"), ProtocolError);
    CHECK_THROWS_AS(decode_feed(R"({"items":[],"next_cursor":"x1"})"), ProtocolError);
    CHECK_THROWS_AS(decode_feed(R"({"items":[],"next_cursor":"1","more":"yes"})"), ProtocolError);
    CHECK_THROWS_AS(decode_feed(R"({"items":[{"id":"x"}],"next_cursor":"1"})"), ProtocolError);
    CHECK_THROWS_AS(decode_feed(R"({"items":[{"id":"x","revision":"1"}],"next_cursor":"1"})"), ProtocolError);
    CHECK_THROWS_AS(encode_feed(FeedResponse{{FeedEntry{FeedSection::item, "other", 17, false, item}}, "17"}), ProtocolError);
    CHECK(json::parse(encode_error("bad \"thing\""))["error"] == "bad \"thing\"");
}

TEST_CASE("decode_upload_checked: whole-body errors throw, event errors stay with their event") {
    CHECK_THROWS_AS(decode_upload_checked("{"), ProtocolError);
    CHECK_THROWS_AS(decode_upload_checked(R"({"events":null})"), ProtocolError);
    CHECK_THROWS_AS(decode_upload_checked(R"({"events":[1,2,3]})", 2), PayloadTooLarge);

    json good = json::parse(encode_upload(UploadRequest{{"v", 1}, {sample_rating()}}))["events"][0];
    json bad = good;
    bad["id"] = "6F9619FF-8B86-4011-B42D-00C04FC964FF";  // upper case: ids must be canonical for dedupe
    json offset = good;
    offset["id"] = new_uuid_v4();
    offset["created_at"] = "2026-11-30T01:04:38.123+02:00";
    const auto upload = decode_upload_checked(json{{"events", {good, bad, offset}}}.dump());
    REQUIRE(upload.events.size() == 3);
    CHECK(upload.events[0].error.empty());
    CHECK(upload.events[0].event.payload == R"({"score":4,"suspect":false})");
    CHECK(upload.events[1].error.find("'id'") != std::string::npos);
    CHECK(upload.events[1].event.id == bad["id"]);
    CHECK(upload.events[2].error.empty());
    CHECK(upload.events[2].event.created_at == "2026-11-29T23:04:38.123Z");  // normalised to UTC
}

TEST_CASE("decode_upload_checked: payload schemas per type") {
    const auto check = [](const char* type, json payload) {
        json event{{"id", new_uuid_v4()}, {"type", type}, {"created_at", "2026-01-01T00:00:00Z"}, {"kiosk_id", "k"},
                   {"department", ""}, {"language", "en"}, {"payload", std::move(payload)}};
        return decode_upload_checked(json{{"events", {event}}}.dump()).events.at(0).error;
    };
    CHECK(check("rating", {{"score", 1}, {"suspect", true}}).empty());
    CHECK_FALSE(check("rating", {{"score", 0}, {"suspect", true}}).empty());
    CHECK_FALSE(check("rating", {{"score", 2.5}, {"suspect", true}}).empty());
    CHECK_FALSE(check("rating", {{"score", 3}, {"suspect", 1}}).empty());
    CHECK(check("rating_reasons", {{"rating_id", new_uuid_v4()}, {"reasons", {"need_training", "works_for_me"}}}).empty());
    CHECK(check("rating_reasons", {{"rating_id", new_uuid_v4()}, {"reasons", json::array()}}).empty());
    CHECK_FALSE(check("rating_reasons", {{"rating_id", new_uuid_v4()}, {"reasons", {"a", "a"}}}).empty());
    CHECK_FALSE(check("rating_reasons", {{"rating_id", new_uuid_v4()}, {"reasons", {1}}}).empty());
    CHECK_FALSE(check("rating_reasons", {{"reasons", {"a"}}}).empty());
    CHECK(check("question", {{"text", "Line one\nline two, met é en 😀"}}).empty());
    std::string five_hundred_euros;
    for (int i = 0; i < 500; ++i) five_hundred_euros += "€";
    CHECK(check("question", {{"text", five_hundred_euros}}).empty());  // the limit counts characters, not bytes
    CHECK_FALSE(check("question", {{"text", five_hundred_euros + "€"}}).empty());
    CHECK_FALSE(check("question", {{"text", ""}}).empty());
    CHECK_FALSE(check("question", {{"text", "a\x1b[2J"}}).empty());
}

TEST_CASE("invalid UTF-8 marks only its own event, wherever it is") {
    const std::string good = R"({"id":"11111111-2222-4333-8444-555555555555","type":"question","created_at":"2026-01-01T00:00:00Z","kiosk_id":"k","department":"","language":"en","payload":{"text":"ok"}})";
    std::string bad_text = good;
    bad_text.replace(bad_text.find("11111111"), 8, "22222222");
    bad_text.replace(bad_text.find("\"ok\""), 4, "\"o\xC0\xAFk\"");  // overlong encoding of '/'
    std::string bad_department = good;
    bad_department.replace(bad_department.find("11111111"), 8, "33333333");
    bad_department.replace(bad_department.find("\"department\":\"\""), 15, "\"department\":\"\xED\xA0\x80\"");  // surrogate
    const auto upload = decode_upload_checked("{\"events\":[" + good + "," + bad_text + "," + bad_department + "]}");
    REQUIRE(upload.events.size() == 3);
    CHECK(upload.events[0].error.empty());
    CHECK(upload.events[1].error == "invalid field 'payload': not valid UTF-8");
    CHECK(upload.events[1].event.id == "22222222-2222-4333-8444-555555555555");
    CHECK(upload.events[2].error.find("UTF-8") != std::string::npos);
    CHECK_THROWS_AS(decode_upload_checked("{\"events\":[]\xFF}"), ProtocolError);  // outside strings: not JSON
}

TEST_CASE("decode_upload_checked: JSON details (escapes, surrogates, duplicates, nesting, numbers)") {
    const auto event = [](const std::string& id_digit, const std::string& text_json) {
        return R"({"id":"11111111-2222-4333-8444-55555555555)" + id_digit +
               R"(","type":"question","created_at":"2026-01-01T00:00:00Z","kiosk_id":"k","department":"","language":"en","payload":{"text":)" +
               text_json + "}}";
    };
    const auto upload = decode_upload_checked(" {\"future\": [1, {\"x\": null}], \"events\" : [ " +
                                              event("1", R"("caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \n")") + " , " +
                                              event("2", R"("lone \ud800 surrogate")") + "," +
                                              event("3", R"("low \udc00 first")") + "] } \n");
    REQUIRE(upload.events.size() == 3);
    CHECK(upload.events[0].error.empty());
    CHECK(json::parse(upload.events[0].event.payload)["text"] == "café 😀 \"q\" \\ / \n");
    CHECK(upload.events[1].error == "invalid field 'payload': not valid UTF-8");
    CHECK(upload.events[2].error == "invalid field 'payload': not valid UTF-8");

    const std::string twice = R"({"events":[{"id":"11111111-2222-4333-8444-555555555555","id":"11111111-2222-4333-8444-555555555556"}]})";
    CHECK(decode_upload_checked(twice).events[0].error == "duplicate field 'id'");

    std::string deep = R"({"events":[{"payload":)";
    for (int i = 0; i < 40; ++i) deep += "[";
    for (int i = 0; i < 40; ++i) deep += "]";
    deep += "}]}";
    CHECK_THROWS_WITH_AS(decode_upload_checked(deep), doctest::Contains("nested too deeply"), ProtocolError);

    for (const char* body : {R"({"events":[{"payload":{"score":01}}]})", R"({"events":[{"payload":{"score":1.}}]})",
                             R"({"events":[{"payload":{"score":-}}]})", R"({"events":[]} x)", R"({"events":[],})",
                             R"({"events":["a\x"]})", "{\"events\":[\"tab\there\"]}", R"({"events":[tru]})",
                             R"({"events":[)"}) {
        CAPTURE(body);
        CHECK_THROWS_AS(decode_upload_checked(body), ProtocolError);
    }
    const auto numbers = decode_upload_checked(R"({"events":[{"payload":{"score":-0.5e+3}}, 1e9, true, null, "s"]})");
    REQUIRE(numbers.events.size() == 5);
    CHECK(numbers.events[1].error == "an event must be a JSON object, got number");
    CHECK(numbers.events[2].error == "an event must be a JSON object, got boolean");
    CHECK(numbers.events[3].error == "an event must be a JSON object, got null");
    CHECK(decode_upload_checked(R"({"kiosk":{"backlog":12,"app_version":"1.0","os":"debian"},"events":[]})").kiosk.backlog == 12);
    CHECK_THROWS_AS(decode_upload_checked(R"({"kiosk":{"backlog":1.5},"events":[]})"), ProtocolError);
    CHECK_THROWS_AS(decode_upload_checked(R"({"events":[],"events":[]})"), ProtocolError);
}

TEST_CASE("an upload response with a cut-off UTF-8 error message still goes out as valid JSON") {
    const UploadResponse response{{{"a", ResultStatus::stored, ""},
                                   {"b", ResultStatus::rejected, "unknown event type 'caf\xC3'"},
                                   {"c\"\\", ResultStatus::duplicate, ""}}};
    const std::string body = encode_upload_response(response);
    const auto decoded = decode_upload_response(body, {"a", "b", "c\"\\"});
    CHECK(decoded.results[1].error == "unknown event type 'caf\xEF\xBF\xBD'");
    CHECK(decoded.results[2].status == ResultStatus::duplicate);
    CHECK_THROWS_WITH_AS(decode_upload_response(R"({"results":[{"id":"a","status":"stored"})", {"a"}),
                         doctest::Contains("not valid JSON"), ProtocolError);
    CHECK_THROWS_WITH_AS(decode_upload_response(R"({"results":[{"id":"a","status":1}]})", {"a"}),
                         doctest::Contains("'status' must be a string"), ProtocolError);
}

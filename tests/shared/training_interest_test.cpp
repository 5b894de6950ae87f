// The training_interest event type: its payload schema, canonical form and acceptance by the collector's decoder.
#include "sync/shared/event_types.hpp"
#include "sync/shared/protocol.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace floorsync;

namespace {

constexpr const char* session = "0190f3a4-5b6c-7d8e-9f00-112233445566";

std::string payload_error(const std::string& payload) {
    try {
        events::decode_training_interest(payload);
    } catch (const events::PayloadError& error) {
        return error.message();
    }
    return "";
}

}  // namespace

TEST_CASE("training_interest: a known type whose payload is one lower-case session id") {
    CHECK(events::is_known_type(event_type::training_interest));
    CHECK(std::string(events::TrainingInterest::type) == "training_interest");
    const std::string text = events::encode(events::TrainingInterest{session});
    CHECK(text == std::string(R"({"session":")") + session + "\"}");
    CHECK(events::decode_training_interest(text).session == session);
    CHECK(events::canonical_payload("training_interest", std::string(R"({ "session" : ")") + session + "\" }") == text);
}

TEST_CASE("training_interest: a bad payload names its field") {
    CHECK(payload_error(R"({})") == "missing field 'payload.session'");
    CHECK(payload_error(R"({"session":7})") == "invalid field 'payload.session': expected a lower-case UUID");
    CHECK(payload_error(R"({"session":"0190F3A4-5B6C-7D8E-9F00-112233445566"})") ==
          "invalid field 'payload.session': expected a lower-case UUID");
    CHECK(payload_error(R"({"session":"training-1"})") == "invalid field 'payload.session': expected a lower-case UUID");
    CHECK(payload_error(std::string(R"({"session":")") + session + R"(","name":"Jan"})") ==
          "unknown field 'payload.name'");
    CHECK(payload_error("[1]") == "invalid field 'payload': expected a JSON object");
    CHECK_THROWS_AS(events::encode(events::TrainingInterest{"not-a-uuid"}), events::PayloadError);
}

TEST_CASE("training_interest: the collector's decoder accepts it and rejects a bad one by itself") {
    const std::string head = R"({"events":[{"id":"0190f3a4-5b6c-7d8e-9f00-aaaaaaaaaaaa","type":"training_interest",)"
                             R"("created_at":"2026-11-29T23:04:38.123Z","kiosk_id":"k1","department":"IT",)"
                             R"("language":"nl","payload":)";
    const auto good = decode_upload_checked(head + R"({"session":")" + session + "\"}}]}");
    REQUIRE(good.events.size() == 1);
    CHECK(good.events[0].error.empty());
    CHECK(good.events[0].event.payload == events::encode(events::TrainingInterest{session}));
    const auto bad = decode_upload_checked(head + R"({"session":"x","extra":1}}]})");
    REQUIRE(bad.events.size() == 1);
    CHECK(bad.events[0].error.find("payload.") != std::string::npos);
}

// PIN keys, check values, action proofs, pickup codes and sealed answers: the shared crypto both sides rely on.
#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/event_types.hpp"
#include "sync/shared/pickup_code.hpp"
#include "sync/shared/protocol.hpp"
#include "sync/shared/question_view.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace floorsync;

namespace {

// The cheapest Argon2id libsodium allows: these tests are about the construction, not its cost.
const ambassador::KdfParams kFast{1, 8192};
const std::string kSalt = "00112233445566778899aabbccddeeff";
const std::string kAmbassador = "0193a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b";

ambassador::ProofFields sample_fields() {
    return {"kiosk-a1", "0193a1b2-0000-7000-8000-000000000001", "2026-12-02T10:00:00.000Z",
            "00112233445566778899aabbccddeeff", "answer", "We start in January.", kAmbassador};
}

}  // namespace

TEST_CASE("a PIN has 6 to 12 digits") {
    CHECK_FALSE(ambassador::pin_problem("123456"));
    CHECK_FALSE(ambassador::pin_problem("123456789012"));
    CHECK(ambassador::pin_problem("12345"));
    CHECK(ambassador::pin_problem("1234567890123"));
    CHECK(ambassador::pin_problem("12345a"));
    CHECK(ambassador::pin_problem(""));
}

TEST_CASE("the right PIN gives the ambassador's check value and MAC key; a wrong one gives neither") {
    const auto key = ambassador::derive_pin_key("246810", kSalt, kFast);
    const std::string check = ambassador::check_value(key, kAmbassador);
    CHECK(check.size() == 32);
    CHECK(ambassador::check_value(ambassador::derive_pin_key("246810", kSalt, kFast), kAmbassador) == check);
    CHECK(ambassador::check_value(ambassador::derive_pin_key("246811", kSalt, kFast), kAmbassador) != check);
    // Same PIN and salt, another ambassador: another check value and another MAC key.
    const std::string other = "0193a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5c";
    CHECK(ambassador::check_value(key, other) != check);
    CHECK_FALSE(ambassador::mac_key(key, other) == ambassador::mac_key(key, kAmbassador));
    // The check value does not reveal the MAC key: they come from different halves.
    CHECK(ambassador::mac_key_hex(ambassador::mac_key(key, kAmbassador)).find(check) == std::string::npos);
}

TEST_CASE("a proof verifies only for the same key, kiosk, event and fields") {
    const auto mac = ambassador::mac_key(ambassador::derive_pin_key("246810", kSalt, kFast), kAmbassador);
    const auto fields = sample_fields();
    const std::string proof = ambassador::sign(mac, fields);
    CHECK(ambassador::verify(mac, fields, proof));
    auto changed = fields;
    changed.kiosk_id = "kiosk-a2";
    CHECK_FALSE(ambassador::verify(mac, changed, proof));
    changed = fields;
    changed.text = "We start in February.";
    CHECK_FALSE(ambassador::verify(mac, changed, proof));
    changed = fields;
    changed.event_id = "0193a1b2-0000-7000-8000-000000000002";
    CHECK_FALSE(ambassador::verify(mac, changed, proof));
    const auto wrong = ambassador::mac_key(ambassador::derive_pin_key("246811", kSalt, kFast), kAmbassador);
    CHECK_FALSE(ambassador::verify(wrong, fields, proof));
    CHECK_FALSE(ambassador::verify(mac, fields, "not hex"));
}

TEST_CASE("credentials round-trip through JSON and refuse what a kiosk cannot afford") {
    ambassador::Credential c{kAmbassador, "Sanne de Vries", "Assembly", kSalt, std::string(32, 'a'),
                             ambassador::interactive_params(), 42};
    CHECK(ambassador::decode_credential(ambassador::encode(c)) == c);
    c.params.memlimit = 4ull << 30;
    CHECK_THROWS_AS(ambassador::decode_credential(ambassador::encode(c)), ambassador::CredentialError);
    CHECK_THROWS_AS(ambassador::decode_credential("[]"), ambassador::CredentialError);
}

TEST_CASE("pickup codes: 40 random bits, no look-alike symbols, typed input normalised") {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string code = pickup::new_code();
        REQUIRE(code.size() == 8);
        CHECK(code.find_first_of("01IO") == std::string::npos);
        seen.insert(code);
    }
    CHECK(seen.size() == 200);
    CHECK(pickup::format("K7PX4MQ2") == "K7PX-4MQ2");
    CHECK(pickup::normalise("k7px-4mq2") == std::optional<std::string>("K7PX4MQ2"));
    CHECK(pickup::normalise(" K7PX 4MQ2 ") == std::optional<std::string>("K7PX4MQ2"));
    CHECK_FALSE(pickup::normalise("K7PX-4MQ"));
    CHECK_FALSE(pickup::normalise("K7PX-4MQ0"));  // 0 is not a symbol
}

TEST_CASE("a private answer opens only with the code it was sealed to") {
    const auto keys = pickup::derive("K7PX4MQ2");
    CHECK(keys.id.size() == 64);
    CHECK(pickup::derive("K7PX4MQ2").id == keys.id);  // the same on every kiosk
    const auto other = pickup::derive("K7PX4MQ3");
    CHECK(other.id != keys.id);
    const std::string box = pickup::seal("Ask Jan in room 2.", keys.public_key);
    CHECK(box.find("Jan") == std::string::npos);
    CHECK(pickup::open(box, keys) == std::optional<std::string>("Ask Jan in room 2."));
    CHECK_FALSE(pickup::open(box, other));
    CHECK_FALSE(pickup::open(box.substr(0, box.size() - 2), keys));
}

TEST_CASE("moderation and vote payloads follow their schema") {
    events::QuestionModeration m{"00112233445566778899aabbccddeeff", "answer", "Yes.", kAmbassador,
                                 std::string(64, 'b')};
    CHECK(events::decode_question_moderation(events::encode(m)).text == "Yes.");
    m.action = "publish";
    CHECK_THROWS_AS(events::encode(m), events::PayloadError);  // publish carries no text
    m.text = "";
    CHECK_NOTHROW(events::encode(m));
    m.action = "delete";
    CHECK_THROWS_AS(events::encode(m), events::PayloadError);
    CHECK_THROWS_AS(events::canonical_payload("question_vote", R"({"question":"nope"})"), events::PayloadError);
    CHECK(events::canonical_payload("question_vote", R"({"question":"00112233445566778899aabbccddeeff"})") ==
          R"({"question":"00112233445566778899aabbccddeeff"})");
    // Older kiosks send questions without pickup fields; a pickup id without its key is refused.
    CHECK_NOTHROW(events::canonical_payload("question", R"({"text":"Why?"})"));
    CHECK_THROWS_AS(events::canonical_payload("question", R"({"text":"Why?","pickup_id":")" + std::string(64, 'a') + "\"}"),
                    events::PayloadError);
}

TEST_CASE("actions fold in time order: the latest answer wins, dismiss hides, private answers stay private") {
    using questions::State;
    std::vector<questions::Action> actions = {
        {"2026-12-02T10:05:00.000Z", "b", "answer", "Second answer", "Piet"},
        {"2026-12-02T10:00:00.000Z", "a", "answer", "First answer", "Sanne"},
    };
    auto out = questions::fold(actions);
    CHECK(out.state == State::answered);
    CHECK(out.answer == "Second answer");
    CHECK(out.answer_by == "Piet");
    CHECK(out.first_answer_at == "2026-12-02T10:00:00.000Z");
    actions.push_back({"2026-12-02T11:00:00.000Z", "c", "dismiss", "", "Piet"});
    CHECK(questions::fold(actions).state == State::dismissed);
    CHECK(questions::fold({{"t1", "a", "publish", "", "S"}}).state == State::published);
    CHECK(questions::fold({{"t1", "a", "answer_private", "abcd", "S"}}).state == State::answered_privately);
    CHECK(questions::fold({{"t1", "a", "publish", "", "S"}, {"t2", "b", "answer_private", "abcd", "S"}}).state ==
          State::published);
    CHECK(questions::fold({}).state == State::open);
}

TEST_CASE("question views round-trip; public ids hide the event id") {
    questions::View v;
    v.id = questions::public_id("0193a1b2-0000-7000-8000-000000000001");
    v.department = "Assembly";
    v.day = "2026-12-02";
    v.text = "When do we get training?";
    v.state = questions::State::answered;
    v.answer = "In January.";
    v.answer_by = "Sanne";
    v.votes = 3;
    v.revision = 9;
    CHECK(v.id.size() == 32);
    CHECK(questions::decode_view(questions::encode(v)) == v);
    CHECK(questions::is_public(v));
    v.state = questions::State::open;
    CHECK_FALSE(questions::is_public(v));
}

TEST_CASE("the feed carries items, questions and ambassadors in one revision order") {
    FeedResponse feed;
    feed.entries.push_back({FeedSection::item, "i", 1, true, ""});
    feed.entries.push_back({FeedSection::question, "q", 2, true, ""});
    feed.entries.push_back({FeedSection::ambassador, "a", 3, true, ""});
    feed.next_cursor = "3";
    const FeedResponse back = decode_feed(encode_feed(feed));
    REQUIRE(back.entries.size() == 3);
    CHECK(back.entries[0].section == FeedSection::item);
    CHECK(back.entries[1].section == FeedSection::question);
    CHECK(back.entries[2].section == FeedSection::ambassador);
}

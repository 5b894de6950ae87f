// Ambassadors' actions and votes over real HTTP on loopback, on the backend under test: proofs, departments, removed
// ambassadors, asking and answering in one batch, two answers in either order, private answers, votes.
#include "ambassador_test_support.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/pickup_code.hpp"

#include <doctest/doctest.h>

using namespace collector_test;
using floorsync::questions::State;

namespace {

struct Fixture {
    TempDir dir;
    std::string db = fresh_database(dir);
    std::string a1 = add_kiosk(db, "a1", {"Assembly"});
    std::string a2 = add_kiosk(db, "a2", {"Assembly"});
    std::string b1 = add_kiosk(db, "b1", {"Bakery"});
    TestAmbassador anna = add_ambassador(db, "Anna", "Assembly", "482913");
    TestAmbassador bert = add_ambassador(db, "Bert", "Bakery", "661204");
    RunningCollector collector{db};
    std::unique_ptr<httplib::Client> client = collector.client();

    httplib::Result upload(const std::string& token, const std::vector<json>& events) {
        return post_events(*client, token, upload_body(events));
    }
    // Asks a question on a1 and returns its public id.
    std::string ask(const std::string& text, const std::string& department = "Assembly") {
        const json question = question_json("a1", department, text);
        REQUIRE(statuses(upload(a1, {question})) == "stored");
        return public_id_of(question);
    }
};

std::string minutes_ago(int minutes) {
    return floorsync::format_rfc3339_utc(std::chrono::system_clock::now() - std::chrono::minutes(minutes));
}

}  // namespace

TEST_CASE("an answer with a valid proof from another kiosk of the department is stored and answers the question") {
    Fixture f;
    const std::string id = f.ask("Wanneer komt de nieuwe planning?");
    const auto asked = stored_question(f.db, id);
    REQUIRE(asked);
    CHECK(asked->view.state == State::open);
    CHECK(asked->view.department == "Assembly");

    const json answer = moderation_json("a2", f.anna, id, "answer", "Volgende week, op het bord bij de kantine.");
    REQUIRE(statuses(f.upload(f.a2, {answer})) == "stored");
    const auto answered = stored_question(f.db, id);
    REQUIRE(answered);
    CHECK(answered->view.state == State::answered);
    CHECK(answered->view.answer == "Volgende week, op het bord bij de kantine.");
    CHECK(answered->view.answer_by == "Anna");
    CHECK(answered->view.revision > asked->view.revision);
    CHECK(answered->first_answer_at == answer["created_at"].get<std::string>());
    CHECK_FALSE(answered->view.answered_day.empty());

    // A resend is a duplicate and changes nothing.
    CHECK(statuses(f.upload(f.a2, {answer})) == "duplicate");
    CHECK(stored_question(f.db, id)->view.revision == answered->view.revision);
}

TEST_CASE("forged, replayed and misdirected proofs are rejected with a reason, and change nothing") {
    Fixture f;
    const std::string id = f.ask("Waarom is de pauze verschoven?");

    SUBCASE("signed with another key") {
        const auto forged_key = floorsync::ambassador::mac_key(
            floorsync::ambassador::derive_pin_key("000000", f.anna.record.salt, f.anna.record.params), f.anna.record.id);
        const json forged = moderation_json("a2", f.anna, id, "publish", "", {}, &forged_key);
        const auto reply = f.upload(f.a2, {forged});
        REQUIRE(statuses(reply) == "rejected");
        CHECK(error_of(reply, 0).find("payload.proof") != std::string::npos);
    }
    SUBCASE("text changed after signing") {
        json changed = moderation_json("a2", f.anna, id, "answer", "Omdat de bus later komt.");
        changed["payload"]["text"] = "Geen idee, vraag het je chef.";
        CHECK(error_of(f.upload(f.a2, {changed}), 0).find("payload.proof") != std::string::npos);
    }
    SUBCASE("a proof made on another kiosk, uploaded with this kiosk's token") {
        const json copied = moderation_json("a1", f.anna, id, "dismiss", "", {}, nullptr, "a2");
        CHECK(error_of(f.upload(f.a1, {copied}), 0).find("payload.proof") != std::string::npos);
    }
    SUBCASE("a proof replayed under a new event id") {
        json replayed = moderation_json("a2", f.anna, id, "dismiss", "");
        replayed["id"] = floorsync::new_uuid_v7();
        CHECK(error_of(f.upload(f.a2, {replayed}), 0).find("payload.proof") != std::string::npos);
    }
    SUBCASE("an unknown ambassador") {
        TestAmbassador ghost = f.anna;
        ghost.record.id = floorsync::new_uuid_v4();
        CHECK(error_of(f.upload(f.a2, {moderation_json("a2", ghost, id, "publish", "")}), 0).find("unknown or removed") !=
              std::string::npos);
    }
    const auto question = stored_question(f.db, id);
    REQUIRE(question);
    CHECK(question->view.state == State::open);
    CHECK(count_rows(f.db, "SELECT count(*) FROM question_actions") == 0);
}

TEST_CASE("an ambassador of B can never act on A's question, nor through A's kiosks") {
    Fixture f;
    const std::string id = f.ask("Wie beslist over de roosters?");
    // Bert on a Bakery kiosk, on an Assembly question.
    const auto on_b = f.upload(f.b1, {moderation_json("b1", f.bert, id, "dismiss", "")});
    REQUIRE(statuses(on_b) == "rejected");
    CHECK(error_of(on_b, 0).find("payload.question") != std::string::npos);
    // Bert through an Assembly kiosk.
    const auto on_a = f.upload(f.a2, {moderation_json("a2", f.bert, id, "dismiss", "")});
    REQUIRE(statuses(on_a) == "rejected");
    CHECK(error_of(on_a, 0).find("payload.ambassador") != std::string::npos);
    // Anna through a Bakery kiosk.
    CHECK(statuses(f.upload(f.b1, {moderation_json("b1", f.anna, id, "publish", "")})) == "rejected");
    CHECK(stored_question(f.db, id)->view.state == State::open);
}

TEST_CASE("a batch question that collides with a stored one never lends its department to an action") {
    Fixture f;
    const json asked = question_json("a1", "Assembly", "Wie regelt de parkeerplaatsen?");
    REQUIRE(statuses(f.upload(f.a1, {asked})) == "stored");
    const std::string id = public_id_of(asked);
    // A Bakery kiosk sends a question under the stored question's event id (a conflict the writer rejects) and, in
    // the same batch, Bert's action on that id: the stored Assembly question decides, not the batch's copy.
    json collision = question_json("b1", "Bakery", "Een andere vraag");
    collision["id"] = asked["id"];
    REQUIRE(public_id_of(collision) == id);
    const auto reply = f.upload(f.b1, {collision, moderation_json("b1", f.bert, id, "dismiss", "")});
    REQUIRE(statuses(reply) == "rejected,rejected");
    CHECK(error_of(reply, 0).rfind("conflict", 0) == 0);
    CHECK(error_of(reply, 1).find("payload.question") != std::string::npos);
    const auto question = stored_question(f.db, id);
    REQUIRE(question);
    CHECK(question->view.department == "Assembly");
    CHECK(question->view.state == State::open);
    CHECK(count_rows(f.db, "SELECT count(*) FROM question_actions") == 0);
}

TEST_CASE("a removed ambassador is refused at once; a reset PIN refuses the old key and accepts the new one") {
    Fixture f;
    const std::string id = f.ask("Komt er een tweede koffieautomaat?");
    const json signed_before = moderation_json("a2", f.anna, id, "publish", "");

    SUBCASE("reset") {
        const TestAmbassador reset = reset_ambassador_pin(f.db, f.anna.record.id, "730114");
        CHECK(reset.record.revision > f.anna.record.revision);
        CHECK(reset.record.check != f.anna.record.check);
        CHECK(statuses(f.upload(f.a2, {signed_before})) == "rejected");
        CHECK(statuses(f.upload(f.a2, {moderation_json("a2", reset, id, "publish", "")})) == "stored");
        CHECK(stored_question(f.db, id)->view.state == State::published);
    }
    SUBCASE("remove") {
        remove_ambassador(f.db, f.anna.record.id);
        const auto reply = f.upload(f.a2, {signed_before});
        REQUIRE(statuses(reply) == "rejected");
        CHECK(error_of(reply, 0).find("unknown or removed") != std::string::npos);
        CHECK(stored_question(f.db, id)->view.state == State::open);
    }
}

TEST_CASE("a question asked and answered offline on one kiosk arrives in one batch and is answered") {
    Fixture f;
    const json question = question_json("a2", "Assembly", "Mogen we thuiswerken op vrijdag?");
    const std::string id = public_id_of(question);
    const json answer = moderation_json("a2", f.anna, id, "answer", "Ja, na overleg met je team.");
    // The answer first, as an outbox could order them after a clock change: the batch's questions count wherever.
    REQUIRE(statuses(f.upload(f.a2, {answer, question})) == "stored,stored");
    const auto stored = stored_question(f.db, id);
    REQUIRE(stored);
    CHECK(stored->view.state == State::answered);
    CHECK(stored->view.answer == "Ja, na overleg met je team.");
    // An action on a question nobody asked is refused.
    CHECK(statuses(f.upload(f.a2, {moderation_json("a2", f.anna, std::string(32, 'a'), "publish", "")})) == "rejected");
}

TEST_CASE("two answers on two kiosks: the later one shows, both are kept, whatever order they arrive in") {
    Fixture f;
    const TestAmbassador ahmed = add_ambassador(f.db, "Ahmed", "Assembly", "559021");
    const std::string id = f.ask("Hoe vraag ik verlof aan in het nieuwe systeem?");
    const json earlier = moderation_json("a1", f.anna, id, "answer", "Via het portaal.", minutes_ago(30));
    const json later = moderation_json("a2", ahmed, id, "answer", "Via het portaal, menu Verlof.", minutes_ago(5));

    SUBCASE("in order") {
        REQUIRE(statuses(f.upload(f.a1, {earlier})) == "stored");
        REQUIRE(statuses(f.upload(f.a2, {later})) == "stored");
    }
    SUBCASE("the older one arrives last (its kiosk was offline)") {
        REQUIRE(statuses(f.upload(f.a2, {later})) == "stored");
        REQUIRE(statuses(f.upload(f.a1, {earlier})) == "stored");
    }
    const auto stored = stored_question(f.db, id);
    REQUIRE(stored);
    CHECK(stored->view.answer == "Via het portaal, menu Verlof.");
    CHECK(stored->view.answer_by == "Ahmed");
    CHECK(stored->first_answer_at == earlier["created_at"].get<std::string>());
    CHECK(count_rows(f.db, "SELECT count(*) FROM question_actions WHERE action = 'answer'") == 2);
    const auto storage = floorsync::collector::open_storage(f.db);
    const auto actions = storage->open_questions()->actions();
    REQUIRE(actions.size() == 2);
    CHECK(actions[0].by == "Anna");
    CHECK(actions[0].text == "Via het portaal.");
    CHECK(actions[1].by == "Ahmed");
}

TEST_CASE("a private answer needs a pickup code, and is stored only sealed") {
    Fixture f;
    const std::string code = floorsync::pickup::new_code();
    const auto keys = floorsync::pickup::derive(code);
    const json with_code = question_with_pickup_json("a1", "Assembly", "Krijg ik mijn overuren uitbetaald?", keys.id,
                                                     keys.public_key);
    REQUIRE(statuses(f.upload(f.a1, {with_code})) == "stored");
    const std::string without_code = f.ask("Is mijn contract verlengd?");

    const std::string sealed = floorsync::pickup::seal("Ja, in de maand maart.", keys.public_key);
    const auto refused = f.upload(f.a2, {moderation_json("a2", f.anna, without_code, "answer_private", sealed)});
    REQUIRE(statuses(refused) == "rejected");
    CHECK(error_of(refused, 0).find("pickup code") != std::string::npos);

    REQUIRE(statuses(f.upload(f.a2, {moderation_json("a2", f.anna, public_id_of(with_code), "answer_private", sealed)})) ==
            "stored");
    const auto stored = stored_question(f.db, public_id_of(with_code));
    REQUIRE(stored);
    CHECK(stored->view.state == State::answered_privately);
    CHECK(stored->view.answer.empty());
    CHECK(stored->view.pickup_id == keys.id);
    CHECK(floorsync::pickup::open(stored->view.answer_sealed, keys) == "Ja, in de maand maart.");
    CHECK(count_rows(f.db, "SELECT count(*) FROM question_actions WHERE text LIKE '%maart%'") == 0);
}

TEST_CASE("votes count once each, from kiosks that may see the question") {
    Fixture f;
    const std::string id = f.ask("Komt er een fietsenstalling?");
    const std::string everyone = f.ask("Wanneer is het personeelsfeest?", "");
    REQUIRE(statuses(f.upload(f.a2, {vote_json("a2", "Assembly", id), vote_json("a2", "", id)})) == "stored,stored");
    const json vote = vote_json("a1", "", id);
    REQUIRE(statuses(f.upload(f.a1, {vote, vote})) == "stored,duplicate");
    CHECK(stored_question(f.db, id)->view.votes == 3);

    const auto from_b = f.upload(f.b1, {vote_json("b1", "Bakery", id)});
    REQUIRE(statuses(from_b) == "rejected");
    CHECK(error_of(from_b, 0).find("payload.question") != std::string::npos);
    CHECK(statuses(f.upload(f.b1, {vote_json("b1", "", std::string(32, 'b'))})) == "rejected");
    CHECK(statuses(f.upload(f.b1, {vote_json("b1", "", everyone)})) == "stored");  // organisation-wide
    CHECK(stored_question(f.db, id)->view.votes == 3);
    CHECK(stored_question(f.db, everyone)->view.votes == 1);
}

TEST_CASE("publish, dismiss and a later answer: the fold decides the state") {
    Fixture f;
    const std::string id = f.ask("Wie is mijn aanspreekpunt?");
    REQUIRE(statuses(f.upload(f.a2, {moderation_json("a2", f.anna, id, "publish", "", minutes_ago(20))})) == "stored");
    CHECK(stored_question(f.db, id)->view.state == State::published);
    REQUIRE(statuses(f.upload(f.a2, {moderation_json("a2", f.anna, id, "dismiss", "", minutes_ago(10))})) == "stored");
    CHECK(stored_question(f.db, id)->view.state == State::dismissed);
    REQUIRE(statuses(f.upload(f.a1, {moderation_json("a1", f.anna, id, "answer", "Je teamleider.", minutes_ago(1))})) ==
            "stored");
    CHECK(stored_question(f.db, id)->view.state == State::answered);
}

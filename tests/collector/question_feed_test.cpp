// Questions and ambassador credentials in GET /api/v1/feed over real HTTP on loopback, on the backend under test: only
// the kiosk's departments, in every state; credentials without keys; removal and reset; department changes; 304.
#include "ambassador_test_support.hpp"
#include "raw_http.hpp"

#include "sync/shared/protocol.hpp"
#include "sync/shared/question_view.hpp"

#include <doctest/doctest.h>

using namespace collector_test;
using floorsync::FeedEntry;
using floorsync::FeedResponse;
using floorsync::FeedSection;

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

    httplib::Result get(const std::string& token, const std::string& since) {
        return client->Get("/api/v1/feed?since=" + since, bearer(token));
    }
    // Follows `more` to the end; the body of every page is kept in `bodies`.
    FeedResponse poll(const std::string& token, const std::string& since, std::string* bodies = nullptr) {
        FeedResponse all;
        std::string cursor = since;
        while (true) {
            const auto reply = get(token, cursor);
            REQUIRE(reply);
            REQUIRE_MESSAGE(reply->status == 200, reply->body);
            if (bodies != nullptr) *bodies += reply->body;
            FeedResponse page = floorsync::decode_feed(reply->body);
            for (auto& entry : page.entries) all.entries.push_back(std::move(entry));
            cursor = all.next_cursor = page.next_cursor;
            if (!page.more) return all;
        }
    }
    void upload(const std::string& token, const std::vector<json>& events, const std::string& expected) {
        REQUIRE(statuses(post_events(*client, token, upload_body(events))) == expected);
    }
};

std::vector<const FeedEntry*> of(const FeedResponse& feed, FeedSection section) {
    std::vector<const FeedEntry*> entries;
    for (const auto& entry : feed.entries)
        if (entry.section == section) entries.push_back(&entry);
    return entries;
}

}  // namespace

TEST_CASE("a question reaches every kiosk of its department in every state, and never another department's") {
    Fixture f;
    const json question = question_json("a1", "Assembly", "Waarom draait lijn 3 in het weekend?");
    const std::string id = public_id_of(question);
    f.upload(f.a1, {question}, "stored");

    const auto a2 = f.poll(f.a2, "0");
    const auto questions = of(a2, FeedSection::question);
    REQUIRE(questions.size() == 1);
    const auto view = floorsync::questions::decode_view(questions[0]->json);
    CHECK(view.id == id);
    CHECK(view.state == floorsync::questions::State::open);
    CHECK(view.text == "Waarom draait lijn 3 in het weekend?");
    CHECK(view.department == "Assembly");
    // Nothing that names the kiosk or the exact time.
    const json sent = json::parse(questions[0]->json);
    for (const auto& field : sent.items()) CHECK(field.value() != "a1");
    CHECK(questions[0]->json.find(question["id"].get<std::string>()) == std::string::npos);
    CHECK(questions[0]->json.find(question["created_at"].get<std::string>()) == std::string::npos);

    std::string b_bodies;
    const auto b = f.poll(f.b1, "0", &b_bodies);
    CHECK(of(b, FeedSection::question).empty());
    const std::string b_cursor = b.next_cursor;

    // Dismissed: still sent to A (the ambassador view shows it), still never to B, not even as a tombstone.
    f.upload(f.a2, {moderation_json("a2", f.anna, id, "dismiss", "")}, "stored");
    const auto a_after = f.poll(f.a2, a2.next_cursor);
    REQUIRE(of(a_after, FeedSection::question).size() == 1);
    CHECK(floorsync::questions::decode_view(of(a_after, FeedSection::question)[0]->json).state ==
          floorsync::questions::State::dismissed);
    const auto b_after = f.poll(f.b1, b_cursor, &b_bodies);
    CHECK(b_after.entries.empty());
    CHECK(b_after.next_cursor == a_after.next_cursor);  // B's cursor moves on past A's changes
    CHECK(b_bodies.find(id) == std::string::npos);
    CHECK(b_bodies.find("lijn 3") == std::string::npos);
}

TEST_CASE("organisation-wide questions reach every kiosk only once public; until then a tombstone or nothing") {
    Fixture f;
    const json everyone = question_json("a1", "", "Komt er een kerstborrel?");
    f.upload(f.a1, {everyone}, "stored");
    // New: on a first poll nothing, on an incremental poll a tombstone (there is nothing to show).
    CHECK(of(f.poll(f.b1, "0"), FeedSection::question).empty());
    const auto incremental = f.poll(f.b1, "1");
    const auto entries = of(incremental, FeedSection::question);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0]->withdrawn);
    CHECK(entries[0]->id == public_id_of(everyone));
}

TEST_CASE("credentials reach only their department's kiosks, never with the MAC key; remove and reset follow") {
    Fixture f;
    std::string bodies;
    const auto a = f.poll(f.a1, "0", &bodies);
    const auto credentials = of(a, FeedSection::ambassador);
    REQUIRE(credentials.size() == 1);
    const auto credential = floorsync::ambassador::decode_credential(credentials[0]->json);
    CHECK(credential.id == f.anna.record.id);
    CHECK(credential.name == "Anna");
    CHECK(credential.department == "Assembly");
    CHECK(credential.salt == f.anna.record.salt);
    CHECK(credential.check == f.anna.record.check);
    CHECK(credential.params == floorsync::ambassador::interactive_params());
    CHECK(credential.revision == f.anna.record.revision);
    CHECK(bodies.find(f.anna.record.mac_key) == std::string::npos);
    CHECK(bodies.find(f.bert.record.id) == std::string::npos);

    const auto b = f.poll(f.b1, "0");
    REQUIRE(of(b, FeedSection::ambassador).size() == 1);
    CHECK(of(b, FeedSection::ambassador)[0]->id == f.bert.record.id);

    // A new PIN: the credential again, under a new revision with the new check value.
    const TestAmbassador reset = reset_ambassador_pin(f.db, f.anna.record.id, "905517");
    const auto after_reset = f.poll(f.a1, a.next_cursor);
    REQUIRE(of(after_reset, FeedSection::ambassador).size() == 1);
    const auto renewed = floorsync::ambassador::decode_credential(of(after_reset, FeedSection::ambassador)[0]->json);
    CHECK(renewed.revision == reset.record.revision);
    CHECK(renewed.revision > credential.revision);
    CHECK(renewed.check == reset.record.check);
    CHECK(renewed.check != credential.check);
    CHECK(f.poll(f.b1, b.next_cursor).entries.empty());

    // Removed: a tombstone for A's kiosks; B hears nothing of it.
    remove_ambassador(f.db, f.anna.record.id);
    const auto after_remove = f.poll(f.a1, after_reset.next_cursor);
    REQUIRE(of(after_remove, FeedSection::ambassador).size() == 1);
    CHECK(of(after_remove, FeedSection::ambassador)[0]->withdrawn);
    CHECK(of(after_remove, FeedSection::ambassador)[0]->id == f.anna.record.id);
    CHECK(f.poll(f.b1, b.next_cursor).entries.empty());
    CHECK(of(f.poll(f.a1, "0"), FeedSection::ambassador).empty());  // a first poll holds no removed ones
}

TEST_CASE("answers, votes and credentials move the one cursor; an unchanged poll stays a 304") {
    Fixture f;
    const json question = question_json("a1", "Assembly", "Waar vind ik de nieuwe werkinstructies?");
    f.upload(f.a1, {question}, "stored");
    const auto first = f.poll(f.a1, "0");
    const std::string cursor = first.next_cursor;

    // Raw HTTP, as in feed_test: a 304 has no body and no Content-Length.
    RawConnection connection(f.collector.port());
    REQUIRE(connection.connected());
    const auto conditional = [&] {
        REQUIRE(connection.send("GET /api/v1/feed?since=" + cursor + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                f.a1 + "\r\nIf-None-Match: \"feed-" + cursor + "\"\r\n\r\n"));
        return connection.read_reply();
    };
    CHECK(conditional().status == 304);

    f.upload(f.a2, {moderation_json("a2", f.anna, public_id_of(question), "answer", "In de map op het intranet."),
                    vote_json("a2", "Assembly", public_id_of(question))},
             "stored,stored");
    const RawReply changed = conditional();
    REQUIRE(changed.status == 200);
    const auto page = floorsync::decode_feed(changed.body);
    REQUIRE(page.entries.size() == 1);  // the question once, at its latest revision
    const auto view = floorsync::questions::decode_view(page.entries[0].json);
    CHECK(view.state == floorsync::questions::State::answered);
    CHECK(view.answer == "In de map op het intranet.");
    CHECK(view.answer_by == "Anna");
    CHECK(view.votes == 1);
    CHECK(page.next_cursor == std::to_string(view.revision));
}

TEST_CASE("a kiosk that gains a department gets its questions and credentials with its next poll") {
    Fixture f;
    const json question = question_json("a1", "Assembly", "Hoe werkt de nieuwe prikklok?");
    f.upload(f.a1, {question}, "stored");
    const auto before = f.poll(f.b1, "0");
    CHECK(of(before, FeedSection::question).empty());

    TestRegistry registry(f.db);
    CHECK(registry->set_departments("b1", {"Bakery", "Assembly"}) == 2);  // the question and Anna's credential
    const auto after = f.poll(f.b1, before.next_cursor);
    REQUIRE(of(after, FeedSection::question).size() == 1);
    CHECK(of(after, FeedSection::question)[0]->id == public_id_of(question));
    REQUIRE(of(after, FeedSection::ambassador).size() == 1);
    CHECK(of(after, FeedSection::ambassador)[0]->id == f.anna.record.id);
    // The other Assembly kiosks just get them again, unchanged.
    const auto again = f.poll(f.a2, "0");
    CHECK(of(again, FeedSection::question).size() == 1);
}

TEST_CASE("pages hold at most 100 entries of all sections together, in revision order") {
    Fixture f;
    std::vector<json> asked;
    for (int i = 0; i < 120; ++i) asked.push_back(question_json("a1", "Assembly", "Vraag nummer " + std::to_string(i)));
    f.upload(f.a1, asked, [] {
        std::string all;
        for (int i = 0; i < 120; ++i) all += i == 0 ? "stored" : ",stored";
        return all;
    }());
    const auto first = f.get(f.a2, "0");
    REQUIRE(first);
    const auto page = floorsync::decode_feed(first->body);
    CHECK(page.more);
    CHECK(page.entries.size() == 100);  // Anna's credential and the first 99 questions
    CHECK(page.entries[0].section == FeedSection::ambassador);
    for (std::size_t i = 1; i < page.entries.size(); ++i) CHECK(page.entries[i].revision > page.entries[i - 1].revision);
    CHECK(page.next_cursor == std::to_string(page.entries.back().revision));
    const auto rest = f.poll(f.a2, page.next_cursor);
    CHECK(of(rest, FeedSection::question).size() == 21);
    CHECK(f.poll(f.b1, "0").entries.size() == 1);  // Bert's credential only
}

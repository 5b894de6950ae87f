// The feed reader's questions and ambassadors sections with the real libcurl client and a real SQLite store against
// a fake collector on 127.0.0.1: applied with the items, tombstones, malformed entries, the feed's sync time.
#include "sync/feed_reader.hpp"
#include "sync/store.hpp"
#include "feed_test_support.hpp"
#include "sync_test_support.hpp"

#include "common/sample_questions.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

using namespace floorsync;
using namespace sync_test;

namespace {

struct FeedRig {
    TempDir dir;
    FakeFeedCollector collector{"feed-token"};
    Store store{dir.file("kiosk.db")};
    SyncSettings settings = quick_sync_settings(collector.url(), "feed-token");
    HttpClient client{http_client_settings(settings)};

    FeedResult poll() { return FeedReader(store, client, settings).poll(); }

    std::int64_t publish(questions::View view) {
        return collector.publish_in(FeedSection::question, view.id, questions::encode(view));
    }
    std::int64_t publish(const ambassador::Credential& credential) {
        return collector.publish_in(FeedSection::ambassador, credential.id, ambassador::encode(credential));
    }
};

// What the store holds after a poll, with the revisions the fake collector gave.
questions::View with_revision(questions::View view, std::int64_t revision) {
    view.revision = revision;
    return view;
}
ambassador::Credential with_revision(ambassador::Credential credential, std::int64_t revision) {
    credential.revision = revision;
    return credential;
}

}  // namespace

TEST_CASE("feed questions: questions and credentials arrive with the items in one poll, in revision order") {
    FeedRig rig;
    rig.collector.set_page_size(2);  // three pages: the sections share pages and the cursor
    const auto question = kiosk_test::make_question(1, "warehouse", "Waarom zo vroeg?");
    const auto anna = kiosk_test::make_credential(1, "Anna", "warehouse", "135791");
    const auto answered = kiosk_test::answered(kiosk_test::make_question(2, "warehouse", "Koffie?"), "Ja", "Anna");
    const std::int64_t r1 = rig.publish(question);
    rig.collector.publish(make_announcement("Nieuws"));
    const std::int64_t r3 = rig.publish(anna);
    const std::int64_t r4 = rig.publish(answered);
    const auto before = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    const FeedResult result = rig.poll();
    const auto after = std::chrono::system_clock::now();
    CHECK(result.succeeded());
    CHECK(result.changed);
    CHECK(result.pages == 2);
    CHECK(result.items_changed == 1);
    CHECK(result.questions_changed == 2);
    CHECK(result.ambassadors_changed == 1);
    CHECK(rig.store.cached_questions() ==
          std::vector<questions::View>{with_revision(question, r1), with_revision(answered, r4)});
    CHECK(rig.store.cached_ambassadors() == std::vector<ambassador::Credential>{with_revision(anna, r3)});
    CHECK(rig.store.content_items().size() == 1);
    CHECK(rig.store.feed_cursor() == "4");
    // The poll read the feed to its end: it says since when the cache reflects every confirmed event.
    const auto synced = parse_rfc3339(rig.store.feed_synced_at());
    REQUIRE(synced);
    CHECK(*synced >= before);
    CHECK(*synced <= after);
}

TEST_CASE("feed questions: tombstones remove a question and a credential; a reset PIN replaces the credential") {
    FeedRig rig;
    const auto question = kiosk_test::make_question(1, "warehouse", "Verdwijnt");
    const auto anna = kiosk_test::make_credential(1, "Anna", "warehouse", "135791");
    const auto bo = kiosk_test::make_credential(2, "Bo", "warehouse", "246802");
    rig.publish(question);
    rig.publish(anna);
    rig.publish(bo);
    REQUIRE(rig.poll().succeeded());
    REQUIRE(rig.store.cached_ambassadors().size() == 2);

    rig.collector.withdraw(question.id, FeedSection::question);
    rig.collector.withdraw(bo.id, FeedSection::ambassador);
    const auto anna_reset = kiosk_test::make_credential(1, "Anna", "warehouse", "999999");
    const std::int64_t revision = rig.publish(anna_reset);
    const FeedResult result = rig.poll();
    CHECK(result.succeeded());
    CHECK(result.questions_changed == 1);
    CHECK(result.ambassadors_changed == 2);
    CHECK(rig.store.cached_questions().empty());
    CHECK(rig.store.cached_ambassadors() == std::vector<ambassador::Credential>{with_revision(anna_reset, revision)});

    // A tombstone in one section leaves an entry of the same id in another alone.
    const content::Item item = make_announcement("Blijft");
    rig.collector.publish(item);
    rig.collector.withdraw(item.id, FeedSection::question);
    REQUIRE(rig.poll().succeeded());
    CHECK(rig.store.content_items().size() == 1);
}

TEST_CASE("feed questions: a question or credential that does not decode refuses the whole page, naming it") {
    FeedRig rig;
    rig.collector.publish(make_announcement("Goed"));
    const auto question = kiosk_test::make_question(1, "warehouse", "Goede vraag");
    rig.publish(question);

    SUBCASE("a question") {
        nlohmann::json bad = nlohmann::json::parse(questions::encode(kiosk_test::make_question(2, "warehouse", "x")));
        bad["state"] = "pending";
        rig.collector.publish_in(FeedSection::question, bad["id"], bad.dump());
        const FeedResult result = rig.poll();
        CHECK(result.outcome == PassOutcome::bad_answer);
        CHECK(result.error.find("questions") != std::string::npos);
        CHECK(result.error.find(bad["id"].get<std::string>()) != std::string::npos);
        CHECK(result.error.find("state") != std::string::npos);
    }
    SUBCASE("a credential") {
        auto anna = kiosk_test::make_credential(1, "Anna", "warehouse", "135791");
        nlohmann::json bad = nlohmann::json::parse(ambassador::encode(anna));
        bad["salt"] = "not hex";
        rig.collector.publish_in(FeedSection::ambassador, anna.id, bad.dump());
        const FeedResult result = rig.poll();
        CHECK(result.outcome == PassOutcome::bad_answer);
        CHECK(result.error.find("ambassadors") != std::string::npos);
        CHECK(result.error.find(anna.id) != std::string::npos);
    }
    // Nothing of that page was applied: not the good question, not the item, not the cursor.
    CHECK(rig.store.cached_questions().empty());
    CHECK(rig.store.content_items().empty());
    CHECK(rig.store.feed_cursor().empty());
    CHECK(rig.store.feed_synced_at().empty());
}

TEST_CASE("feed questions: a 304 also says the cache is in sync; an unfinished poll does not") {
    FeedRig rig;
    rig.publish(kiosk_test::make_question(1, "warehouse", "Eerste"));
    REQUIRE(rig.poll().succeeded());
    const std::string first = rig.store.feed_synced_at();
    REQUIRE_FALSE(first.empty());

    // The next poll gets 304, and moves the time on (never back).
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const FeedResult unchanged = rig.poll();
    CHECK(unchanged.up_to_date);
    CHECK(rig.store.feed_synced_at() > first);

    // More pages than one poll reads: the time stays until a poll reaches the end.
    const std::string settled = rig.store.feed_synced_at();
    rig.collector.set_page_size(1);
    for (int i = 0; i < FeedReader::kMaxPagesPerPoll + 1; ++i)
        rig.publish(kiosk_test::make_question(10 + i, "warehouse", "Vraag " + std::to_string(i)));
    const FeedResult partial = rig.poll();
    CHECK(partial.succeeded());
    CHECK_FALSE(partial.complete);
    CHECK(rig.store.feed_synced_at() == settled);
    const FeedResult rest = rig.poll();
    CHECK(rest.complete);
    CHECK(rig.store.feed_synced_at() > settled);
    CHECK(rig.store.cached_questions().size() == 1 + FeedReader::kMaxPagesPerPoll + 1);
}

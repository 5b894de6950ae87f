// The feed reader with the real libcurl client and a real SQLite store against a fake collector on 127.0.0.1.
#include "sync/feed_reader.hpp"
#include "sync/store.hpp"
#include "feed_test_support.hpp"
#include "sync_test_support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace floorsync;
using namespace sync_test;

namespace {

// A kiosk database, the fake collector and a reader over both.
struct FeedRig {
    TempDir dir;
    FakeFeedCollector collector{"feed-token"};
    Store store{dir.file("kiosk.db")};
    SyncSettings settings = quick_sync_settings(collector.url(), "feed-token");
    HttpClient client{http_client_settings(settings)};

    FeedResult poll() { return FeedReader(store, client, settings).poll(); }

    std::vector<std::string> cached_ids() {
        std::vector<std::string> ids;
        for (const content::Item& item : store.content_items()) ids.push_back(item.id);
        std::sort(ids.begin(), ids.end());
        return ids;
    }
};

std::vector<std::string> sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

}  // namespace

TEST_CASE("feed: the first poll fetches every published item and stores it with the cursor and ETag") {
    FeedRig rig;
    const content::Item news = make_announcement("Nieuwe planning");
    const content::Item training = make_training("Training kassa", "Zaal 2");
    rig.collector.publish(news);
    rig.collector.publish(training);

    const FeedResult result = rig.poll();
    CHECK(result.succeeded());
    CHECK(result.error.empty());
    CHECK(result.changed);
    CHECK(result.items_changed == 2);
    CHECK(result.pages == 1);
    CHECK(result.complete);
    CHECK(result.http_status == 200);

    const auto items = rig.store.content_items();
    REQUIRE(items.size() == 2);
    CHECK(items[0].id == news.id);
    CHECK(items[0].revision == 1);
    CHECK(items[0].translations.at("nl").title == "Nieuwe planning");
    CHECK(items[1].id == training.id);
    CHECK(items[1].kind == content::Kind::training);
    CHECK(items[1].place == "Zaal 2");
    CHECK(rig.store.feed_cursor() == "2");
    CHECK(rig.store.feed_etag() == "\"feed-2\"");

    const auto requests = rig.collector.feed_requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].since.empty());
    CHECK(requests[0].if_none_match.empty());
}

TEST_CASE("feed: pages follow one another until more is false, each from the previous next_cursor") {
    FeedRig rig;
    rig.collector.set_page_size(2);
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        const content::Item item = make_announcement("Bericht " + std::to_string(i));
        ids.push_back(item.id);
        rig.collector.publish(item);
    }
    const FeedResult result = rig.poll();
    CHECK(result.succeeded());
    CHECK(result.pages == 3);
    CHECK(result.items_changed == 5);
    CHECK(rig.cached_ids() == sorted(ids));
    CHECK(rig.store.feed_cursor() == "5");
    CHECK(rig.store.feed_etag() == "\"feed-5\"");

    const auto requests = rig.collector.feed_requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].since.empty());
    CHECK(requests[1].since == "2");
    CHECK(requests[2].since == "4");
    // A page with more to follow has no ETag, so the next request of the poll is not conditional.
    CHECK(requests[1].if_none_match.empty());
    CHECK(requests[2].if_none_match.empty());
}

TEST_CASE("feed: a tombstone removes the cached item, an edit replaces it") {
    FeedRig rig;
    content::Item keep = make_announcement("Blijft");
    const content::Item gone = make_announcement("Verdwijnt");
    rig.collector.publish(keep);
    rig.collector.publish(gone);
    REQUIRE(rig.poll().succeeded());
    REQUIRE(rig.store.content_items().size() == 2);

    rig.collector.withdraw(gone.id);
    keep.translations["nl"].title = "Blijft, aangepast";
    rig.collector.publish(keep);
    const FeedResult result = rig.poll();
    CHECK(result.succeeded());
    CHECK(result.changed);
    CHECK(result.items_changed == 2);
    const auto items = rig.store.content_items();
    REQUIRE(items.size() == 1);
    CHECK(items[0].id == keep.id);
    CHECK(items[0].revision == 4);
    CHECK(items[0].translations.at("nl").title == "Blijft, aangepast");
    CHECK(rig.store.feed_cursor() == "4");

    // A tombstone for an id this kiosk never had is no error.
    rig.collector.withdraw(new_uuid_v4());
    const FeedResult unknown_tombstone = rig.poll();
    CHECK(unknown_tombstone.succeeded());
    CHECK_FALSE(unknown_tombstone.changed);
    CHECK(rig.store.feed_cursor() == "5");
}

TEST_CASE("feed: the stored ETag goes out as If-None-Match, and 304 changes nothing") {
    FeedRig rig;
    rig.collector.publish(make_announcement("Eén"));
    rig.collector.publish(make_announcement("Twee"));
    REQUIRE(rig.poll().succeeded());
    const auto before = rig.store.content_items();

    const FeedResult unchanged = rig.poll();
    CHECK(unchanged.succeeded());
    CHECK(unchanged.up_to_date);
    CHECK_FALSE(unchanged.changed);
    CHECK(unchanged.pages == 0);
    CHECK(unchanged.http_status == 304);
    auto requests = rig.collector.feed_requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[1].since == "2");
    CHECK(requests[1].if_none_match == "\"feed-2\"");
    CHECK(requests[1].status == 304);
    CHECK(rig.store.content_items() == before);
    CHECK(rig.store.feed_cursor() == "2");
    CHECK(rig.store.feed_etag() == "\"feed-2\"");

    // Once something is published the ETag no longer matches and the new item comes.
    const content::Item third = make_announcement("Drie");
    rig.collector.publish(third);
    const FeedResult fresh = rig.poll();
    CHECK(fresh.succeeded());
    CHECK(fresh.changed);
    CHECK_FALSE(fresh.up_to_date);
    CHECK(rig.store.content_items().size() == 3);
    CHECK(rig.store.feed_etag() == "\"feed-3\"");
    requests = rig.collector.feed_requests();
    CHECK(requests.back().if_none_match == "\"feed-2\"");
    CHECK(requests.back().status == 200);
}

TEST_CASE("feed: a reply that is not protocol v1 is refused; nothing changes and the cursor stays") {
    FeedRig rig;
    const content::Item first = make_announcement("Eerst");
    rig.collector.publish(first);
    REQUIRE(rig.poll().succeeded());
    rig.collector.publish(make_announcement("Later"));

    for (const char* body : {R"({"items": 5, "next_cursor": "9"})", R"({"items": [], "next_cursor": "x1"})",
                             "<html>proxy error</html>", R"({"items": [], "next_cursor": "1", "more": true})"}) {
        CAPTURE(body);
        rig.collector.set_feed_body(std::string(body));
        const FeedResult result = rig.poll();
        CHECK(result.outcome == PassOutcome::bad_answer);
        CHECK_FALSE(result.changed);
        CHECK_FALSE(result.error.empty());
        CHECK(rig.store.feed_cursor() == "1");
        CHECK(rig.store.feed_etag() == "\"feed-1\"");
        REQUIRE(rig.store.content_items().size() == 1);
    }
    rig.collector.set_feed_body(R"({"items": [], "next_cursor": "1", "more": true})");
    CHECK(rig.poll().error.find("did not move") != std::string::npos);
    rig.collector.set_feed_body(R"({"items": 5, "next_cursor": "9"})");
    CHECK(rig.poll().error.find("not protocol v1") != std::string::npos);

    rig.collector.set_feed_body(std::nullopt);
    CHECK(rig.poll().succeeded());
    CHECK(rig.store.content_items().size() == 2);
}

TEST_CASE("feed: one entry that does not decode refuses the whole page, naming the entry and the field") {
    FeedRig rig;
    rig.collector.publish(make_announcement("Goed"));
    const std::string bad_id = new_uuid_v4();
    rig.collector.publish_raw(bad_id, R"({"id": ")" + bad_id +
                                          R"(", "kind": "announcement", "default_language": "nl",
                                              "translations": {"nl": {"body": "geen titel"}}})");
    const FeedResult result = rig.poll();
    CHECK(result.outcome == PassOutcome::bad_answer);
    CHECK_FALSE(result.changed);
    CHECK(result.error.find("entry 1") != std::string::npos);
    CHECK(result.error.find(bad_id) != std::string::npos);
    CHECK(result.error.find("translations.nl.title") != std::string::npos);
    CHECK(rig.store.content_items().empty());  // the good entry of that page is not applied either
    CHECK(rig.store.feed_cursor().empty());

    // The collector fixes the item: the next poll takes the whole page.
    content::Item fixed = make_announcement("Nu met titel");
    fixed.id = bad_id;
    rig.collector.publish(fixed);
    const FeedResult again = rig.poll();
    CHECK(again.succeeded());
    CHECK(rig.store.content_items().size() == 2);
    CHECK(rig.store.feed_cursor() == "3");
}

TEST_CASE("feed: an entry of a kind this kiosk does not know is skipped and the cursor moves past it") {
    FeedRig rig;
    const content::Item known = make_announcement("Bekend");
    rig.collector.publish(known);
    const std::string poll_id = new_uuid_v4();
    rig.collector.publish_raw(poll_id, R"({"id": ")" + poll_id +
                                           R"(", "kind": "poll", "question": "Koffie of thee?"})");
    const FeedResult result = rig.poll();
    CHECK(result.succeeded());
    CHECK(result.skipped == 1);
    CHECK(result.items_changed == 1);
    CHECK(rig.cached_ids() == std::vector<std::string>{known.id});
    CHECK(rig.store.feed_cursor() == "2");

    // An id the collector now publishes as an unknown kind is no longer the cached item: it goes.
    rig.collector.publish_raw(known.id, R"({"id": ")" + known.id + R"(", "kind": "survey"})");
    const FeedResult replaced = rig.poll();
    CHECK(replaced.succeeded());
    CHECK(replaced.skipped == 1);
    CHECK(replaced.changed);
    CHECK(rig.store.content_items().empty());
}

TEST_CASE("feed: refused token, busy collector and no collector are classified as for uploads") {
    FeedRig rig;
    rig.collector.publish(make_announcement("Eén"));

    SyncSettings wrong = rig.settings;
    wrong.token = "not-the-token";
    const FeedResult refused = FeedReader(rig.store, rig.client, wrong).poll();
    CHECK(refused.outcome == PassOutcome::unauthorized);
    CHECK(refused.http_status == 401);
    CHECK(refused.error.find("kiosk token refused") != std::string::npos);

    rig.collector.script_feed_failures({503}, "17");
    const FeedResult busy = rig.poll();
    CHECK(busy.outcome == PassOutcome::server_busy);
    CHECK(busy.retry_after == "17");
    CHECK(rig.store.content_items().empty());
    CHECK(rig.store.feed_cursor().empty());

    rig.collector.script_feed_failures({500});
    CHECK(rig.poll().outcome == PassOutcome::server_error);

    SyncSettings nowhere = rig.settings;
    nowhere.collector_url = "http://127.0.0.1:" + std::to_string(free_loopback_port());
    const FeedResult offline = FeedReader(rig.store, rig.client, nowhere).poll();
    CHECK(offline.outcome == PassOutcome::offline);
    CHECK_FALSE(offline.error.empty());

    CHECK(rig.poll().succeeded());
    CHECK(rig.store.content_items().size() == 1);
}

TEST_CASE("feed: one poll reads at most kMaxPagesPerPoll pages; the next poll goes on from there") {
    FeedRig rig;
    rig.collector.set_page_size(1);
    const int published = FeedReader::kMaxPagesPerPoll + 5;
    for (int i = 0; i < published; ++i) rig.collector.publish(make_announcement("Bericht " + std::to_string(i)));

    const FeedResult first = rig.poll();
    CHECK(first.succeeded());
    CHECK_FALSE(first.complete);
    CHECK(first.pages == FeedReader::kMaxPagesPerPoll);
    CHECK(rig.store.content_items().size() == static_cast<std::size_t>(FeedReader::kMaxPagesPerPoll));
    CHECK(rig.store.feed_cursor() == std::to_string(FeedReader::kMaxPagesPerPoll));

    const FeedResult second = rig.poll();
    CHECK(second.succeeded());
    CHECK(second.complete);
    CHECK(second.pages == 5);
    CHECK(rig.store.content_items().size() == static_cast<std::size_t>(published));
}

TEST_CASE("feed: check() tells whether the collector answers and whether new content waits, and applies nothing") {
    FeedRig rig;
    rig.collector.publish(make_announcement("Eén"));
    const FeedResult waiting = FeedReader(rig.store, rig.client, rig.settings).check();
    CHECK(waiting.succeeded());
    CHECK_FALSE(waiting.up_to_date);
    CHECK(rig.store.content_items().empty());
    CHECK(rig.store.feed_cursor().empty());

    REQUIRE(rig.poll().succeeded());
    const FeedResult current = FeedReader(rig.store, rig.client, rig.settings).check();
    CHECK(current.succeeded());
    CHECK(current.up_to_date);
    CHECK(current.http_status == 304);
}

TEST_CASE("feed: the content survives a restart of the kiosk (a new store connection on the same file)") {
    TempDir dir;
    FakeFeedCollector collector("t");
    const content::Item item = make_training("Training", "Kantine");
    collector.publish(item);
    const SyncSettings settings = quick_sync_settings(collector.url(), "t");
    {
        Store store(dir.file("kiosk.db"));
        HttpClient client(http_client_settings(settings));
        REQUIRE(FeedReader(store, client, settings).poll().succeeded());
    }
    Store reopened(dir.file("kiosk.db"));
    const auto items = reopened.content_items();
    REQUIRE(items.size() == 1);
    content::Item expected = item;
    expected.revision = 1;
    CHECK(items[0] == expected);
    CHECK(reopened.feed_cursor() == "1");
}

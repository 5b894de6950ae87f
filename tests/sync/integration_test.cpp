// The uploader with the real libcurl client against the real kiosk-collector process on 127.0.0.1.
#include "sync/feed_reader.hpp"
#include "sync/shared/protocol.hpp"
#include "sync/store.hpp"
#include "sync/uploader.hpp"
#include "sync_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace floorsync;
using namespace sync_test;

namespace {

// A kiosk database and a running collector with this kiosk registered for department "IT".
struct Rig {
    TempDir dir;
    CollectorProcess collector{dir.file("collector.db")};
    std::string token;
    Store store{dir.file("kiosk.db")};
    SyncSettings settings;

    Rig() {
        token = collector.add_kiosk("kiosk-1", "IT");
        collector.start();
        settings = quick_sync_settings(collector.url(), token);
        settings.batch_max_events = 500;
    }

    PassResult sync_pass() {
        HttpClient client(http_client_settings(settings));
        return Uploader(store, client, settings).run_pass();
    }
};

}  // namespace

TEST_CASE("a backlog drains oldest first in batches, and every event arrives exactly once") {
    Rig rig;
    const auto events = make_ratings(2500, "kiosk-1", "IT");
    rig.store.append_all(events);

    int batches = 0;
    HttpClient client(http_client_settings(rig.settings));
    const PassResult result = Uploader(rig.store, client, rig.settings).run_pass([&](const PassResult&) { ++batches; });
    CHECK(result.outcome == PassOutcome::drained);
    CHECK(result.error.empty());
    CHECK(result.stored == 2500);
    CHECK(result.duplicates == 0);
    CHECK(result.contacted);
    CHECK(batches == 5);

    const OutboxCounts counts = rig.store.counts();
    CHECK(counts.pending == 0);
    CHECK(counts.sent == 2500);
    const auto at_collector = rig.collector.count_events();
    CHECK(at_collector.rows == 2500);
    CHECK(at_collector.distinct_ids == 2500);
    CHECK(rig.collector.has_event(events.front().id));
    CHECK(rig.collector.has_event(events.back().id));

    record_last_sync(rig.store, result, std::chrono::system_clock::now());
    const auto last = read_last_sync(rig.store);
    REQUIRE(last);
    CHECK(last->outcome == "ok");
    CHECK(last->delivered == 2500);
    CHECK_FALSE(last->last_success_at.empty());

    // A second pass has nothing to do.
    const PassResult again = rig.sync_pass();
    CHECK(again.outcome == PassOutcome::drained);
    CHECK(again.delivered() == 0);
}

TEST_CASE("after an answer was lost, the resend counts as duplicates and nothing is stored twice") {
    Rig rig;
    const auto events = make_ratings(1000, "kiosk-1", "IT");
    rig.store.append_all(events);

    // The collector commits the first 300 but the kiosk never hears back (the answer is thrown away here).
    UploadRequest lost;
    lost.kiosk.app_version = "test";
    lost.events.assign(events.begin(), events.begin() + 300);
    HttpClient raw(http_client_settings(rig.settings));
    REQUIRE(raw.post_json(rig.collector.url() + "/api/v1/events", encode_upload(lost), rig.token).ok());
    CHECK(rig.store.counts().pending == 1000);

    const PassResult result = rig.sync_pass();
    CHECK(result.outcome == PassOutcome::drained);
    CHECK(result.duplicates == 300);
    CHECK(result.stored == 700);
    CHECK(rig.store.counts().sent == 1000);
    const auto at_collector = rig.collector.count_events();
    CHECK(at_collector.rows == 1000);
    CHECK(at_collector.distinct_ids == 1000);
}

TEST_CASE("events the collector rejects are quarantined with its reason; the rest of the batch is delivered") {
    Rig rig;
    auto events = make_ratings(10, "kiosk-1", "IT");
    events[3].department = "Finance";  // not a department this kiosk's token allows
    events[6].payload = R"({"score":9,"suspect":false})";
    rig.store.append_all(events);

    const PassResult result = rig.sync_pass();
    CHECK(result.outcome == PassOutcome::drained);
    CHECK(result.stored == 8);
    CHECK(result.quarantined == 2);
    const OutboxCounts counts = rig.store.counts();
    CHECK(counts.pending == 0);
    CHECK(counts.sent == 8);
    CHECK(counts.quarantined == 2);
    CHECK(rig.collector.count_events().rows == 8);

    const auto department = rig.store.find(events[3].id);
    REQUIRE(department);
    CHECK(department->state == EventState::quarantined);
    CHECK(department->quarantine_reason.find("rejected by the collector") != std::string::npos);
    CHECK(department->quarantine_reason.find("Finance") != std::string::npos);
    const auto score = rig.store.find(events[6].id);
    REQUIRE(score);
    CHECK(score->state == EventState::quarantined);
    CHECK(score->quarantine_reason.find("score") != std::string::npos);

    // Quarantined events are not retried.
    const PassResult again = rig.sync_pass();
    CHECK(again.outcome == PassOutcome::drained);
    CHECK(again.quarantined == 0);
    CHECK(rig.collector.count_events().rows == 8);
}

TEST_CASE("the same id with different content is a conflict: quarantined, and the collector keeps the original") {
    Rig rig;
    const Event original = make_rating("kiosk-1", "IT", 5);
    rig.store.append(original);
    REQUIRE(rig.sync_pass().stored == 1);

    // Another kiosk database claims the same id with another score (a cloned disk image, a bug).
    Store clone(rig.dir.file("clone.db"));
    Event impostor = original;
    impostor.payload = R"({"score":1,"suspect":false})";
    clone.append(impostor);
    HttpClient client(http_client_settings(rig.settings));
    const PassResult result = Uploader(clone, client, rig.settings).run_pass();
    CHECK(result.outcome == PassOutcome::drained);
    CHECK(result.quarantined == 1);
    const auto stored = clone.find(original.id);
    REQUIRE(stored);
    CHECK(stored->state == EventState::quarantined);
    CHECK(stored->quarantine_reason.find("conflict") != std::string::npos);
    CHECK(rig.collector.count_events().rows == 1);
}

TEST_CASE("an event too large for any request is isolated by halving and quarantined; its batch still goes") {
    Rig rig;
    auto events = make_ratings(6, "kiosk-1", "IT");
    Event huge = make_rating("kiosk-1", "IT");
    huge.type = event_type::question;
    huge.payload = R"({"text":")" + std::string(1200 * 1024, 'a') + R"("})";
    events.insert(events.begin() + 2, huge);
    rig.store.append_all(events);
    rig.settings.batch_max_bytes = 4 * 1024 * 1024;  // let the huge one into a batch with others

    const PassResult result = rig.sync_pass();
    CHECK(result.outcome == PassOutcome::drained);
    CHECK(result.stored == 6);
    CHECK(result.quarantined == 1);
    const auto refused = rig.store.find(huge.id);
    REQUIRE(refused);
    CHECK(refused->state == EventState::quarantined);
    CHECK(refused->quarantine_reason.find("HTTP 413") != std::string::npos);
    CHECK(rig.collector.count_events().rows == 6);
}

TEST_CASE("an event the kiosk cannot encode is quarantined locally instead of blocking the outbox") {
    Rig rig;
    auto events = make_ratings(4, "kiosk-1", "IT");
    events[1].payload = "not json";
    rig.store.append_all(events);

    const PassResult result = rig.sync_pass();
    CHECK(result.outcome == PassOutcome::drained);
    CHECK(result.stored == 3);
    CHECK(result.quarantined == 1);
    CHECK(rig.store.find(events[1].id)->quarantine_reason.find("cannot be encoded") != std::string::npos);
}

TEST_CASE("a refused token stops the pass with a clear error and quarantines nothing") {
    Rig rig;
    rig.store.append_all(make_ratings(20, "kiosk-1", "IT"));

    rig.settings.token = "not-a-real-token";
    PassResult result = rig.sync_pass();
    CHECK(result.outcome == PassOutcome::unauthorized);
    CHECK(result.http_status == 401);
    CHECK(result.error.find("kiosk token refused") != std::string::npos);
    CHECK(rig.store.counts().pending == 20);
    CHECK(rig.store.counts().quarantined == 0);

    HttpClient client(http_client_settings(rig.settings));
    CHECK(FeedReader(rig.store, client, rig.settings).poll().outcome == PassOutcome::unauthorized);

    // A revoked token is refused the same way; the events wait for a new token.
    const std::string revoke = "'" + collector_binary() + "' --db '" + rig.collector.db_path() +
                               "' kiosk revoke --id kiosk-1 >/dev/null 2>&1";
    REQUIRE(std::system(revoke.c_str()) == 0);
    rig.settings.token = rig.token;
    result = rig.sync_pass();
    CHECK(result.outcome == PassOutcome::unauthorized);
    CHECK(rig.store.counts().pending == 20);
    CHECK(rig.collector.count_events().rows == 0);
}

TEST_CASE("with nothing to send a pass makes no request; the feed tells whether the collector is there") {
    Rig rig;
    HttpClient client(http_client_settings(rig.settings));
    const PassResult empty = Uploader(rig.store, client, rig.settings).run_pass();
    CHECK(empty.succeeded());
    CHECK_FALSE(empty.contacted);

    FeedReader feed(rig.store, client, rig.settings);
    const FeedResult read = feed.poll();
    CHECK(read.succeeded());
    CHECK(read.error.empty());
    CHECK_FALSE(rig.store.feed_cursor().empty());
    rig.collector.stop();
    const FeedResult down = feed.poll();
    CHECK(down.outcome == PassOutcome::offline);
    CHECK_FALSE(down.error.empty());
}

TEST_CASE("the kiosk caches what the real collector publishes for it, then 304s, then the withdrawal") {
    Rig rig;
    const std::string everyone = rig.collector.run(
        "content add --kind announcement --audience all --lang nl --title 'Voor iedereen' --body 'Tekst'");
    const std::string for_sales =
        rig.collector.run("content add --kind announcement --audience Sales --lang nl --title 'Alleen Sales' 2>/dev/null");
    const std::string training = rig.collector.run(
        "content add --kind training --audience IT --lang nl --title 'Training' --at 2030-05-04T09:00:00Z "
        "--until 2030-05-04T11:00:00Z --place 'Zaal 3' --seats 10");
    HttpClient client(http_client_settings(rig.settings));
    FeedReader feed(rig.store, client, rig.settings);

    const FeedResult first = feed.poll();
    REQUIRE_MESSAGE(first.succeeded(), first.error);
    CHECK(first.changed);
    const auto items = rig.store.content_items();
    std::vector<std::string> ids;
    for (const content::Item& item : items) ids.push_back(item.id);
    CHECK(std::find(ids.begin(), ids.end(), everyone) != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), training) != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), for_sales) == ids.end());  // this kiosk serves IT only
    CHECK_FALSE(rig.store.feed_etag().empty());

    const FeedResult unchanged = feed.poll();
    CHECK(unchanged.succeeded());
    CHECK(unchanged.up_to_date);
    CHECK_FALSE(unchanged.changed);

    rig.collector.run("content withdraw " + everyone + " >/dev/null");
    const FeedResult withdrawn = feed.poll();
    CHECK(withdrawn.succeeded());
    CHECK(withdrawn.changed);
    const auto left = rig.store.content_items();
    REQUIRE(left.size() == 1);
    CHECK(left[0].id == training);
    CHECK(left[0].place == "Zaal 3");
}

TEST_CASE("pruning removes sent events past the retention and never pending or quarantined ones") {
    Rig rig;
    const auto events = make_ratings(5, "kiosk-1", "IT");
    rig.store.append_all(events);
    rig.store.mark_sent({events[0].id, events[1].id}, "2020-01-01T00:00:00.000Z");
    rig.store.mark_sent({events[2].id}, utc_now_rfc3339());
    rig.store.quarantine(events[3].id, "test");

    CHECK(prune_sent_events(rig.store, std::chrono::hours(24), std::chrono::system_clock::now()) == 2);
    CHECK_FALSE(rig.store.find(events[0].id));
    CHECK(rig.store.find(events[2].id));
    CHECK(rig.store.find(events[3].id));
    CHECK(rig.store.find(events[4].id)->state == EventState::pending);
}

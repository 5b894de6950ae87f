// The sync engine thread against the real collector process (status transitions, wake-ups, no-collector mode) and
// against a fake feed collector (content at start and from the feed, feed and upload schedules, feed back-off).
#include "sync/store.hpp"
#include "sync/sync_engine.hpp"
#include "sync/uploader.hpp"
#include "feed_test_support.hpp"
#include "sync_test_support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

using namespace floorsync;
using namespace sync_test;
using namespace std::chrono_literals;

TEST_CASE("engine: offline while the collector is down, online with an empty backlog once it starts") {
    TempDir dir;
    CollectorProcess collector(dir.file("collector.db"));
    const std::string token = collector.add_kiosk("kiosk-1", "IT");
    const std::string kiosk_db = dir.file("kiosk.db");
    {
        Store store(kiosk_db);
        store.append_all(make_ratings(1200, "kiosk-1", "IT"));
    }

    std::atomic<int> changes{0};
    SyncEngine engine(kiosk_db, quick_sync_settings(collector.url(), token), [&] { ++changes; });
    REQUIRE(eventually([&] { return engine.status().link == LinkState::offline; }, 10s));
    SyncStatus offline = engine.status();
    CHECK(offline.counts.pending == 1200);
    CHECK_FALSE(offline.last_error.empty());
    CHECK(offline.next_attempt > std::chrono::system_clock::time_point{});
    CHECK(offline.last_success_at.empty());
    CHECK(changes > 0);

    collector.start();
    REQUIRE(eventually([&] {
        const SyncStatus s = engine.status();
        return s.link == LinkState::online && s.counts.pending == 0;
    }, 20s));
    const SyncStatus online = engine.status();
    CHECK(online.counts.sent == 1200);
    CHECK(online.last_error.empty());
    CHECK_FALSE(online.last_success_at.empty());
    CHECK(online.revision > offline.revision);
    CHECK(collector.count_events().rows == 1200);

    // The last result is in the database for kioskctl.
    Store reader(kiosk_db);
    const auto last = read_last_sync(reader);
    REQUIRE(last);
    CHECK(last->outcome == "ok");
}

TEST_CASE("engine: new events go out as soon as they are announced, without waiting for the poll interval") {
    TempDir dir;
    CollectorProcess collector(dir.file("collector.db"));
    const std::string token = collector.add_kiosk("kiosk-1", "IT");
    collector.start();
    const std::string kiosk_db = dir.file("kiosk.db");
    SyncSettings settings = quick_sync_settings(collector.url(), token);
    settings.poll_interval = std::chrono::hours(1);

    SyncEngine engine(kiosk_db, settings, {});
    REQUIRE(eventually([&] { return engine.status().link == LinkState::online; }, 10s));
    Store recorder_side(kiosk_db);  // the recorder's own connection, as in the app
    const Event event = make_rating("kiosk-1", "IT");
    recorder_side.append(event);
    engine.notify_new_events();
    REQUIRE(eventually([&] { return engine.status().counts.sent == 1; }, 10s));
    CHECK(collector.has_event(event.id));
}

TEST_CASE("engine: a refused token shows as retrying with the reason; events stay pending") {
    TempDir dir;
    CollectorProcess collector(dir.file("collector.db"));
    collector.add_kiosk("kiosk-1", "IT");
    collector.start();
    const std::string kiosk_db = dir.file("kiosk.db");
    {
        Store store(kiosk_db);
        store.append_all(make_ratings(3, "kiosk-1", "IT"));
    }
    SyncEngine engine(kiosk_db, quick_sync_settings(collector.url(), "wrong-token"), {});
    REQUIRE(eventually([&] { return engine.status().link == LinkState::retrying; }, 10s));
    const SyncStatus status = engine.status();
    CHECK(status.last_error.find("kiosk token refused") != std::string::npos);
    CHECK(status.counts.pending == 3);
    CHECK(status.counts.quarantined == 0);
}

TEST_CASE("engine: without a collector it only keeps the counts fresh") {
    TempDir dir;
    const std::string kiosk_db = dir.file("kiosk.db");
    SyncSettings settings;  // empty collector_url
    settings.poll_interval = std::chrono::hours(1);
    SyncEngine engine(kiosk_db, settings, {});
    CHECK(engine.status().link == LinkState::no_collector);

    Store store(kiosk_db);
    store.append_all(make_ratings(7, "dev", ""));
    engine.notify_new_events();
    REQUIRE(eventually([&] { return engine.status().counts.pending == 7; }, 5s));
    CHECK(engine.status().link == LinkState::no_collector);
}

TEST_CASE("engine: sync_now skips a running back-off") {
    TempDir dir;
    CollectorProcess collector(dir.file("collector.db"));
    const std::string token = collector.add_kiosk("kiosk-1", "IT");
    const std::string kiosk_db = dir.file("kiosk.db");
    {
        Store store(kiosk_db);
        store.append_all(make_ratings(5, "kiosk-1", "IT"));
    }
    SyncSettings settings = quick_sync_settings(collector.url(), token);
    settings.retry_base = std::chrono::hours(1);  // once offline, only sync_now can bring it back soon
    settings.retry_cap = std::chrono::hours(1);
    std::uint64_t revision = 0;
    SyncEngine engine(kiosk_db, settings, {});
    REQUIRE(eventually([&] { return engine.status().link == LinkState::offline; }, 10s));
    revision = engine.status().revision;

    collector.start();
    engine.notify_new_events();  // respects the back-off: nothing is sent
    std::this_thread::sleep_for(300ms);
    CHECK(engine.status().counts.pending == 5);
    CHECK(engine.status().revision >= revision);

    engine.sync_now();
    REQUIRE(eventually([&] {
        const SyncStatus s = engine.status();
        return s.counts.pending == 0 && s.link == LinkState::online;
    }, 10s));
}

namespace {

std::vector<std::string> snapshot_ids(const SyncEngine& engine) {
    std::vector<std::string> ids;
    for (const content::Item& item : engine.content()->items) ids.push_back(item.id);
    return ids;
}

}  // namespace

TEST_CASE("engine: the cached content is published at start from the store, without any network") {
    TempDir dir;
    const std::string kiosk_db = dir.file("kiosk.db");
    content::Item news = make_announcement("Nieuws");
    news.revision = 1;
    content::Item training = make_training("Training", "Zaal 1");
    training.revision = 2;
    {
        Store store(kiosk_db);
        REQUIRE(store.apply_feed_page({"", {news, training}, {}, "2", "\"feed-2\""}).applied);
    }
    SUBCASE("with a collector that cannot be reached") {
        std::atomic<int> changes{0};
        SyncSettings settings =
            quick_sync_settings("http://127.0.0.1:" + std::to_string(free_loopback_port()), "token");
        SyncEngine engine(kiosk_db, settings, [&] { ++changes; });
        REQUIRE(eventually([&] { return engine.content()->version >= 1; }, 10s));
        const auto snapshot = engine.content();
        CHECK(snapshot->items == std::vector<content::Item>{news, training});
        CHECK(changes > 0);
        // Offline the whole time: the failed polls keep the content as it was.
        REQUIRE(eventually([&] { return engine.status().link == LinkState::offline; }, 10s));
        CHECK(engine.content()->items == snapshot->items);
        CHECK(engine.status().last_error.find("feed") != std::string::npos);
    }
    SUBCASE("with no collector configured") {
        SyncEngine engine(kiosk_db, SyncSettings{}, {});
        REQUIRE(eventually([&] { return engine.content()->version >= 1; }, 10s));
        CHECK(engine.content()->items.size() == 2);
        CHECK(engine.status().link == LinkState::no_collector);
    }
}

TEST_CASE("engine: content from the feed is published as a new snapshot; a withdrawn item goes") {
    TempDir dir;
    FakeFeedCollector collector("token");
    const content::Item first = make_announcement("Eerste");
    collector.publish(first);
    SyncSettings settings = quick_sync_settings(collector.url(), "token");
    settings.feed_interval = std::chrono::hours(1);  // only the first poll and sync_now read the feed
    std::atomic<int> changes{0};
    SyncEngine engine(dir.file("kiosk.db"), settings, [&] { ++changes; });
    REQUIRE(eventually([&] { return snapshot_ids(engine) == std::vector<std::string>{first.id}; }, 10s));
    REQUIRE(eventually([&] { return engine.status().link == LinkState::online; }, 10s));
    const std::uint64_t version = engine.content()->version;
    const int changes_before = changes;

    const content::Item second = make_announcement("Tweede");
    collector.publish(second);
    collector.withdraw(first.id);
    engine.sync_now();
    REQUIRE(eventually([&] { return snapshot_ids(engine) == std::vector<std::string>{second.id}; }, 10s));
    CHECK(engine.content()->version > version);
    CHECK(changes > changes_before);
    CHECK(engine.content()->items[0].translations.at("nl").title == "Tweede");

    // A poll answered 304 publishes nothing new.
    const std::uint64_t settled = engine.content()->version;
    const std::size_t requests = collector.feed_request_count();
    engine.sync_now();
    REQUIRE(eventually([&] { return collector.feed_request_count() > requests; }, 10s));
    REQUIRE(eventually([&] { return collector.feed_requests().back().status == 304; }, 10s));
    CHECK(engine.content()->version == settled);
}

TEST_CASE("engine: the feed keeps its own schedule while every upload is refused with 503") {
    TempDir dir;
    FakeFeedCollector collector("token");
    collector.set_uploads(FakeFeedCollector::Uploads::answer_503);
    const std::string kiosk_db = dir.file("kiosk.db");
    {
        Store store(kiosk_db);
        store.append_all(make_ratings(5, "kiosk-1", "IT"));
    }
    SyncSettings settings = quick_sync_settings(collector.url(), "token");
    settings.feed_interval = std::chrono::seconds(1);
    SyncEngine engine(kiosk_db, settings, {});
    REQUIRE(eventually([&] { return collector.upload_request_count() >= 1; }, 10s));
    const content::Item news = make_announcement("Terwijl uploads falen");
    collector.publish(news);
    // Three more polls on the feed's interval, however the uploads are backing off.
    const std::size_t polls = collector.feed_request_count();
    REQUIRE(eventually([&] { return collector.feed_request_count() >= polls + 3; }, 20s));
    CHECK(snapshot_ids(engine) == std::vector<std::string>{news.id});
    const SyncStatus status = engine.status();
    CHECK(status.counts.pending == 5);
    CHECK(collector.events_stored() == 0);
    // The refused uploads are what the status line shows, not the feed that works.
    CHECK(status.link == LinkState::retrying);
    CHECK(status.last_error.find("HTTP 503") != std::string::npos);
}

TEST_CASE("engine: a long drain does not starve the feed: it is read between the batches of one pass") {
    TempDir dir;
    FakeFeedCollector collector("token");
    // Every batch takes longer to answer than the feed interval, so the feed is due after each one.
    collector.set_uploads(FakeFeedCollector::Uploads::slow, 1100ms);
    const std::string kiosk_db = dir.file("kiosk.db");
    {
        Store store(kiosk_db);
        store.append_all(make_ratings(30, "kiosk-1", "IT"));
    }
    SyncSettings settings = quick_sync_settings(collector.url(), "token");
    settings.batch_max_events = 10;
    settings.uploads_in_flight = 1;
    settings.low_speed_window = 10s;  // the slow answers are slow on purpose
    settings.feed_interval = std::chrono::seconds(1);
    settings.poll_interval = std::chrono::hours(1);
    SyncEngine engine(kiosk_db, settings, {});
    REQUIRE(eventually([&] { return collector.events_stored() == 30; }, 30s));
    REQUIRE(eventually([&] { return engine.status().counts.sent == 30; }, 10s));
    const std::vector<std::size_t> polls_at_uploads = collector.feed_requests_at_uploads();
    REQUIRE(polls_at_uploads.size() == 3);
    CHECK(polls_at_uploads[0] >= 1);  // the feed is read before the pass starts
    CHECK(polls_at_uploads[1] > polls_at_uploads[0]);
    CHECK(polls_at_uploads[2] > polls_at_uploads[1]);
}

TEST_CASE("engine: a failing feed backs off on its own (Retry-After) while uploads go on; sync_now skips it") {
    TempDir dir;
    FakeFeedCollector collector("token");
    collector.set_feed_unavailable("3600");
    const std::string kiosk_db = dir.file("kiosk.db");
    SyncSettings settings = quick_sync_settings(collector.url(), "token");
    settings.feed_interval = std::chrono::seconds(1);
    SyncEngine engine(kiosk_db, settings, {});

    // Nothing to upload: the feed is what tells how the link is.
    REQUIRE(eventually([&] { return engine.status().link == LinkState::retrying; }, 10s));
    SyncStatus status = engine.status();
    CHECK(status.last_error.find("feed") != std::string::npos);
    CHECK(status.last_error.find("HTTP 503") != std::string::npos);
    CHECK(status.next_attempt > std::chrono::system_clock::now() + std::chrono::minutes(30));
    CHECK(collector.feed_request_count() == 1);

    Store recorder_side(kiosk_db);
    for (int i = 1; i <= 3; ++i) {
        recorder_side.append(make_rating("kiosk-1", "IT"));
        engine.notify_new_events();
        REQUIRE(eventually([&] { return collector.events_stored() == static_cast<std::size_t>(i); }, 10s));
    }
    REQUIRE(eventually([&] { return engine.status().counts.pending == 0; }, 10s));
    CHECK(collector.feed_request_count() == 1);  // still backing off, although the interval is one second
    CHECK(engine.status().link == LinkState::retrying);

    engine.sync_now();
    REQUIRE(eventually([&] { return collector.feed_request_count() == 2; }, 10s));
    collector.set_feed_unavailable(std::nullopt);
    engine.sync_now();
    REQUIRE(eventually([&] { return engine.status().link == LinkState::online; }, 10s));
    CHECK(collector.feed_request_count() >= 3);
    CHECK(engine.status().last_error.empty());
}

// The sync engine thread against the real collector process: status transitions, wake-ups, no-collector mode.
#include "sync/store.hpp"
#include "sync/sync_engine.hpp"
#include "sync/uploader.hpp"
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

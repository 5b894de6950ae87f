// Recorder tests: results only after commit, one per ticket, unhealthy on real faults, and recovery by itself.
#include "store_test_support.hpp"

#include "sync/recorder.hpp"
#include "sync/store.hpp"

#include <atomic>
#include <map>

using namespace floorsync;
using store_test::FaultVolume;
using store_test::TempDir;
using store_test::make_event;
using store_test::wait_until;

namespace {

// Collects results as the UI loop would, checking at the moment each result is seen that the event is on disk.
struct ResultWatcher {
    explicit ResultWatcher(Recorder& recorder, std::string db_path) : recorder(recorder), db_path(std::move(db_path)) {}

    RecordResult wait_for(std::uint64_t ticket) {
        std::optional<RecordResult> found;
        const bool arrived = wait_until([&] {
            collect();
            if (auto it = results.find(ticket); it != results.end()) {
                found = it->second;
            }
            return found.has_value();
        });
        REQUIRE_MESSAGE(arrived, "no result for ticket " << ticket);
        return *found;
    }

    void collect() {
        for (RecordResult& result : recorder.take_results()) {
            CHECK_MESSAGE(results.count(result.ticket) == 0, "two results for ticket " << result.ticket);
            results[result.ticket] = std::move(result);
        }
    }

    Recorder& recorder;
    std::string db_path;
    std::map<std::uint64_t, RecordResult> results;
};

bool on_disk(const std::string& db_path, const std::string& id) {
    return store_test::count_rows(db_path, "id = '" + id + "'") == 1;
}

}  // namespace

TEST_CASE("the recorder stores every submitted event and reports each ticket once, only after the commit") {
    TempDir dir;
    const std::string path = dir.file("data/kiosk.db");
    std::atomic<int> result_wakes{0}, commit_wakes{0};
    std::vector<Event> events;
    for (int i = 0; i < 40; ++i) {
        events.push_back(make_event(i % 3 ? event_type::rating : event_type::question));
    }
    std::map<std::uint64_t, std::string> id_of_ticket;
    {
        Recorder recorder(path, {[&] { ++result_wakes; }, [&] { ++commit_wakes; }});
        ResultWatcher watcher(recorder, path);
        for (const Event& event : events) {
            id_of_ticket[recorder.submit(event)] = event.id;
        }
        for (const auto& [ticket, id] : id_of_ticket) {
            const RecordResult result = watcher.wait_for(ticket);
            CHECK(result.stored);
            CHECK(result.error.empty());
            // stored=true is only reported after the commit: an independent connection sees the row now.
            CHECK(on_disk(path, id));
        }
        CHECK(recorder.health().ok);
        CHECK(result_wakes > 0);
        CHECK(commit_wakes > 0);
    }
    Store store(path);
    CHECK(store.counts().pending == 40);
    for (const Event& event : events) {
        CHECK(store.find(event.id)->event == event);
    }
}

TEST_CASE("the recorder's destructor commits everything already submitted") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    std::vector<Event> events;
    {
        Recorder recorder(path, {});
        for (int i = 0; i < 100; ++i) {
            events.push_back(make_event());
            recorder.submit(events.back());
        }
    }
    Store store(path);
    CHECK(store.counts().pending == 100);
}

TEST_CASE("a duplicate id fails that one ticket without marking storage unhealthy") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Recorder recorder(path, {});
    ResultWatcher watcher(recorder, path);
    const Event event = make_event();
    CHECK(watcher.wait_for(recorder.submit(event)).stored);
    const RecordResult again = watcher.wait_for(recorder.submit(event));
    CHECK_FALSE(again.stored);
    CHECK(again.error.find("already stored") != std::string::npos);
    CHECK(recorder.health().ok);
}

TEST_CASE("a corrupt database makes the recorder unhealthy; it recovers by itself when a good file is back") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    const std::string good_copy = dir.file("good-copy.db");
    const Event first = make_event();
    {
        Store store(path);
        store.append(first);
    }
    std::filesystem::copy_file(path, good_copy);
    store_test::corrupt_header(path);

    std::atomic<int> wakes{0};
    Recorder recorder(path, {[&] { ++wakes; }, {}});
    ResultWatcher watcher(recorder, path);
    CHECK(wait_until([&] { return !recorder.health().ok; }));
    CHECK(recorder.health().error.find("not a database") != std::string::npos);

    const Event refused = make_event();
    const RecordResult failed = watcher.wait_for(recorder.submit(refused));
    CHECK_FALSE(failed.stored);
    CHECK(failed.error.find(path) != std::string::npos);
    CHECK_FALSE(recorder.health().ok);

    // A technician puts the good file back; no restart of the recorder.
    std::filesystem::copy_file(good_copy, path, std::filesystem::copy_options::overwrite_existing);
    CHECK_MESSAGE(wait_until([&] { return recorder.health().ok; }), "health did not recover by itself");
    const Event later = make_event();
    const RecordResult stored = watcher.wait_for(recorder.submit(later));
    CHECK(stored.stored);
    CHECK(on_disk(path, later.id));
    CHECK(on_disk(path, first.id));
    CHECK_FALSE(on_disk(path, refused.id));  // reported as not stored, and indeed not stored
}

TEST_CASE("a full disk makes the recorder report failures; it recovers when space returns") {
    TempDir dir;
    FaultVolume volume(dir.path() / "volume");
    const std::string path = volume.file("kiosk.db");
    Recorder recorder(path, {});
    ResultWatcher watcher(recorder, path);
    REQUIRE(watcher.wait_for(recorder.submit(make_event())).stored);

    volume.fill();
    std::optional<RecordResult> failure;
    std::vector<std::string> reported_stored;
    for (int i = 0; i < 500 && !failure; ++i) {
        const Event event = make_event(event_type::question, R"({"text":")" + std::string(3000, 'f') + "\"}");
        const RecordResult result = watcher.wait_for(recorder.submit(event));
        if (result.stored) {
            reported_stored.push_back(event.id);
        } else {
            failure = result;
            CHECK_FALSE(on_disk(path, event.id));
        }
    }
    REQUIRE_MESSAGE(failure.has_value(), "the disk never filled up");
    MESSAGE("recorder on a full disk: " << failure->error);
    CHECK(failure->error.find("cannot store event in " + path) != std::string::npos);
    CHECK_FALSE(recorder.health().ok);

    volume.unfill();
    const Event after = make_event();
    CHECK(watcher.wait_for(recorder.submit(after)).stored);
    CHECK(recorder.health().ok);
    for (const std::string& id : reported_stored) {
        CHECK(on_disk(path, id));  // every event reported as stored is on disk
    }
    CHECK(on_disk(path, after.id));
}

TEST_CASE("a read-only file system makes the recorder unhealthy; it recovers when it is writable again") {
    TempDir dir;
    FaultVolume volume(dir.path() / "volume");
    const std::string path = volume.file("kiosk.db");
    {
        Store store(path);
        store.append(make_event());
    }
    volume.make_read_only();
    Recorder recorder(path, {});
    ResultWatcher watcher(recorder, path);
    const RecordResult refused = watcher.wait_for(recorder.submit(make_event()));
    CHECK_FALSE(refused.stored);
    CHECK(refused.error.find("read-only") != std::string::npos);
    CHECK_FALSE(recorder.health().ok);

    volume.make_writable();
    CHECK_MESSAGE(wait_until([&] { return recorder.health().ok; }), "health did not recover by itself");
    const Event later = make_event();
    CHECK(watcher.wait_for(recorder.submit(later)).stored);
    CHECK(on_disk(path, later.id));
    // The recorder's connection must be closed before the tmpfs is unmounted at the end of the test.
}

TEST_CASE("a database file deleted under the recorder is noticed; the next event goes into a new file") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Recorder recorder(path, {});
    ResultWatcher watcher(recorder, path);
    REQUIRE(watcher.wait_for(recorder.submit(make_event())).stored);

    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path + suffix);
    }
    const Event after = make_event();
    const RecordResult result = watcher.wait_for(recorder.submit(after));
    CHECK(result.stored);
    CHECK(recorder.health().ok);
    CHECK(on_disk(path, after.id));  // in the file that is visible at the path, not in the unlinked one
}

// Concurrency test: recorder, sync loop and a technician's tool on separate connections to one file at once.
#include "store_test_support.hpp"

#include "sync/recorder.hpp"
#include "sync/store.hpp"

#include <atomic>
#include <set>
#include <thread>

using namespace floorsync;
using store_test::TempDir;
using store_test::make_event;
using store_test::wait_until;

TEST_CASE("recorder, sync loop and status readers share the file without busy errors or lost events") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    constexpr int kEvents = 300;
    std::atomic<bool> recording_done{false};
    std::atomic<int> failures{0};
    std::set<std::string> delivered;

    std::thread sync_loop([&] {
        try {
            Store store(path);
            for (;;) {
                const bool last_round = recording_done.load();
                const auto batch = store.pending_batch(25, 64 * 1024);
                std::vector<std::string> ids;
                for (const StoredEvent& stored : batch) {
                    ids.push_back(stored.event.id);
                    delivered.insert(stored.event.id);
                }
                store.mark_sent(ids, utc_now_rfc3339());
                store.prune_sent_before("2000-01-01T00:00:00Z");
                store.set_meta("last_sync", "ok");
                if (batch.empty() && last_round) {
                    return;
                }
            }
        } catch (const StoreError& error) {
            MESSAGE("sync loop: " << std::string(error.what()));
            ++failures;
        }
    });
    std::thread status_reader([&] {
        try {
            Store store(path);
            while (!recording_done) {
                const OutboxCounts counts = store.counts();
                if (counts.pending < 0 || counts.sent < 0 || counts.pending + counts.sent > kEvents) {
                    ++failures;
                }
                (void)store.meta("last_sync");
            }
        } catch (const StoreError& error) {
            MESSAGE("status reader: " << std::string(error.what()));
            ++failures;
        }
    });

    std::vector<std::uint64_t> tickets;
    int stored = 0;
    {
        Recorder recorder(path, {});
        for (int i = 0; i < kEvents; ++i) {
            tickets.push_back(recorder.submit(make_event()));
        }
        CHECK(wait_until(
            [&] {
                for (const RecordResult& result : recorder.take_results()) {
                    stored += result.stored ? 1 : 0;
                    if (!result.stored) {
                        MESSAGE("recorder: " << result.error);
                    }
                }
                return stored == kEvents;
            },
            std::chrono::seconds(60)));
    }
    recording_done = true;
    sync_loop.join();
    status_reader.join();

    CHECK(failures == 0);
    CHECK(stored == kEvents);
    CHECK(delivered.size() == static_cast<std::size_t>(kEvents));
    Store store(path);
    const OutboxCounts counts = store.counts();
    CHECK(counts.pending == 0);
    CHECK(counts.sent == kEvents);
    CHECK(store.integrity_ok());
}

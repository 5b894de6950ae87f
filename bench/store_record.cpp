// store_record [DIR] [ITERATIONS]: time to durably record a tap (Store, Recorder) vs a bare SQLite insert+commit.
#include "sync/shared/clock.hpp"
#include "sync/recorder.hpp"
#include "sync/store.hpp"

#include <sqlite3.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr long kTmpfsMagic = 0x01021994;

floorsync::Event tap() {
    floorsync::Event event;
    event.id = floorsync::new_uuid_v4();
    event.type = floorsync::event_type::rating;
    event.created_at = floorsync::utc_now_rfc3339();
    event.kiosk_id = "bench-kiosk-1";
    event.department = "warehouse";
    event.language = "nl";
    event.payload = R"({"score":4,"suspect":false})";
    return event;
}

void check(int rc, sqlite3* db, const char* step) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        throw std::runtime_error(std::string("bare sqlite: ") + step + ": " + sqlite3_errmsg(db));
    }
}

// What an application without our store would do: one table with the same columns, one prepared INSERT, committed
// on its own (autocommit) with WAL and synchronous=FULL.
class BareTable {
public:
    explicit BareTable(const std::string& path) {
        check(sqlite3_open(path.c_str(), &db_), db_, "open");
        check(sqlite3_exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
                                " type TEXT NOT NULL, created_at TEXT NOT NULL, kiosk_id TEXT NOT NULL,"
                                " department TEXT NOT NULL, language TEXT NOT NULL, payload TEXT NOT NULL)",
                           nullptr, nullptr, nullptr),
              db_, "create");
        check(sqlite3_prepare_v2(db_, "INSERT INTO events (id, type, created_at, kiosk_id, department, language,"
                                      " payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &insert_, nullptr),
              db_, "prepare");
    }
    ~BareTable() {
        sqlite3_finalize(insert_);
        sqlite3_close(db_);
    }
    void insert(const floorsync::Event& e) {
        const std::string* fields[] = {&e.id, &e.type, &e.created_at, &e.kiosk_id, &e.department, &e.language,
                                       &e.payload};
        for (int i = 0; i < 7; ++i) {
            sqlite3_bind_text(insert_, i + 1, fields[i]->data(), static_cast<int>(fields[i]->size()), SQLITE_STATIC);
        }
        check(sqlite3_step(insert_), db_, "insert");
        sqlite3_reset(insert_);
    }

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
};

// Submit, then wait for this ticket's result, as the UI does before it may say thank you.
class RecorderRoundTrip {
public:
    explicit RecorderRoundTrip(const std::string& path)
        : recorder_(path, {[this] { wake(); }, {}}) {}

    void record(floorsync::Event event) {
        const std::uint64_t ticket = recorder_.submit(std::move(event));
        std::unique_lock lock(mutex_);
        for (;;) {
            lock.unlock();
            for (const auto& result : recorder_.take_results()) {
                if (result.ticket == ticket) {
                    if (!result.stored) {
                        throw std::runtime_error("recorder: " + result.error);
                    }
                    return;
                }
            }
            lock.lock();
            woken_.wait_for(lock, std::chrono::milliseconds(50), [this] { return signalled_; });
            signalled_ = false;
        }
    }

private:
    void wake() {
        {
            std::lock_guard lock(mutex_);
            signalled_ = true;
        }
        woken_.notify_one();
    }

    std::mutex mutex_;
    std::condition_variable woken_;
    bool signalled_ = false;
    floorsync::Recorder recorder_;  // last: its thread may call wake() as soon as it exists
};

struct Summary {
    double median_ms, p95_ms, mean_ms;
};

Summary summarize(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) { return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1))]; };
    double sum = 0;
    for (const double sample : samples) {
        sum += sample;
    }
    return {at(0.5), at(0.95), sum / static_cast<double>(samples.size())};
}

double thread_cpu_us() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

// Wall time in ms; also adds this thread's CPU time in us to *cpu_us (immune to the disk's noise).
template <typename F>
double time_ms(F&& work, double* cpu_us = nullptr) {
    const double cpu_start = thread_cpu_us();
    const auto start = Clock::now();
    work();
    const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (cpu_us != nullptr) {
        *cpu_us += thread_cpu_us() - cpu_start;
    }
    return elapsed;
}

// Opening the store and reading its counts must not depend on the backlog (counters, not COUNT(*)).
double median_open_and_count_ms(const std::string& path) {
    std::vector<double> samples;
    for (int i = 0; i < 15; ++i) {
        samples.push_back(time_ms([&] {
            floorsync::Store store(path);
            (void)store.counts();
        }));
    }
    return summarize(samples).median_ms;
}

void report_open_with_backlog(const fs::path& dir) {
    constexpr std::size_t kBacklog = 100000;
    const std::string empty_path = (dir / "empty.db").string();
    const std::string full_path = (dir / "backlog.db").string();
    { floorsync::Store create(empty_path); }
    {
        floorsync::Store store(full_path);
        std::vector<floorsync::Event> batch;
        for (std::size_t i = 0; i < kBacklog; ++i) {
            batch.push_back(tap());
            if (batch.size() == 20000) {
                store.append_all(batch);
                batch.clear();
            }
        }
    }
    const double empty_ms = median_open_and_count_ms(empty_path);
    const double full_ms = median_open_and_count_ms(full_path);
    std::printf("store_open_counts_empty_ms=%.3f store_open_counts_100k_pending_ms=%.3f ratio=%.2f "
                "(open + counts with 100,000 unsent events vs empty)\n",
                empty_ms, full_ms, full_ms / empty_ms);
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path parent = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path();
    const int iterations = argc > 2 ? std::atoi(argv[2]) : 500;
    if (iterations < 20) {
        std::fprintf(stderr, "usage: %s [DIR] [ITERATIONS>=20]\n", argv[0]);
        return 2;
    }
    std::string pattern = (parent / "store-record-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("store_record: mkdtemp");
        return 1;
    }
    const fs::path dir = pattern;
    int status = 0;
    try {
        struct statfs info {};
        statfs(dir.c_str(), &info);
        std::printf("store_record: %d iterations each, in %s%s\n", iterations, dir.c_str(),
                    info.f_type == kTmpfsMagic ? " (WARNING: tmpfs, fsync costs nothing here)" : "");

        BareTable bare((dir / "bare.db").string());
        floorsync::Store store((dir / "store.db").string());
        RecorderRoundTrip recorder((dir / "recorder.db").string());

        // Warm up, then interleave the three so that disk noise hits them alike.
        for (int i = 0; i < 10; ++i) {
            bare.insert(tap());
            store.append(tap());
            recorder.record(tap());
        }
        std::vector<double> bare_ms, store_ms, recorder_ms;
        double bare_cpu_us = 0, store_cpu_us = 0;
        for (int i = 0; i < iterations; ++i) {
            floorsync::Event a = tap(), b = tap(), c = tap();
            bare_ms.push_back(time_ms([&] { bare.insert(a); }, &bare_cpu_us));
            store_ms.push_back(time_ms([&] { store.append(b); }, &store_cpu_us));
            recorder_ms.push_back(time_ms([&] { recorder.record(std::move(c)); }));
        }
        const Summary b = summarize(bare_ms), s = summarize(store_ms), r = summarize(recorder_ms);
        std::printf("bare_commit_median_ms=%.4f bare_commit_p95_ms=%.4f bare_commit_mean_ms=%.4f\n", b.median_ms,
                    b.p95_ms, b.mean_ms);
        std::printf("record_tap_median_ms=%.4f record_tap_p95_ms=%.4f record_tap_mean_ms=%.4f "
                    "ratio=%.2f ratio_mean=%.2f (Store::append vs bare; target <= 1.5)\n",
                    s.median_ms, s.p95_ms, s.mean_ms, s.median_ms / b.median_ms, s.mean_ms / b.mean_ms);
        std::printf("recorder_round_trip_median_ms=%.4f recorder_round_trip_p95_ms=%.4f recorder_round_trip_mean_ms=%.4f "
                    "ratio=%.2f ratio_mean=%.2f (submit -> result vs bare; target <= 1.5)\n",
                    r.median_ms, r.p95_ms, r.mean_ms, r.median_ms / b.median_ms, r.mean_ms / b.mean_ms);
        std::printf("bare_commit_cpu_us=%.1f record_tap_cpu_us=%.1f cpu_ratio=%.2f (CPU time per record, same thread)\n",
                    bare_cpu_us / iterations, store_cpu_us / iterations, store_cpu_us / bare_cpu_us);
        // On some disks an fsync takes one or two device flushes at random, so commit times are bimodal; a
        // median can then land in either mode, and the mean ratio is the steadier comparison.
        std::printf("note: ratio compares medians, ratio_mean compares means (steadier when fsync times are bimodal)\n");
        report_open_with_backlog(dir);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "store_record: %s\n", error.what());
        status = 1;
    }
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return status;
}

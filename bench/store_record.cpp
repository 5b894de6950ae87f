// store_record [DIR] [ITERATIONS]: time to durably record a tap (Store, Recorder) vs a bare SQLite insert+commit.
#include "sync/clock.hpp"
#include "sync/recorder.hpp"
#include "sync/store.hpp"

#include <sqlite3.h>
#include <sys/vfs.h>
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
    double median_ms, p95_ms;
};

Summary summarize(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) { return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1))]; };
    return {at(0.5), at(0.95)};
}

template <typename F>
double time_ms(F&& work) {
    const auto start = Clock::now();
    work();
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path parent = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path();
    const int iterations = argc > 2 ? std::atoi(argv[2]) : 400;
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
        for (int i = 0; i < iterations; ++i) {
            floorsync::Event a = tap(), b = tap(), c = tap();
            bare_ms.push_back(time_ms([&] { bare.insert(a); }));
            store_ms.push_back(time_ms([&] { store.append(b); }));
            recorder_ms.push_back(time_ms([&] { recorder.record(std::move(c)); }));
        }
        const Summary b = summarize(bare_ms), s = summarize(store_ms), r = summarize(recorder_ms);
        std::printf("bare_commit_median_ms=%.4f bare_commit_p95_ms=%.4f\n", b.median_ms, b.p95_ms);
        std::printf("record_tap_median_ms=%.4f record_tap_p95_ms=%.4f ratio=%.2f (Store::append vs bare; target <= 1.5)\n",
                    s.median_ms, s.p95_ms, s.median_ms / b.median_ms);
        std::printf("recorder_round_trip_median_ms=%.4f recorder_round_trip_p95_ms=%.4f ratio=%.2f "
                    "(submit -> result vs bare; target <= 1.5)\n",
                    r.median_ms, r.p95_ms, r.median_ms / b.median_ms);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "store_record: %s\n", error.what());
        status = 1;
    }
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return status;
}

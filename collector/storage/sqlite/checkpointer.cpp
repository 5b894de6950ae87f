// The checkpoint thread behind Checkpointer: wait for a request, checkpoint the WAL (PASSIVE), repeat.
#include "collector/storage/sqlite/checkpointer.hpp"

#include "collector/storage/sqlite/sqlite_schema.hpp"

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

namespace floorsync::collector {

struct Checkpointer::Impl {
    explicit Impl(const std::string& db_path) : db(open_collector_database(db_path)), thread([this] { loop(); }) {}

    ~Impl() {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        wake.notify_one();
        thread.join();
    }

    sqlite::Database db;
    std::mutex mutex;
    std::condition_variable wake;
    bool requested = false;
    bool stopping = false;
    std::thread thread;  // last: starts after everything above exists

    void loop() {
        std::unique_lock lock(mutex);
        while (true) {
            wake.wait(lock, [&] { return stopping || requested; });
            const bool last = stopping;
            requested = false;
            lock.unlock();
            checkpoint();
            lock.lock();
            if (last) return;
        }
    }

    // A failed checkpoint loses nothing (the pages stay in the WAL); the next request tries again.
    void checkpoint() {
        try {
            db.exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (const StoreError& error) {
            std::fprintf(stderr, "kiosk-collector: WAL checkpoint failed (will retry): %s\n", error.what());
        }
    }
};

Checkpointer::Checkpointer(const std::string& db_path) : impl_(std::make_unique<Impl>(db_path)) {}

Checkpointer::~Checkpointer() = default;

void Checkpointer::request() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->requested = true;
    }
    impl_->wake.notify_one();
}

}  // namespace floorsync::collector

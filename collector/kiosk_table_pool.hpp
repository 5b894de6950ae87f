// A bounded pool of KioskTable connections, so worker threads authenticate in parallel without sharing a connection
// and a burst of requests does not open a database connection per worker (a PostgreSQL connection is a process).
#pragma once

#include "collector/storage/storage.hpp"

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace floorsync::collector {

class KioskTablePool {
public:
    // Opens `warm` connections now (throws StorageError) and at most `size` in all.
    KioskTablePool(Storage& storage, std::size_t size, std::size_t warm) : storage_(storage), size_(size) {
        for (std::size_t i = 0; i < warm && i < size; ++i) idle_.push_back(storage_.open_kiosks());
        open_ = idle_.size();
    }

    // A table for this thread until the lease is destroyed.
    class Lease {
    public:
        Lease(KioskTablePool& pool, std::unique_ptr<KioskTable> table) : pool_(pool), table_(std::move(table)) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() { pool_.give_back(std::move(table_)); }
        KioskTable& operator*() { return *table_; }
        KioskTable* operator->() { return table_.get(); }
        // A connection that failed is not put back: the next lease opens a fresh one.
        void discard() { table_.reset(); }

    private:
        KioskTablePool& pool_;
        std::unique_ptr<KioskTable> table_;
    };

    // Waits while all `size` connections are leased (an authentication takes well under a millisecond).
    Lease acquire() {
        std::unique_lock lock(mutex_);
        returned_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
        if (!idle_.empty()) {
            auto table = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(table));
        }
        ++open_;
        lock.unlock();
        try {
            return Lease(*this, storage_.open_kiosks());
        } catch (...) {
            give_back(nullptr);
            throw;
        }
    }

private:
    void give_back(std::unique_ptr<KioskTable> table) {
        {
            std::lock_guard lock(mutex_);
            if (table) {
                idle_.push_back(std::move(table));
            } else {
                --open_;  // discarded or never opened
            }
        }
        returned_.notify_one();
    }

    Storage& storage_;
    const std::size_t size_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<KioskTable>> idle_;
    std::size_t open_ = 0;  // idle plus leased
};

}  // namespace floorsync::collector

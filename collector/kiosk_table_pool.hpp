// Bounded pools of table connections (kiosk registry, content, ambassadors, questions), so worker threads read in parallel without sharing
// a connection and a burst of requests does not open a database connection per worker (a PostgreSQL connection is a
// process).
#pragma once

#include "collector/storage/storage.hpp"

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace floorsync::collector {

// `Open` is the Storage member that makes one connection of `Table` (Storage::open_kiosks, Storage::open_content).
template <class Table, std::unique_ptr<Table> (Storage::*Open)()>
class TablePool {
public:
    // Opens `warm` connections now (throws StorageError) and at most `size` in all.
    TablePool(Storage& storage, std::size_t size, std::size_t warm) : storage_(storage), size_(size) {
        for (std::size_t i = 0; i < warm && i < size; ++i) idle_.push_back((storage_.*Open)());
        open_ = idle_.size();
    }

    // A table for this thread until the lease is destroyed.
    class Lease {
    public:
        Lease(TablePool& pool, std::unique_ptr<Table> table) : pool_(pool), table_(std::move(table)) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() { pool_.give_back(std::move(table_)); }
        Table& operator*() { return *table_; }
        Table* operator->() { return table_.get(); }
        // A connection that failed is not put back: the next lease opens a fresh one.
        void discard() { table_.reset(); }

    private:
        TablePool& pool_;
        std::unique_ptr<Table> table_;
    };

    // Waits while all `size` connections are leased (each use takes well under a millisecond).
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
            return Lease(*this, (storage_.*Open)());
        } catch (...) {
            give_back(nullptr);
            throw;
        }
    }

private:
    void give_back(std::unique_ptr<Table> table) {
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
    std::vector<std::unique_ptr<Table>> idle_;
    std::size_t open_ = 0;  // idle plus leased
};

using KioskTablePool = TablePool<KioskTable, &Storage::open_kiosks>;
using ContentTablePool = TablePool<ContentTable, &Storage::open_content>;
using AmbassadorTablePool = TablePool<AmbassadorTable, &Storage::open_ambassadors>;
using QuestionTablePool = TablePool<QuestionTable, &Storage::open_questions>;

}  // namespace floorsync::collector

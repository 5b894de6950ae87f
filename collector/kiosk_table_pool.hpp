// A small pool of KioskTable connections, so worker threads authenticate in parallel without sharing a connection.
#pragma once

#include "collector/storage/storage.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace floorsync::collector {

class KioskTablePool {
public:
    explicit KioskTablePool(Storage& storage) : storage_(storage) {}

    // A table for this thread until the lease is destroyed; opens a new connection when none is free.
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

    Lease acquire() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                auto table = std::move(idle_.back());
                idle_.pop_back();
                return Lease(*this, std::move(table));
            }
        }
        return Lease(*this, storage_.open_kiosks());  // throws StorageError
    }

private:
    void give_back(std::unique_ptr<KioskTable> table) {
        if (!table) return;
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(table));
    }

    Storage& storage_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<KioskTable>> idle_;
};

}  // namespace floorsync::collector

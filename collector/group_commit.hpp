// Group commit: uploads that arrive together share one transaction, so one flush to disk covers many batches.
#pragma once

#include "collector/storage/storage.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace floorsync::collector {

// Owns the EventWriters (their connections), one writer thread each. Callers on any thread hand in a batch and wait; the
// writer takes everything queued (up to max_rows_per_transaction events) into one transaction. Each commit costs a
// flush (SQLite synchronous=FULL, PostgreSQL's WAL fsync), which on ordinary disks dominates; sharing it is what lets
// ingest keep up with many kiosks.
class GroupCommitter {
public:
    // One thread per writer (each its own connection); the backend says how many help (Storage::writer_connections).
    GroupCommitter(std::vector<std::unique_ptr<EventWriter>> writers, std::size_t max_rows_per_transaction = 20000);
    ~GroupCommitter();  // finishes what is queued, then stops the thread
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    // Blocks until committed. nullopt: the kiosk was revoked meanwhile. Throws StorageError if the transaction failed
    // (nothing of this batch was stored).
    std::optional<std::vector<EventResult>> write(const KioskIdentity& kiosk, const KioskReport& report,
                                                  const std::vector<CheckedEvent>& events);
    // Records last_seen for a kiosk (a feed poll).
    void touch(const KioskIdentity& kiosk);
    // Records last_seen for all of them in one transaction (one commit, one fsync, however many kiosks).
    void touch_all(const std::vector<KioskIdentity>& kiosks);
    // Batches waiting for the next transaction (not counting the ones being written now).
    std::size_t queued() const;
    // Batches in the transactions being written now.
    std::size_t writing() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync::collector

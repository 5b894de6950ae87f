// Group commit: uploads that arrive together share one SQLite transaction, so one fsync covers many batches.
#pragma once

#include "collector/ingest.hpp"
#include "sync/sqlite.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace floorsync::collector {

// Owns the write connection and a writer thread. Callers on any thread hand in a batch and wait; the writer takes
// everything queued (up to max_rows_per_transaction events) into one transaction. With synchronous=FULL each
// commit costs an fsync, which on ordinary disks dominates; sharing it is what lets ingest keep up with many kiosks.
class GroupCommitter {
public:
    GroupCommitter(sqlite::Database db, std::size_t max_rows_per_transaction = 20000);
    ~GroupCommitter();  // finishes what is queued, then stops the thread
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    // Blocks until committed. nullopt: the kiosk was revoked meanwhile. Throws StoreError if the transaction failed
    // (nothing of this batch was stored).
    std::optional<std::vector<EventResult>> write(const KioskIdentity& kiosk, const KioskReport& report,
                                                  const std::vector<CheckedEvent>& events);
    // Records last_seen for a kiosk (a feed poll).
    void touch(const KioskIdentity& kiosk);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync::collector

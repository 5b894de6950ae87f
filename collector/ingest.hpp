// Stores uploaded batches: one transaction per batch, atomic dedupe by event id, conflicts never overwrite.
#pragma once

#include "collector/registry.hpp"
#include "sync/shared/protocol.hpp"
#include "sync/sqlite.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace floorsync::collector {

// One kiosk's upload (or, with report == nullptr, just a sign of life) inside a shared transaction.
struct BatchWrite {
    const KioskIdentity* kiosk = nullptr;
    const KioskReport* report = nullptr;                   // nullptr: only record last_seen (a feed poll)
    const std::vector<CheckedEvent>* events = nullptr;     // may be nullptr with report == nullptr
    std::optional<std::vector<EventResult>> results;       // set by write(); nullopt: the kiosk was revoked
};

// Not thread-safe: one thread owns it (see GroupCommitter).
class EventWriter {
public:
    explicit EventWriter(sqlite::Database& db);
    ~EventWriter();
    EventWriter(const EventWriter&) = delete;
    EventWriter& operator=(const EventWriter&) = delete;

    // In ONE transaction, for each batch: records the kiosk's report (last seen, app version, backlog) and stores
    // every event without an error, setting batch.results to one result per event, in order. A batch whose kiosk
    // was revoked meanwhile writes nothing and keeps results == nullopt. `now` is RFC 3339 UTC.
    // Throws StoreError when the transaction fails; then nothing at all was written.
    void write(const std::vector<BatchWrite*>& batches, const std::string& now);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync::collector

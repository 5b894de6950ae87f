// Stores uploaded batches: one transaction per batch, atomic dedupe by event id, conflicts never overwrite.
#pragma once

#include "sync/collector/registry.hpp"
#include "sync/protocol.hpp"
#include "sync/sqlite.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace floorsync::collector {

// Not thread-safe: the server serialises writers with a lock (SQLite has one writer at a time anyway, and an
// in-process lock is much cheaper than SQLite's busy-wait retries).
class EventWriter {
public:
    explicit EventWriter(sqlite::Database& db);
    ~EventWriter();
    EventWriter(const EventWriter&) = delete;
    EventWriter& operator=(const EventWriter&) = delete;

    // In one transaction: records the kiosk's report (last seen, app version, backlog) and stores every event
    // without an error. Returns one result per event, in order; nullopt if the kiosk was revoked meanwhile
    // (nothing is written then). `now` is RFC 3339 UTC.
    std::optional<std::vector<EventResult>> write(const KioskIdentity& kiosk, const KioskReport& report,
                                                  const std::vector<CheckedEvent>& events, const std::string& now);

    // Records that the kiosk was seen (a feed poll), keeping its last reported version and backlog.
    void touch(const std::string& kiosk_id, const std::string& now);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync::collector

// The collector's SQLite database: opening it (WAL, synchronous=FULL), its versioned schema, event content hashes.
#pragma once

#include "sync/shared/event.hpp"
#include "sync/sqlite.hpp"

#include <string>

namespace floorsync::collector {

inline constexpr int kSchemaVersion = 1;

// Opens or creates the collector database at `path` (creating parent directories) and migrates it.
// Throws sqlite::SqliteError / StoreError with the file name and the failing step.
sqlite::Database open_collector_database(const std::string& path);

// A short hex digest of everything an event says, except its id: equal digests mean an identical resend.
std::string content_hash(const Event& event);

// Default location when no --db is given: $XDG_DATA_HOME/floor-collector/collector.db (~/.local/share/...).
std::string default_database_path();

}  // namespace floorsync::collector

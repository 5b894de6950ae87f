// The collector's SQLite database: opening it (WAL, synchronous=FULL) and its versioned schema with the BI views.
#pragma once

#include "sync/sqlite.hpp"

#include <string>

namespace floorsync::collector {

inline constexpr int kSqliteSchemaVersion = 5;

// Opens or creates the collector database at `path` (creating parent directories) and migrates it.
// Throws sqlite::SqliteError / StoreError with the file name and the failing step. `extra_flags` are added to the
// open flags: sqlite::open_nomutex for a connection only ever used by one thread at a time (a pooled table), which
// spares a mutex round trip on every step and column read.
sqlite::Database open_collector_database(const std::string& path, int extra_flags = 0);

// Default location when no --db is given: $XDG_DATA_HOME/floor-collector/collector.db (~/.local/share/...).
std::string default_database_path();

}  // namespace floorsync::collector

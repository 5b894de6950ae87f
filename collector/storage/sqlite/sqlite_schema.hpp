// The collector's SQLite database: opening it (WAL, synchronous=FULL) and its versioned schema with the BI views.
#pragma once

#include "sync/sqlite.hpp"

#include <string>

namespace floorsync::collector {

inline constexpr int kSqliteSchemaVersion = 5;

// Opens or creates the collector database at `path` (creating parent directories) and migrates it.
// Throws sqlite::SqliteError / StoreError with the file name and the failing step.
sqlite::Database open_collector_database(const std::string& path);

// Default location when no --db is given: $XDG_DATA_HOME/floor-collector/collector.db (~/.local/share/...).
std::string default_database_path();

}  // namespace floorsync::collector

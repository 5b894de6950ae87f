// The SQLite side of the ratings read model: the dashboard's reads, and its rows inside the writer's transaction.
#pragma once

#include "collector/storage/rating_effects.hpp"
#include "collector/storage/storage.hpp"
#include "sync/sqlite.hpp"

#include <memory>
#include <string>

namespace floorsync::collector::sqlite_backend {

// A RatingTable on its own connection to the collector database at `path`. Throws StorageError.
std::unique_ptr<RatingTable> make_rating_table(const std::string& path);

// RatingRows on `db`, for use inside the caller's open write transaction. Its statements are prepared once.
std::unique_ptr<RatingRows> make_rating_rows(sqlite::Database& db);

// Inside the migration's transaction to schema v5: the read model of the ratings and amendments stored before it,
// by the same rules as ingest, a chunk of events at a time. Throws StoreError.
void derive_stored_ratings(sqlite::Database& db);

}  // namespace floorsync::collector::sqlite_backend

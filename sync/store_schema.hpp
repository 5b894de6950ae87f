// The outbox database's schema history: ordered migrations keyed by PRAGMA user_version.
#pragma once

#include "sync/sqlite.hpp"

#include <string>

namespace floorsync::store_schema {

// The version this program writes and understands; Store::kSchemaVersion repeats it.
inline constexpr int kCurrentVersion = 4;

// Brings the database at db.path() to kCurrentVersion in one IMMEDIATE transaction, so concurrent openers
// (recorder, sync engine, kioskctl) migrate it once. Refuses, with StoreError, a file written by a newer
// version of the program and a SQLite file that holds unrelated tables without a schema version.
void migrate(sqlite::Database& db);

int read_version(sqlite::Database& db);

}  // namespace floorsync::store_schema

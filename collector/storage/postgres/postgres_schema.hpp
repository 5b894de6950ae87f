// The collector's PostgreSQL schema: versioned migrations (the SQLite tables, then the BI views), applied once.
#pragma once

#include "collector/storage/postgres/pq.hpp"

namespace floorsync::collector {

inline constexpr int kPostgresSchemaVersion = 5;

// Brings the database behind `conn` to kPostgresSchemaVersion in one transaction that holds a fixed advisory lock,
// so collector processes starting at once on one database migrate it exactly once (the others wait, then find
// nothing to do). Versions are rows of schema_migrations(version, applied_at). Throws pq::PqError, or
// StorageError when the database's schema is newer than this collector understands.
void migrate_postgres_schema(pq::Connection& conn);

// The highest version in schema_migrations; 0 when the table does not exist. Throws pq::PqError.
int postgres_schema_version(pq::Connection& conn);

}  // namespace floorsync::collector

// The PostgreSQL backend of the collector's storage seam (several collector processes on one database).
#pragma once

#include "collector/storage/storage.hpp"

#include <memory>
#include <string>

namespace floorsync::collector {

// Connects to `conninfo` (a postgresql:// URI or a libpq key=value string), creates or migrates the schema, and
// keeps the conninfo: each open_* call then makes its own new connection. describe() is "PostgreSQL host:port/db".
// Throws StorageError (cannot connect, a failed migration, a schema newer than this collector); never shows the
// password.
std::unique_ptr<Storage> open_postgres_storage(const std::string& conninfo);

}  // namespace floorsync::collector

// The SQLite backend of the collector's storage seam (the embedded default: one file, no setup).
#pragma once

#include "collector/storage/storage.hpp"

#include <memory>
#include <string>

namespace floorsync::collector {

// Opens (creating and migrating) the SQLite database at `path`. Throws StorageError.
std::unique_ptr<Storage> open_sqlite_storage(const std::string& path);

}  // namespace floorsync::collector

// The SQLite content table: published items under revisions of one counter (content_head), for the feed and the CLI.
#pragma once

#include "collector/storage/storage.hpp"

#include <memory>
#include <string>

namespace floorsync::collector::sqlite_backend {

// A ContentTable on its own connection to the collector database at `path`. Throws StorageError.
std::unique_ptr<ContentTable> make_content_table(const std::string& path);

}  // namespace floorsync::collector::sqlite_backend

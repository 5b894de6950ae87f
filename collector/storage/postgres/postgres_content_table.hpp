// The PostgreSQL content table: published items under revisions of one counter row shared by every collector process.
#pragma once

#include "collector/storage/postgres/postgres_backend.hpp"

#include <memory>

namespace floorsync::collector::postgres_backend {

// A ContentTable on its own connection to `target`. Throws StorageError.
std::unique_ptr<ContentTable> make_content_table(const Target& target);

}  // namespace floorsync::collector::postgres_backend

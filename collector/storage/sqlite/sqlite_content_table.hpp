// The SQLite content table: published items under revisions of one counter (content_head), for the feed and the CLI.
#pragma once

#include "collector/storage/storage.hpp"
#include "sync/sqlite.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace floorsync::collector::sqlite_backend {

// Inside a write transaction on `db`: the content counter's next value, rolled back with the transaction. Every
// revisioned row (content, questions, ambassadors) takes it. Throws StoreError.
std::int64_t next_content_revision(sqlite::Database& db);

// A ContentTable on its own connection to the collector database at `path`. Throws StorageError.
std::unique_ptr<ContentTable> make_content_table(const std::string& path);

// Inside the caller's open write transaction on `db`, when a kiosk's departments change from `before` to `after`:
// writes every item of items_to_resend again, content unchanged, under the next revisions, in revision order.
// Returns how many. Throws StoreError (the caller's guard words it).
std::size_t resend_for_department_change(sqlite::Database& db, const std::vector<std::string>& before,
                                         const std::vector<std::string>& after);

}  // namespace floorsync::collector::sqlite_backend

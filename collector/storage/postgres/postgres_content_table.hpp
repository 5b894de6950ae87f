// The PostgreSQL content table: published items under revisions of one counter row shared by every collector process.
#pragma once

#include "collector/storage/postgres/postgres_backend.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace floorsync::collector::postgres_backend {

// The first statement of every write of a revisioned row (content, questions, ambassadors): the content counter's
// next value. It takes the counter row's lock until COMMIT or ROLLBACK, so writers on any collector take turns and a
// revision is visible only after every smaller one has been committed. Throws pq::PqError.
std::int64_t next_content_revision(pq::Connection& conn);

// A ContentTable on its own connection to `target`. Throws StorageError.
std::unique_ptr<ContentTable> make_content_table(const Target& target);

// Inside the caller's open transaction on `conn`, when a kiosk's departments change from `before` to `after`:
// writes every item of items_to_resend again, content unchanged, under the next revisions, in revision order
// (holding the content_head row lock from the read to COMMIT, so no other content write interleaves). Returns how
// many. Throws pq::PqError (the caller's guard words it with `target`).
std::size_t resend_for_department_change(const Target& target, pq::Connection& conn,
                                         const std::vector<std::string>& before,
                                         const std::vector<std::string>& after);

}  // namespace floorsync::collector::postgres_backend

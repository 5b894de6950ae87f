// copy-db: moves a collector's kiosks, events and content to another database (SQLite to PostgreSQL) losslessly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace floorsync::collector {

// The target holds different data under the same kiosk, event or content ids (or another content item under the same
// revision), or source and target are the same. Nothing was written.
struct CopyError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CopyReport {
    std::string source;  // Storage::describe() of each side
    std::string target;
    std::size_t kiosks_added = 0;
    std::size_t kiosks_identical = 0;
    std::size_t events_added = 0;
    std::size_t events_identical = 0;
    std::size_t content_added = 0;
    std::size_t content_identical = 0;
    std::int64_t content_head = 0;  // the target's content revision afterwards
};

// Copies every kiosk (token hash, departments, timestamps), every event (with its content hash and arrival time)
// and every content item (with its revision, withdrawn ones too) in ONE transaction on the target, and raises the
// target's content revision counter to the source's (never lowers it): kiosks keep their tokens and their feed
// cursors, a second run adds nothing, and a conflict rolls everything back. `progress` gets a line now and then.
// Throws CopyError or StorageError.
CopyReport copy_database(const std::string& from, const std::string& to,
                         const std::function<void(const std::string&)>& progress = {});

}  // namespace floorsync::collector

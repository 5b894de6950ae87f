// copy-db: moves a collector's kiosks and events from one database to another (SQLite to PostgreSQL) losslessly.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>

namespace floorsync::collector {

// The target holds different data under the same kiosk or event ids, or source and target are the same. Nothing
// was written.
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
};

// Copies every kiosk (token hash, departments, timestamps) and every event (with its content hash and arrival
// time) in ONE transaction on the target: kiosks keep their tokens, a second run adds nothing, and a conflict
// rolls everything back. `progress` gets a line now and then. Throws CopyError or StorageError.
CopyReport copy_database(const std::string& from, const std::string& to,
                         const std::function<void(const std::string&)>& progress = {});

}  // namespace floorsync::collector

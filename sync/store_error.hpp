// The error every SQLite-backed store throws (kiosk outbox and the collector's SQLite backend alike).
#pragma once

#include <stdexcept>
#include <string>

namespace floorsync {

// Thrown when the database cannot be opened, migrated, read or written. `code` is the SQLite result code
// (SQLITE_FULL, SQLITE_READONLY, SQLITE_CORRUPT, ...), and what() names the file and the failing step.
struct StoreError : std::runtime_error {
    StoreError(const std::string& message, int code) : std::runtime_error(message), code(code) {}
    int code;
};

}  // namespace floorsync

// Internal to the SQLite backend: its classes behind the storage interfaces, and how it words SQLite errors.
#pragma once

#include "collector/storage/storage.hpp"
#include "sync/sqlite.hpp"

#include <string>
#include <utility>

namespace floorsync::collector::sqlite_backend {

// Runs `step`; a StoreError (SQLite's) becomes a StorageError that names the backend and the step.
template <class Function>
auto guarded(const char* step, Function&& function) -> decltype(function()) {
    try {
        return function();
    } catch (const StoreError& error) {
        throw StorageError(std::string("SQLite: ") + step + ": " + error.what());
    }
}

std::unique_ptr<EventWriter> make_event_writer(const std::string& path);
std::unique_ptr<KioskTable> make_kiosk_table(const std::string& path);

}  // namespace floorsync::collector::sqlite_backend

// Chooses the backend from the --db text: a PostgreSQL URL or connection string, else a SQLite file path.
#include "collector/storage/postgres/postgres_storage.hpp"
#include "collector/storage/postgres/pq.hpp"
#include "collector/storage/sqlite/sqlite_storage.hpp"
#include "collector/storage/storage.hpp"

namespace floorsync::collector {

std::unique_ptr<Storage> open_storage(const std::string& db) {
    if (db.empty()) throw StorageError("no database given (--db PATH or --db postgresql://...)");
    if (pq::is_postgres_url(db)) return open_postgres_storage(db);
    return open_sqlite_storage(db);
}

}  // namespace floorsync::collector

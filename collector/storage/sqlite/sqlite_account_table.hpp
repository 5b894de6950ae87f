// The SQLite side of dashboard accounts: the table, and the user rows copy-db's import writes as they are.
#pragma once

#include "collector/storage/storage.hpp"
#include "sync/sqlite.hpp"

#include <memory>
#include <optional>
#include <string>

namespace floorsync::collector::sqlite_backend {

// An AccountTable on its own connection to the collector database at `path`. Throws StorageError.
std::unique_ptr<AccountTable> make_account_table(const std::string& path);

// The columns user_record() reads, in its order.
inline constexpr const char* kUserColumns = "id, name, password_hash, created_at, removed_at";
UserRecord user_record(const sqlite::Statement& row);

// Inserts the row as it is; false (nothing written) when its id exists or an active account has its name.
// Throws StoreError.
bool insert_user_row(sqlite::Database& db, const UserRecord& user);
std::optional<UserRecord> find_user_row(sqlite::Database& db, const std::string& id);

}  // namespace floorsync::collector::sqlite_backend

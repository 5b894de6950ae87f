// The PostgreSQL side of dashboard accounts: the user rows that the table and copy-db's import both write.
#pragma once

#include "collector/storage/postgres/postgres_backend.hpp"

#include <optional>
#include <string>

namespace floorsync::collector::postgres_backend {

// The columns user_record() reads, in its order.
inline constexpr const char* kUserColumns = "id, name, password_hash, created_at, removed_at";
UserRecord user_record(const pq::Result& rows, int row);

// Inserts the row as it is; false (nothing written) when its id exists or an active account has its name.
// Throws pq::PqError.
bool insert_user_row(pq::Connection& conn, const UserRecord& user);
std::optional<UserRecord> find_user_row(pq::Connection& conn, const std::string& id);

}  // namespace floorsync::collector::postgres_backend

// RAII wrappers for SQLite handles (connection, prepared statement, transaction) that throw SqliteError.
#pragma once

#include "sync/store_error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace floorsync::sqlite {

// Values of SQLITE_OPEN_* (checked against <sqlite3.h> in sqlite.cpp), so callers need not include it.
inline constexpr int open_readonly = 0x00000001;
inline constexpr int open_readwrite = 0x00000002;
inline constexpr int open_create = 0x00000004;
inline constexpr int open_nomutex = 0x00008000;
inline constexpr int open_fullmutex = 0x00010000;

// Result codes callers commonly test for (values of <sqlite3.h>).
inline constexpr int code_busy = 5;
inline constexpr int code_readonly = 8;
inline constexpr int code_ioerr = 10;
inline constexpr int code_corrupt = 11;
inline constexpr int code_full = 13;
inline constexpr int code_cantopen = 14;
inline constexpr int code_constraint = 19;
inline constexpr int code_notadb = 26;

// A failed SQLite call. `code` (from StoreError) is the primary result code, `extended_code` the extended one,
// `detail` SQLite's own message ("database or disk is full"), `path` the database file.
// what() reads "<path>: <detail>"; callers usually re-word it with the step that failed (see Database::error).
struct SqliteError : StoreError {
    SqliteError(std::string path, std::string detail, int code, int extended_code);
    std::string path;
    std::string detail;
    int extended_code;
};

class Database {
public:
    // Opens (and with open_create creates) the file; a busy timeout lets concurrent connections wait for locks.
    explicit Database(const std::string& path, int flags = open_readwrite | open_create, int busy_timeout_ms = 5000);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }

    void set_busy_timeout(int milliseconds);

    // Runs one or more statements without results (DDL, PRAGMA assignments, BEGIN/COMMIT).
    void exec(std::string_view sql);

    // First column of the first row of a query (e.g. "PRAGMA user_version"); throws if there is no row.
    std::int64_t query_int64(std::string_view sql);
    std::string query_text(std::string_view sql);

    std::int64_t last_insert_rowid() const;
    int changes() const;  // rows changed by the last INSERT/UPDATE/DELETE
    bool in_transaction() const;
    bool is_readonly() const;  // opened read-only, or fell back to it (read-only file or file system)

    std::string last_error_text() const;  // sqlite3_errmsg
    int last_error_code() const;          // primary result code of the last failure
    // Builds the exception for a failed call with result `code`: what() is "<path>: <sqlite message>".
    SqliteError error(int code) const;

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based by index, or by name including its prefix (":id").
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);  // copied by SQLite
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind_null(int index);
    template <typename T>
    Statement& bind(const char* name, const T& value) {
        return bind(parameter_index(name), value);
    }
    Statement& bind_null(const char* name) { return bind_null(parameter_index(name)); }
    int parameter_index(const char* name) const;  // throws if the statement has no such parameter

    // true: a row is available through the column getters; false: done. On error the statement is reset and
    // SqliteError is thrown.
    bool step();
    // Steps a statement that returns no rows; returns the number of rows it changed.
    int run();
    // Ready to run again; bindings are cleared.
    void reset();

    int column_count() const;
    bool column_is_null(int index) const;  // 0-based
    std::int64_t column_int64(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;  // "" for NULL
    std::size_t column_bytes(int index) const;

    sqlite3_stmt* handle() const { return stmt_; }

private:
    Database* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE (by default) takes the write lock up front, so the transaction cannot fail later with
// SQLITE_BUSY on the first write. Rolls back in the destructor unless commit() succeeded.
class Transaction {
public:
    enum class Mode { deferred, immediate, exclusive };
    explicit Transaction(Database& db, Mode mode = Mode::immediate);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();
    void rollback();

private:
    Database& db_;
    bool open_ = false;
};

}  // namespace floorsync::sqlite

// RAII wrappers for SQLite handles: open/close, prepare/finalize, BEGIN/COMMIT/ROLLBACK, errors with file names.
#include "sync/sqlite.hpp"

#include <sqlite3.h>

#include <utility>

namespace floorsync::sqlite {

static_assert(open_readonly == SQLITE_OPEN_READONLY && open_readwrite == SQLITE_OPEN_READWRITE &&
              open_create == SQLITE_OPEN_CREATE && open_nomutex == SQLITE_OPEN_NOMUTEX &&
              open_fullmutex == SQLITE_OPEN_FULLMUTEX);
static_assert(code_busy == SQLITE_BUSY && code_readonly == SQLITE_READONLY && code_ioerr == SQLITE_IOERR &&
              code_corrupt == SQLITE_CORRUPT && code_full == SQLITE_FULL && code_cantopen == SQLITE_CANTOPEN &&
              code_constraint == SQLITE_CONSTRAINT && code_notadb == SQLITE_NOTADB);

namespace {

std::string error_detail(sqlite3* db, int code) {
    // sqlite3_errmsg describes the most recent failure on the connection; fall back to the generic text for
    // `code` when the connection has none (no handle, or the error came from somewhere else).
    if (db != nullptr && sqlite3_errcode(db) != SQLITE_OK) {
        return sqlite3_errmsg(db);
    }
    return sqlite3_errstr(code);
}

}  // namespace

SqliteError::SqliteError(std::string path_, std::string detail_, int code_, int extended_code_)
    : StoreError(path_ + ": " + detail_, code_ & 0xff),
      path(std::move(path_)),
      detail(std::move(detail_)),
      extended_code(extended_code_) {}

// ---- Database ----

Database::Database(const std::string& path, int flags, int busy_timeout_ms) : path_(path) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_EXRESCODE, nullptr);
    if (rc != SQLITE_OK) {
        SqliteError failure(path_, error_detail(db_, rc), rc, db_ ? sqlite3_extended_errcode(db_) : rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw failure;
    }
    sqlite3_extended_result_codes(db_, 1);
    set_busy_timeout(busy_timeout_ms);
}

Database::~Database() {
    if (db_ != nullptr) {
        sqlite3_close_v2(db_);
    }
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (db_ != nullptr) {
            sqlite3_close_v2(db_);
        }
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

void Database::set_busy_timeout(int milliseconds) {
    const int rc = sqlite3_busy_timeout(db_, milliseconds);
    if (rc != SQLITE_OK) {
        throw error(rc);
    }
}

void Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw SqliteError(path_, detail, rc, sqlite3_extended_errcode(db_));
    }
}

std::int64_t Database::query_int64(std::string_view sql) {
    Statement statement(*this, sql);
    if (!statement.step()) {
        throw SqliteError(path_, "no result from: " + std::string(sql), SQLITE_ERROR, SQLITE_ERROR);
    }
    return statement.column_int64(0);
}

std::string Database::query_text(std::string_view sql) {
    Statement statement(*this, sql);
    if (!statement.step()) {
        throw SqliteError(path_, "no result from: " + std::string(sql), SQLITE_ERROR, SQLITE_ERROR);
    }
    return statement.column_text(0);
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

bool Database::is_readonly() const { return sqlite3_db_readonly(db_, "main") == 1; }

std::string Database::last_error_text() const { return sqlite3_errmsg(db_); }

int Database::last_error_code() const { return sqlite3_errcode(db_) & 0xff; }

SqliteError Database::error(int code) const {
    return SqliteError(path_, error_detail(db_, code), code, db_ ? sqlite3_extended_errcode(db_) : code);
}

// ---- Statement ----

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
    const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt_);
        stmt_ = nullptr;
        throw db.error(rc);
    }
    if (stmt_ == nullptr) {
        throw SqliteError(db.path(), "empty SQL statement", SQLITE_MISUSE, SQLITE_MISUSE);
    }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = std::exchange(other.db_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) {
        throw db_->error(rc);
    }
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK) {
        throw db_->error(rc);
    }
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    const int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) {
        throw db_->error(rc);
    }
    return *this;
}

Statement& Statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) {
        throw db_->error(rc);
    }
    return *this;
}

int Statement::parameter_index(const char* name) const {
    const int index = sqlite3_bind_parameter_index(stmt_, name);
    if (index == 0) {
        throw SqliteError(db_->path(), std::string("no SQL parameter named ") + name, SQLITE_RANGE, SQLITE_RANGE);
    }
    return index;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    SqliteError failure = db_->error(rc);
    sqlite3_reset(stmt_);
    throw failure;
}

int Statement::run() {
    while (step()) {
    }
    return db_->changes();
}

void Statement::reset() {
    // The return value repeats the last step's error, which step() already reported.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int Statement::column_count() const { return sqlite3_column_count(stmt_); }

bool Statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

std::int64_t Statement::column_int64(int index) const { return sqlite3_column_int64(stmt_, index); }

double Statement::column_double(int index) const { return sqlite3_column_double(stmt_, index); }

std::string Statement::column_text(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    if (text == nullptr) {
        return {};
    }
    return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::size_t Statement::column_bytes(int index) const {
    return static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index));
}

// ---- Transaction ----

Transaction::Transaction(Database& db, Mode mode) : db_(db) {
    switch (mode) {
        case Mode::deferred: db_.exec("BEGIN DEFERRED"); break;
        case Mode::immediate: db_.exec("BEGIN IMMEDIATE"); break;
        case Mode::exclusive: db_.exec("BEGIN EXCLUSIVE"); break;
    }
    open_ = true;
}

Transaction::~Transaction() {
    if (open_) {
        try {
            rollback();
        } catch (...) {
            // Nothing sensible to do in a destructor; SQLite rolls back on close anyway.
        }
    }
}

void Transaction::commit() {
    // If COMMIT fails (disk full, busy), the transaction may still be open: the destructor rolls it back.
    db_.exec("COMMIT");
    open_ = false;
}

void Transaction::rollback() {
    open_ = false;
    // A failed statement (e.g. SQLITE_FULL) may already have rolled the transaction back by itself.
    if (db_.in_transaction()) {
        db_.exec("ROLLBACK");
    }
}

}  // namespace floorsync::sqlite

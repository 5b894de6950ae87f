// RAII wrappers for libpq (connection, result, bound text parameters, transaction) that throw PqError.
#pragma once

#include <concepts>
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// The libpq handle types (same typedefs as <libpq-fe.h>), so callers need not include it.
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace floorsync::pq {

// A failed libpq call or server command. what() is one line: the server's message (with DETAIL when there is one)
// and "[SQLSTATE xxxxx]", or libpq's own message for client-side failures (cannot connect, connection lost).
struct PqError : std::runtime_error {
    explicit PqError(const std::string& message, std::string sqlstate = {}, bool connection_lost = false);
    // Five characters such as "23505" (unique_violation), "40001" (serialization_failure); empty when the
    // failure did not come from the server.
    const std::string& sqlstate() const { return sqlstate_; }
    // The connection was CONNECTION_BAD after the failure: reconnect (a new Connection) before retrying.
    bool connection_lost() const { return connection_lost_; }

private:
    std::string sqlstate_;
    bool connection_lost_;
};

// Owns one PGresult (PQclear). Rows and columns are 0-based, values are in text format. A row or column out of
// range throws std::out_of_range.
class Result {
public:
    Result() = default;
    explicit Result(PGresult* result) : result_(result) {}
    ~Result();
    Result(Result&& other) noexcept;
    Result& operator=(Result&& other) noexcept;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;

    int rows() const;
    int columns() const;
    int column_index(const std::string& name) const;  // throws std::out_of_range for an unknown column name

    bool is_null(int row, int col) const;
    std::string text(int row, int col) const;       // "" for NULL
    std::string_view view(int row, int col) const;  // "" for NULL; valid while this Result lives
    std::int64_t int64(int row, int col) const;     // throws PqError for NULL or a value that is not an integer
    std::optional<std::string> optional_text(int row, int col) const;  // nullopt for NULL
    // Rows inserted/updated/deleted/selected by the command (PQcmdTuples), 0 when the command reports none.
    int affected_rows() const;

    PGresult* raw() const { return result_; }

private:
    void check(int row, int col) const;
    PGresult* result_ = nullptr;
};

// Text parameters $1, $2, ... for query() / exec_prepared(), always bound (never spliced into the SQL).
// The server infers each parameter's type from its use; cast in SQL where it cannot ("$1::bigint").
class Params {
public:
    Params() = default;
    Params(const Params& other);
    Params& operator=(const Params& other);
    Params(Params&&) noexcept = default;
    Params& operator=(Params&&) noexcept = default;

    Params& add(std::string_view text);  // copied; a NUL byte throws std::invalid_argument (text cannot hold it)
    Params& add(const std::string& text) { return add(std::string_view(text)); }
    Params& add(const char* text) { return add(std::string_view(text)); }
    Params& add(std::int64_t value);
    Params& add(const std::optional<std::string>& text);  // NULL for nullopt
    template <std::same_as<bool> B>
    Params& add(B value) {  // "true" / "false" (a template, so add(1) stays an integer)
        return add(std::string_view(value ? "true" : "false"));
    }
    Params& add_null();

    // The arrays PQexecParams takes; values()[i] is nullptr for NULL.
    int size() const { return static_cast<int>(pointers_.size()); }
    const char* const* values() const { return pointers_.data(); }
    const int* lengths() const { return lengths_.data(); }
    const int* formats() const { return formats_.data(); }

private:
    void rebuild();
    std::deque<std::string> storage_;  // a deque: appending never moves the strings already stored
    std::vector<bool> null_;
    std::vector<const char*> pointers_;
    std::vector<int> lengths_;
    std::vector<int> formats_;
};

// Owns one PGconn (PQfinish). Use it from one thread at a time. Server NOTICEs are dropped, WARNINGs go to stderr.
class Connection {
public:
    // `conninfo` is a URI ("postgresql://user@host:5432/db") or "key=value ..." string. Sets client_encoding=UTF8,
    // application_name=kiosk-collector (unless conninfo names one) and connect_timeout=10 (unless it names one).
    // Throws PqError "cannot connect to PostgreSQL at host:port/dbname: <reason>", or "invalid PostgreSQL
    // connection string: <reason>" when libpq cannot parse it; neither ever shows the password.
    explicit Connection(const std::string& conninfo);
    ~Connection();
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs one or more ';'-separated statements without parameters (DDL, migrations). Throws PqError on the first
    // failing statement (earlier ones stay applied unless the text wraps them in a transaction).
    void exec(const std::string& sql);
    // One statement with bound parameters, text results. Throws PqError (server message and SQLSTATE) unless the
    // status is PGRES_COMMAND_OK or PGRES_TUPLES_OK.
    Result query(const std::string& sql, const Params& params = {});
    // query() that must return exactly one row; throws PqError (empty sqlstate) for zero or several rows.
    Result query_one_row(const std::string& sql, const Params& params = {});

    // Server-side prepared statement for this connection; names are per connection. Both throw like query().
    void prepare(const std::string& name, const std::string& sql);
    Result exec_prepared(const std::string& name, const Params& params = {});

    bool ok() const;              // PQstatus == CONNECTION_OK
    bool in_transaction() const;  // inside BEGIN ... (also when the transaction has failed)
    std::string describe() const;  // "host:port/dbname"
    PGconn* raw() const { return conn_; }

private:
    PGconn* live() const;  // conn_, or throws PqError when this object was moved from
    Result check(PGresult* result, const std::string& what, bool allow_empty_query = false) const;
    PGconn* conn_ = nullptr;
};

// BEGIN in the constructor (throws PqError), ROLLBACK in the destructor unless commit() or rollback() ran; the
// destructor swallows errors and skips the ROLLBACK when the connection is gone.
class Transaction {
public:
    // `isolation_level` goes after "BEGIN ISOLATION LEVEL": "SERIALIZABLE", "REPEATABLE READ, READ ONLY", ...;
    // empty means the server default (READ COMMITTED). Only letters, spaces and commas (std::invalid_argument).
    explicit Transaction(Connection& conn, std::string_view isolation_level = {});
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // Throws PqError when COMMIT fails (e.g. SQLSTATE 40001), and with SQLSTATE 25P02 when the server rolled
    // back instead because a statement in the transaction had failed. The transaction is over either way;
    // a second commit() throws std::logic_error.
    void commit();
    void rollback();  // throws PqError when ROLLBACK fails; does nothing once the transaction is over

private:
    Connection& conn_;
    bool open_ = false;
};

// "name" -> "\"name\"" with embedded quotes doubled (PQescapeIdentifier), for DDL that cannot take parameters
// such as GRANT ... TO role. Throws PqError.
std::string quote_identifier(PGconn* conn, std::string_view identifier);
inline std::string quote_identifier(const Connection& conn, std::string_view identifier) {
    return quote_identifier(conn.raw(), identifier);
}

// true for "postgresql://..." / "postgres://..." URIs and for "key=value" strings that start with a libpq keyword
// (host=, hostaddr=, port=, dbname=, user=, password=, service=, sslmode=, ...); false for SQLite file paths.
bool is_postgres_url(std::string_view db);

// The connection string with its password (URI user:password@, ?password=, or password=...) replaced by "***",
// for log lines.
std::string redact_password(std::string_view conninfo);

}  // namespace floorsync::pq

// libpq RAII wrappers: connect/finish, exec/clear, bound text parameters, BEGIN/COMMIT/ROLLBACK, errors with SQLSTATE.
#include "collector/storage/postgres/pq.hpp"

#include "collector/storage/postgres/pq_conninfo.hpp"

#include <libpq-fe.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <utility>

namespace floorsync::pq {

namespace {

// libpq messages end in "\n" and continue hints on "\n\t" lines; log lines want one line.
std::string one_line(std::string_view message) {
    while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back()))) {
        message.remove_suffix(1);
    }
    std::string out;
    out.reserve(message.size());
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] != '\n') {
            out += message[i];
            continue;
        }
        const bool continuation = i + 1 < message.size() && message[i + 1] == '\t';
        while (i + 1 < message.size() && (message[i + 1] == '\t' || message[i + 1] == ' ')) {
            ++i;
        }
        out += continuation ? " " : "; ";
    }
    return out;
}

// The start of a statement for error messages: whitespace collapsed, at most 60 characters.
std::string sql_snippet(std::string_view sql) {
    std::string out;
    for (const char c : sql) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
        } else {
            out += c;
        }
        if (out.size() > 60) {
            out.resize(57);
            out += "...";
            break;
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

std::string describe_conn(const PGconn* conn) {
    if (conn == nullptr) {
        return "(closed)";
    }
    auto field = [](const char* value) { return value != nullptr && *value != '\0' ? std::string(value) : "?"; };
    return field(PQhost(conn)) + ":" + field(PQport(conn)) + "/" + field(PQdb(conn));
}

bool connection_bad(const PGconn* conn) { return conn == nullptr || PQstatus(conn) == CONNECTION_BAD; }

// Server-side failure: "<primary> (<detail>) [SQLSTATE xxxxx] in <context>"; libpq's text for client-side ones.
PqError result_error(PGconn* conn, const PGresult* result, const std::string& context) {
    const char* sqlstate = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char* detail = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL) : nullptr;
    std::string message;
    if (primary != nullptr) {
        message = one_line(primary);
        if (detail != nullptr) {
            message += " (" + one_line(detail) + ")";
        }
    } else {
        const char* text = result != nullptr ? PQresultErrorMessage(result) : "";
        if (text == nullptr || *text == '\0') {
            text = conn != nullptr ? PQerrorMessage(conn) : "no connection";
        }
        message = one_line(text);
        if (message.empty() && result != nullptr) {
            message = std::string("unexpected result status ") + PQresStatus(PQresultStatus(result));
        }
    }
    if (sqlstate != nullptr && *sqlstate != '\0') {
        message += std::string(" [SQLSTATE ") + sqlstate + "]";
    }
    message += " in " + context;
    return PqError(message, sqlstate != nullptr ? sqlstate : "", connection_bad(conn));
}

// A COPY started by exec()/query() is not supported: end it so the connection stays usable.
void abandon_copy(PGconn* conn, ExecStatusType status) {
    if (status == PGRES_COPY_IN) {
        PQputCopyEnd(conn, "COPY FROM STDIN is not supported by floorsync::pq");
    } else if (status == PGRES_COPY_OUT) {
        char* buffer = nullptr;
        while (PQgetCopyData(conn, &buffer, 0) > 0) {
            PQfreemem(buffer);
        }
    } else {
        return;
    }
    while (PGresult* rest = PQgetResult(conn)) {
        PQclear(rest);
    }
}

void notice_receiver(void*, const PGresult* result) {
    const char* severity = PQresultErrorField(result, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (severity != nullptr && std::string_view(severity) == "WARNING") {
        std::fprintf(stderr, "postgres %s\n", one_line(PQresultErrorMessage(result)).c_str());
    }
}

}  // namespace

PqError::PqError(const std::string& message, std::string sqlstate, bool connection_lost)
    : std::runtime_error(message), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}

// ---- Result ----

Result::~Result() {
    if (result_ != nullptr) {
        PQclear(result_);
    }
}

Result::Result(Result&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

Result& Result::operator=(Result&& other) noexcept {
    if (this != &other) {
        if (result_ != nullptr) {
            PQclear(result_);
        }
        result_ = std::exchange(other.result_, nullptr);
    }
    return *this;
}

int Result::rows() const { return result_ != nullptr ? PQntuples(result_) : 0; }

int Result::columns() const { return result_ != nullptr ? PQnfields(result_) : 0; }

int Result::column_index(const std::string& name) const {
    const int index = result_ != nullptr ? PQfnumber(result_, name.c_str()) : -1;
    if (index < 0) {
        throw std::out_of_range("result has no column \"" + name + "\"");
    }
    return index;
}

void Result::check(int row, int col) const {
    if (row < 0 || row >= rows() || col < 0 || col >= columns()) {
        throw std::out_of_range("row " + std::to_string(row) + ", column " + std::to_string(col) +
                                " is outside the result (" + std::to_string(rows()) + " rows, " +
                                std::to_string(columns()) + " columns)");
    }
}

bool Result::is_null(int row, int col) const {
    check(row, col);
    return PQgetisnull(result_, row, col) != 0;
}

std::string_view Result::view(int row, int col) const {
    check(row, col);
    return {PQgetvalue(result_, row, col), static_cast<std::size_t>(PQgetlength(result_, row, col))};
}

std::string Result::text(int row, int col) const { return std::string(view(row, col)); }

std::optional<std::string> Result::optional_text(int row, int col) const {
    if (is_null(row, col)) {
        return std::nullopt;
    }
    return text(row, col);
}

std::int64_t Result::int64(int row, int col) const {
    const std::string_view value = view(row, col);
    const auto where = [&] {
        const char* name = PQfname(result_, col);
        return "column " + std::to_string(col) + " (" + (name != nullptr ? name : "?") + ") of row " +
               std::to_string(row);
    };
    if (PQgetisnull(result_, row, col) != 0) {
        throw PqError(where() + " is NULL, expected an integer");
    }
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc() || end != value.data() + value.size()) {
        throw PqError(where() + " is not a 64-bit integer: \"" + std::string(value.substr(0, 40)) + "\"");
    }
    return number;
}

int Result::affected_rows() const {
    if (result_ == nullptr) {
        return 0;
    }
    const std::string_view count = PQcmdTuples(result_);
    int number = 0;
    std::from_chars(count.data(), count.data() + count.size(), number);
    return number;
}

// ---- Params ----

Params::Params(const Params& other)
    : storage_(other.storage_), null_(other.null_), lengths_(other.lengths_), formats_(other.formats_) {
    rebuild();
}

Params& Params::operator=(const Params& other) {
    if (this != &other) {
        storage_ = other.storage_;
        null_ = other.null_;
        lengths_ = other.lengths_;
        formats_ = other.formats_;
        rebuild();
    }
    return *this;
}

void Params::rebuild() {
    pointers_.clear();
    for (std::size_t i = 0; i < storage_.size(); ++i) {
        pointers_.push_back(null_[i] ? nullptr : storage_[i].c_str());
    }
}

Params& Params::add(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) {
        throw std::invalid_argument("PostgreSQL text parameters cannot contain NUL bytes");
    }
    const std::string& stored = storage_.emplace_back(text);
    null_.push_back(false);
    pointers_.push_back(stored.c_str());
    lengths_.push_back(static_cast<int>(stored.size()));
    formats_.push_back(0);
    return *this;
}

Params& Params::add(std::int64_t value) { return add(std::string_view(std::to_string(value))); }

Params& Params::add(const std::optional<std::string>& text) {
    return text.has_value() ? add(std::string_view(*text)) : add_null();
}

Params& Params::add_null() {
    storage_.emplace_back();
    null_.push_back(true);
    pointers_.push_back(nullptr);
    lengths_.push_back(0);
    formats_.push_back(0);
    return *this;
}

// ---- Connection ----

Connection::Connection(const std::string& conninfo) {
    if (starts_with_uri_scheme(conninfo) || conninfo.find('=') != std::string::npos) {
        char* error = nullptr;
        PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
        if (options == nullptr) {
            const std::string reason = error != nullptr ? one_line(error) : "out of memory";
            PQfreemem(error);
            throw PqError("invalid PostgreSQL connection string: " + without_passwords(reason, conninfo, true));
        }
        PQconninfoFree(options);
    }
    // Earlier keywords are defaults the connection string may override; later ones override it.
    const std::array<const char*, 5> keywords{"connect_timeout", "fallback_application_name", "dbname",
                                              "client_encoding", nullptr};
    const std::array<const char*, 5> values{"10", "kiosk-collector", conninfo.c_str(), "UTF8", nullptr};
    conn_ = PQconnectdbParams(keywords.data(), values.data(), 1);
    if (conn_ == nullptr) {
        throw PqError("cannot connect to PostgreSQL: out of memory", "", true);
    }
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = "cannot connect to PostgreSQL at " + describe_conn(conn_) + ": " +
                                    without_passwords(one_line(PQerrorMessage(conn_)), conninfo);
        PQfinish(conn_);
        conn_ = nullptr;
        throw PqError(message, "", true);
    }
    PQsetNoticeReceiver(conn_, notice_receiver, nullptr);
}

Connection::~Connection() {
    if (conn_ != nullptr) {
        PQfinish(conn_);
    }
}

Connection::Connection(Connection&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        if (conn_ != nullptr) {
            PQfinish(conn_);
        }
        conn_ = std::exchange(other.conn_, nullptr);
    }
    return *this;
}

PGconn* Connection::live() const {
    if (conn_ == nullptr) {
        throw PqError("PostgreSQL connection is closed (moved from)", "", true);
    }
    return conn_;
}

Result Connection::check(PGresult* raw_result, const std::string& what, bool allow_empty_query) const {
    Result result(raw_result);
    const ExecStatusType status = raw_result != nullptr ? PQresultStatus(raw_result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || (allow_empty_query && status == PGRES_EMPTY_QUERY)) {
        return result;
    }
    if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
        abandon_copy(conn_, status);
        throw PqError(std::string("unexpected result status ") + PQresStatus(status) + " (COPY is not supported) in " +
                          what,
                      "", connection_bad(conn_));
    }
    throw result_error(conn_, raw_result, what);
}

void Connection::exec(const std::string& sql) {
    PGconn* conn = live();
    check(PQexec(conn, sql.c_str()), "\"" + sql_snippet(sql) + "\"", true);
}

Result Connection::query(const std::string& sql, const Params& params) {
    PGconn* conn = live();
    return check(PQexecParams(conn, sql.c_str(), params.size(), nullptr, params.values(), params.lengths(),
                              params.formats(), 0),
                 "\"" + sql_snippet(sql) + "\"");
}

Result Connection::query_one_row(const std::string& sql, const Params& params) {
    Result result = query(sql, params);
    if (result.rows() != 1) {
        throw PqError("expected one row, got " + std::to_string(result.rows()) + " from \"" + sql_snippet(sql) + "\"");
    }
    return result;
}

void Connection::prepare(const std::string& name, const std::string& sql) {
    PGconn* conn = live();
    check(PQprepare(conn, name.c_str(), sql.c_str(), 0, nullptr),
          "preparing \"" + name + "\" (\"" + sql_snippet(sql) + "\")");
}

Result Connection::exec_prepared(const std::string& name, const Params& params) {
    PGconn* conn = live();
    return check(PQexecPrepared(conn, name.c_str(), params.size(), params.values(), params.lengths(),
                                params.formats(), 0),
                 "prepared statement \"" + name + "\"");
}

bool Connection::ok() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

bool Connection::in_transaction() const {
    if (conn_ == nullptr) {
        return false;
    }
    const PGTransactionStatusType status = PQtransactionStatus(conn_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

std::string Connection::describe() const { return describe_conn(conn_); }

// ---- Transaction ----

Transaction::Transaction(Connection& conn, std::string_view isolation_level) : conn_(conn) {
    for (const char c : isolation_level) {
        if (!std::isalpha(static_cast<unsigned char>(c)) && c != ' ' && c != ',') {
            throw std::invalid_argument("invalid transaction isolation level: \"" + std::string(isolation_level) +
                                        "\"");
        }
    }
    conn_.exec(isolation_level.empty() ? std::string("BEGIN")
                                       : "BEGIN ISOLATION LEVEL " + std::string(isolation_level));
    open_ = true;
}

Transaction::~Transaction() {
    if (open_ && conn_.ok() && conn_.in_transaction()) {
        try {
            conn_.exec("ROLLBACK");
        } catch (...) {
            // The destructor may run during unwinding; the server rolls back on disconnect anyway.
        }
    }
}

void Transaction::commit() {
    if (!open_) {
        throw std::logic_error("commit() on a transaction that already finished");
    }
    open_ = false;
    const Result result = conn_.query("COMMIT");
    const char* status = PQcmdStatus(result.raw());
    if (status != nullptr && std::string_view(status) == "ROLLBACK") {
        throw PqError("COMMIT rolled back the transaction: a statement in it had failed [SQLSTATE 25P02]", "25P02");
    }
}

void Transaction::rollback() {
    if (!open_) {
        return;
    }
    open_ = false;
    if (conn_.ok() && conn_.in_transaction()) {
        conn_.exec("ROLLBACK");
    }
}

// ---- helpers ----

std::string quote_identifier(PGconn* conn, std::string_view identifier) {
    if (conn == nullptr) {
        throw PqError("quote_identifier needs an open connection", "", true);
    }
    char* quoted = PQescapeIdentifier(conn, identifier.data(), identifier.size());
    if (quoted == nullptr) {
        throw PqError("cannot quote identifier: " + one_line(PQerrorMessage(conn)));
    }
    std::string out(quoted);
    PQfreemem(quoted);
    return out;
}

}  // namespace floorsync::pq

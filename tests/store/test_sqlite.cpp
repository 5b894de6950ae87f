// Tests of the RAII SQLite wrappers: binding, stepping, transactions that roll back, errors that name the file.
#include "store_test_support.hpp"

#include "sync/sqlite.hpp"

#include <sqlite3.h>

using namespace floorsync::sqlite;
using store_test::TempDir;

TEST_CASE("statements bind by index and by name, and read every column type back") {
    TempDir dir;
    Database db(dir.file("w.db"));
    db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, n TEXT)");
    Statement insert(db, "INSERT INTO t VALUES (:i, ?2, :s, :n)");
    insert.bind(":i", std::int64_t{1} << 40).bind(2, 2.5).bind(":s", std::string("één € \xF0\x9F\x98\x80"));
    insert.bind_null(":n");
    CHECK(insert.run() == 1);
    CHECK(db.last_insert_rowid() == 1);

    Statement query(db, "SELECT i, r, s, n FROM t");
    REQUIRE(query.step());
    CHECK(query.column_count() == 4);
    CHECK(query.column_int64(0) == (std::int64_t{1} << 40));
    CHECK(query.column_double(1) == 2.5);
    CHECK(query.column_text(2) == "één € \xF0\x9F\x98\x80");
    CHECK(query.column_is_null(3));
    CHECK(query.column_text(3).empty());
    CHECK_FALSE(query.step());
    query.reset();
    CHECK(query.step());  // runs again after reset

    CHECK_THROWS_WITH_AS(insert.bind(":missing", 1), doctest::Contains(":missing"), SqliteError);
}

TEST_CASE("a transaction rolls back when it is not committed, and commits when asked") {
    TempDir dir;
    Database db(dir.file("w.db"));
    db.exec("CREATE TABLE t (x INTEGER)");
    {
        Transaction transaction(db);
        db.exec("INSERT INTO t VALUES (1)");
        CHECK(db.in_transaction());
    }
    CHECK_FALSE(db.in_transaction());
    CHECK(db.query_int64("SELECT count(*) FROM t") == 0);
    try {
        Transaction transaction(db);
        db.exec("INSERT INTO t VALUES (2)");
        throw std::runtime_error("something failed half-way");
    } catch (const std::runtime_error&) {
    }
    CHECK(db.query_int64("SELECT count(*) FROM t") == 0);
    {
        Transaction transaction(db, Transaction::Mode::deferred);
        db.exec("INSERT INTO t VALUES (3)");
        transaction.commit();
    }
    CHECK(db.query_int64("SELECT count(*) FROM t") == 1);
}

TEST_CASE("BEGIN IMMEDIATE waits for the busy timeout and then fails with SQLITE_BUSY, naming the file") {
    TempDir dir;
    const std::string path = dir.file("w.db");
    Database first(path);
    first.exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER)");
    Database second(path, open_readwrite, 50);
    Transaction holding(first);
    try {
        Transaction blocked(second);
        FAIL("two write transactions at once");
    } catch (const SqliteError& error) {
        CHECK(error.code == SQLITE_BUSY);
        CHECK(error.path == path);
        CHECK(std::string(error.what()).find(path) != std::string::npos);
    }
}

TEST_CASE("errors carry the result codes and SQLite's message") {
    TempDir dir;
    CHECK_THROWS_WITH_AS(Database(dir.file("missing/dir/x.db"), open_readwrite), doctest::Contains("x.db"),
                         SqliteError);
    Database db(dir.file("w.db"));
    db.exec("CREATE TABLE t (id TEXT UNIQUE)");
    db.exec("INSERT INTO t VALUES ('a')");
    try {
        db.exec("INSERT INTO t VALUES ('a')");
        FAIL("duplicate accepted");
    } catch (const SqliteError& error) {
        CHECK(error.code == SQLITE_CONSTRAINT);
        CHECK(error.extended_code == SQLITE_CONSTRAINT_UNIQUE);
        CHECK(error.detail.find("UNIQUE") != std::string::npos);
    }
    CHECK_THROWS_AS(Statement(db, "SELEKT nonsense"), SqliteError);
    CHECK_THROWS_WITH_AS(db.query_int64("SELECT 1 WHERE 0"), doctest::Contains("no result"), SqliteError);
}

TEST_CASE("database handles move without closing twice") {
    TempDir dir;
    Database first(dir.file("w.db"));
    Database moved(std::move(first));
    CHECK(moved.query_int64("SELECT 41 + 1") == 42);
    Database other(dir.file("v.db"));
    other = std::move(moved);
    CHECK(other.path() == dir.file("w.db"));
}

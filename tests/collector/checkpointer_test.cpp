// The collector's background checkpointer: pages written with automatic checkpoints off reach the database file.
#include "collector/storage/sqlite/checkpointer.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"

#include "collector_test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace floorsync;
using collector_test::TempDir;

TEST_CASE("Checkpointer copies the WAL into the database file beside a writer whose auto-checkpoints are off") {
    TempDir dir;
    const std::string path = dir.file("collector.db");
    sqlite::Database writer = collector::open_collector_database(path);
    writer.exec("PRAGMA wal_autocheckpoint = 0");
    const auto size_before = std::filesystem::file_size(path);
    {
        collector::Checkpointer checkpointer(path);
        sqlite::Transaction transaction(writer);
        sqlite::Statement insert(writer, "INSERT INTO kiosks(id, token_hash, created_at) VALUES (?1, ?2, 'now')");
        for (int i = 0; i < 3000; ++i) {
            insert.reset();
            insert.bind(1, "kiosk-" + std::to_string(i)).bind(2, "hash-of-a-token-" + std::to_string(i)).run();
        }
        transaction.commit();
        CHECK(std::filesystem::file_size(path) == size_before);  // only in the WAL so far
        checkpointer.request();
    }  // the destructor finishes the checkpoint
    CHECK(std::filesystem::file_size(path) > size_before + 100 * 1024);
    CHECK(writer.query_int64("SELECT count(*) FROM kiosks") == 3000);
    CHECK(writer.query_text("PRAGMA integrity_check") == "ok");
}

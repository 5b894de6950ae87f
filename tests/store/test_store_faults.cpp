// Store fault tests with real faults: a full file system, a read-only file system, a corrupt database file.
#include "store_test_support.hpp"

#include "sync/store.hpp"

#include <sqlite3.h>

using namespace floorsync;
using store_test::FaultVolume;
using store_test::TempDir;
using store_test::make_event;

namespace {

// Big enough that a few dozen fill the WAL past what the file system has left.
Event bulky_question() { return make_event(event_type::question, R"({"text":")" + std::string(3000, 'v') + "\"}"); }

}  // namespace

TEST_CASE("a full disk makes append fail with a clear error, loses nothing stored, and heals when space returns") {
    TempDir dir;
    FaultVolume volume(dir.path() / "volume");
    const std::string path = volume.file("kiosk.db");
    Store store(path);
    std::vector<std::string> stored_ids;
    for (int i = 0; i < 3; ++i) {
        const Event event = make_event();
        store.append(event);
        stored_ids.push_back(event.id);
    }

    volume.fill();
    std::optional<StoreError> failure;
    for (int attempt = 0; attempt < 500 && !failure; ++attempt) {
        const Event event = bulky_question();
        try {
            store.append(event);
            stored_ids.push_back(event.id);  // fitted in space SQLite had already reserved
        } catch (const StoreError& error) {
            failure = error;
            CHECK_FALSE(store.find(event.id).has_value());
        }
    }
    REQUIRE_MESSAGE(failure.has_value(), "the disk never filled up");
    const std::string message = failure->what();
    MESSAGE("disk full: " << message);
    CHECK(message.find("cannot store event in " + path) != std::string::npos);
    if (volume.real_mount()) {
        CHECK(failure->code == SQLITE_FULL);
        CHECK(message.find("database or disk is full") != std::string::npos);
    } else {
        CHECK((failure->code == SQLITE_FULL || failure->code == SQLITE_IOERR));
    }
    CHECK_THROWS_AS(store.append(bulky_question()), StoreError);  // still full: still refused

    volume.unfill();
    const Event after = bulky_question();
    store.append(after);  // the same connection works again
    stored_ids.push_back(after.id);
    for (const std::string& id : stored_ids) {
        CHECK(store.find(id).has_value());
    }
    CHECK(store.counts().pending == static_cast<std::int64_t>(stored_ids.size()));
    CHECK(store.integrity_ok());
}

TEST_CASE("a read-only file system is refused at open with a clear error, and the data is intact afterwards") {
    TempDir dir;
    FaultVolume volume(dir.path() / "volume");
    const std::string path = volume.file("kiosk.db");
    const Event kept = make_event();
    {
        Store store(path);
        store.append(kept);
    }  // closed: a file system cannot be remounted read-only while files on it are open for writing

    volume.make_read_only();
    try {
        Store store(path);
        FAIL("a read-only database was opened for writing");
    } catch (const StoreError& error) {
        MESSAGE("read-only: " << std::string(error.what()));
        CHECK(std::string(error.what()).find(path) != std::string::npos);
        CHECK(std::string(error.what()).find("read-only") != std::string::npos);
        CHECK(error.code == SQLITE_READONLY);
    }
    // A new database cannot be created there either.
    CHECK_THROWS_AS(Store(volume.file("new.db")), StoreError);

    volume.make_writable();
    Store store(path);
    CHECK(store.find(kept.id)->event == kept);
    store.append(make_event());
    CHECK(store.counts().pending == 2);
}

TEST_CASE("a database whose header was overwritten is refused with a clear error") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    {
        Store store(path);
        store.append(make_event());
    }
    store_test::corrupt_header(path);
    try {
        Store store(path);
        FAIL("a corrupt database was opened");
    } catch (const StoreError& error) {
        MESSAGE("corrupt: " << std::string(error.what()));
        CHECK(std::string(error.what()).find(path) != std::string::npos);
        CHECK(std::string(error.what()).find("not a database") != std::string::npos);
        CHECK(error.code == SQLITE_NOTADB);
    }
}

TEST_CASE("a directory that cannot be created is reported with its name") {
    TempDir dir;
    const std::string blocker = dir.file("not-a-dir");
    std::ofstream(blocker) << "x";
    CHECK_THROWS_WITH_AS(Store(blocker + "/sub/kiosk.db"), doctest::Contains("cannot create the directory"),
                         StoreError);
}

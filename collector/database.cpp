// Collector database: connection settings, schema migrations and the content digest used to tell resends apart.
#include "collector/database.hpp"

#include <sodium.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace floorsync::collector {

namespace {

// Index = schema version reached after running it. Never edit a shipped step; append a new one.
constexpr const char* kMigrations[] = {
    "",
    R"sql(
CREATE TABLE kiosks(
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT,
    last_seen   TEXT,
    app_version TEXT,
    backlog     INTEGER
);
CREATE TABLE kiosk_departments(
    kiosk_id   TEXT NOT NULL REFERENCES kiosks(id),
    department TEXT NOT NULL,
    PRIMARY KEY(kiosk_id, department)
) WITHOUT ROWID;
CREATE TABLE events(
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    type         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    kiosk_id     TEXT NOT NULL,
    department   TEXT NOT NULL,
    language     TEXT NOT NULL,
    payload      TEXT NOT NULL,
    received_at  TEXT NOT NULL
);
)sql",
};
constexpr int kMigrationCount = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);
static_assert(kMigrationCount == kSchemaVersion + 1);

void migrate(sqlite::Database& db) {
    const auto version = db.query_int64("PRAGMA user_version");
    if (version > kSchemaVersion) {
        throw StoreError(db.path() + ": database schema version " + std::to_string(version) +
                             " is newer than this collector understands (" + std::to_string(kSchemaVersion) + ")",
                         sqlite::code_cantopen);
    }
    for (int step = static_cast<int>(version) + 1; step <= kSchemaVersion; ++step) {
        sqlite::Transaction transaction(db);
        db.exec(kMigrations[step]);
        db.exec("PRAGMA user_version = " + std::to_string(step));
        transaction.commit();
    }
}

}  // namespace

sqlite::Database open_collector_database(const std::string& path) {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
        std::error_code ignored;  // a failure shows up as "unable to open database file" below, with the path
        std::filesystem::create_directories(parent, ignored);
    }
    sqlite::Database db(path);
    db.exec("PRAGMA journal_mode = WAL");
    if (db.query_text("PRAGMA journal_mode") != "wal") {
        throw StoreError(path + ": cannot switch the database to WAL mode", sqlite::code_cantopen);
    }
    // FULL: a batch the collector answered "stored" survives a power cut, because the kiosk deletes it afterwards.
    db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
    // Our kiosks send time-ordered ids, but older or third-party clients may send random ones, which write the id
    // index all over; a small page cache would make each of those inserts a miss.
    db.exec("PRAGMA cache_size = -65536");  // 64 MiB
    migrate(db);
    return db;
}

std::string content_hash(const Event& event) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 16);
    for (const std::string* field :
         {&event.type, &event.created_at, &event.kiosk_id, &event.department, &event.language, &event.payload}) {
        // Length-prefixed, so ("ab","c") and ("a","bc") differ.
        const auto size = static_cast<std::uint64_t>(field->size());
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&size), sizeof size);
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(field->data()), field->size());
    }
    unsigned char digest[16];
    crypto_generichash_final(&state, digest, sizeof digest);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string default_database_path() {
    namespace fs = std::filesystem;
    if (const char* data_home = std::getenv("XDG_DATA_HOME"); data_home != nullptr && *data_home == '/') {
        return (fs::path(data_home) / "floor-collector" / "collector.db").string();
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return (fs::path(home) / ".local" / "share" / "floor-collector" / "collector.db").string();
    }
    return "collector.db";
}

}  // namespace floorsync::collector

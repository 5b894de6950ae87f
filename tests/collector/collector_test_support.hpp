// Helpers for the collector tests: temp dirs, an in-process collector on a free loopback port, events as JSON.
#pragma once

#include "collector/config.hpp"
#include "collector/content_service.hpp"
#include "collector/registry.hpp"
#include "collector/server.hpp"
#include "collector/storage/storage.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/temp_dir.hpp"

namespace collector_test {

using nlohmann::json;

using test_support::TempDir;

// The backend this run tests: FLOOR_TEST_DATABASE=postgres (ctest's collector_postgres) or sqlite (the default).
bool testing_postgres();

// A new, empty collector database of the backend under test: a file in `dir` for SQLite, or a fresh database on the
// throwaway PostgreSQL server that the test command started (its URL in FLOOR_TEST_PG_URL or build/pg-test/url).
// Fails the test (never skips) when PostgreSQL is asked for and not there.
std::string fresh_database(TempDir& dir, const std::string& name = "collector.db");

// The kiosk registry of a database, as `kiosk-collector kiosk ...` uses it.
class TestRegistry {
public:
    explicit TestRegistry(const std::string& db);
    floorsync::collector::KioskRegistry* operator->() { return registry_.get(); }

private:
    std::unique_ptr<floorsync::collector::Storage> storage_;
    std::unique_ptr<floorsync::collector::KioskTable> table_;
    std::unique_ptr<floorsync::collector::KioskRegistry> registry_;
};

// An announcement's changes for ContentService::add: `title` in Dutch (and "<title> (en)" in English when asked).
floorsync::collector::ContentChanges announcement_changes(const std::string& title, std::vector<std::string> audience,
                                                          bool with_english = false);

// The content rules over a database's content table, as `kiosk-collector content ...` uses them.
class TestContent {
public:
    explicit TestContent(const std::string& db,
                         floorsync::collector::ContentService::Clock clock = [] { return std::chrono::system_clock::now(); });
    floorsync::collector::ContentService* operator->() { return service_.get(); }
    floorsync::collector::ContentTable& table() { return *table_; }

private:
    std::unique_ptr<floorsync::collector::Storage> storage_;
    std::unique_ptr<floorsync::collector::ContentTable> table_;
    std::unique_ptr<floorsync::collector::ContentService> service_;
};

// What a run of the real kiosk-collector binary did.
struct CommandRun {
    int code = -1;  // exit code; -1: it did not finish within 30 s (then it was killed)
    std::string out;
    std::string err;
};

// Runs build/collector/kiosk-collector with `args` to its end, with `environment` added (e.g. {"TZ", "UTC"}); its
// output is kept in files in `dir`.
CommandRun run_collector_command(const TempDir& dir, const std::vector<std::string>& args,
                                 const std::vector<std::pair<std::string, std::string>>& environment = {});
// The same with `input` on its standard input (a file, so never a terminal).
CommandRun run_collector_command_with_input(const TempDir& dir, const std::vector<std::string>& args,
                                            const std::string& input,
                                            const std::vector<std::pair<std::string, std::string>>& environment = {});

// A real CollectorServer on 127.0.0.1:<free port>, serving on a background thread until destroyed.
class RunningCollector {
public:
    explicit RunningCollector(const std::string& db_path,
                              const std::function<void(floorsync::collector::CollectorConfig&)>& adjust = {});
    ~RunningCollector();
    RunningCollector(const RunningCollector&) = delete;
    RunningCollector& operator=(const RunningCollector&) = delete;

    int port() const { return server_->port(); }
    floorsync::collector::CollectorServer& server() { return *server_; }
    std::unique_ptr<httplib::Client> client() const;  // keep-alive client with short timeouts

private:
    std::unique_ptr<floorsync::collector::CollectorServer> server_;
    std::thread thread_;
};

// Registers a kiosk in the database `db_path` (a file or a URL, as `kiosk add` does) and returns its token.
std::string add_kiosk(const std::string& db_path, const std::string& id, const std::vector<std::string>& departments);

// A valid event as the wire format has it.
json rating_json(const std::string& kiosk_id, const std::string& department, int score = 4, bool suspect = false);
json question_json(const std::string& kiosk_id, const std::string& department, const std::string& text);
json reasons_json(const std::string& kiosk_id, const std::string& department, const std::string& rating_id,
                  const std::vector<std::string>& reasons);
std::string upload_body(const std::vector<json>& events, const std::string& app_version = "test-1.0",
                        std::int64_t backlog = 0);

httplib::Headers bearer(const std::string& token);
httplib::Result post_events(httplib::Client& client, const std::string& token, const std::string& body);

// Statuses of a 200 reply, in order, comma-separated ("stored,duplicate,rejected"); else what went wrong, e.g.
// "no reply: Read" or "HTTP 503: {...}", so that a failing check prints the transport error it saw.
std::string statuses(const httplib::Result& result);
std::string error_of(const httplib::Result& result, std::size_t index);

// The single integer an SQL query returns, on either backend (a separate connection). Keep the SQL portable; the
// bi_* views give the payload fields without backend-specific JSON functions.
std::int64_t count_rows(const std::string& db, const std::string& sql);

// Holds the database's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: LOCK TABLE events) until released, so that
// uploads wait in their commit: "in flight" on demand.
class DatabaseWriteLock {
public:
    explicit DatabaseWriteLock(const std::string& db);
    ~DatabaseWriteLock();
    void release();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Polls `condition` every 10 ms until it holds or `limit` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit);

}  // namespace collector_test

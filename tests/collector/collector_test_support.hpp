// Helpers for the collector tests: temp dirs, an in-process collector on a free loopback port, events as JSON.
#pragma once

#include "collector/config.hpp"
#include "collector/server.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/temp_dir.hpp"

namespace collector_test {

using nlohmann::json;

using test_support::TempDir;

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

// Registers a kiosk in the database at db_path (as `kiosk add` does) and returns its token.
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

// Statuses of a 200 reply, in order, comma-separated ("stored,duplicate,rejected"); else what went wrong.
std::string statuses(const httplib::Result& result);
std::string error_of(const httplib::Result& result, std::size_t index);

// Count of rows in the collector database (a separate read connection).
std::int64_t count_rows(const std::string& db_path, const std::string& sql);

// Polls `condition` every 10 ms until it holds or `limit` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit);

}  // namespace collector_test

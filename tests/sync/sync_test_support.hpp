// Helpers for the sync tests: temp dirs, valid events, the real kiosk-collector as a child process, polling.
#pragma once

#include "sync/shared/event.hpp"
#include "sync/sync_engine.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/temp_dir.hpp"

namespace sync_test {

using test_support::TempDir;

// A free TCP port on 127.0.0.1 (bound and released; good enough for tests on one machine).
int free_loopback_port();

// A rating the collector accepts for this kiosk and department.
floorsync::Event make_rating(const std::string& kiosk_id, const std::string& department, int score = 4);
std::vector<floorsync::Event> make_ratings(std::size_t count, const std::string& kiosk_id,
                                           const std::string& department);

// Runs `FLOOR_BINARY_DIR/collector/kiosk-collector --db DB --listen 127.0.0.1:PORT` until stopped; the port stays the
// same across restarts so a kiosk can find it again.
class CollectorProcess {
public:
    explicit CollectorProcess(std::string db_path, int port = 0);
    ~CollectorProcess();  // kills the process if still running
    CollectorProcess(const CollectorProcess&) = delete;
    CollectorProcess& operator=(const CollectorProcess&) = delete;

    void start();  // returns once /healthz answers; throws if it does not within a few seconds
    void stop();   // SIGTERM, then SIGKILL if it lingers
    bool running() const { return pid_ > 0; }

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    const std::string& db_path() const { return db_path_; }

    // `kiosk-collector --db DB kiosk add --id ID --department DEPT`: returns the printed token.
    std::string add_kiosk(const std::string& id, const std::string& department);

    // `kiosk-collector --db DB ARGUMENTS` (already shell-quoted by the caller): returns what it printed on stdout,
    // without the last line feed; throws when it exits with another status than 0. For `content add` that is the id.
    std::string run(const std::string& arguments);

    // Rows in the collector's events table, and how many distinct ids among them.
    struct EventCount {
        std::int64_t rows = 0;
        std::int64_t distinct_ids = 0;
    };
    EventCount count_events();
    bool has_event(const std::string& id);

private:
    std::string db_path_;
    int port_;
    pid_t pid_ = -1;
};

std::string collector_binary();

// Settings that make every failure show up in about a second, for tests.
floorsync::SyncSettings quick_sync_settings(const std::string& collector_url, const std::string& token);

// Polls `condition` every 20 ms until it holds or `limit` passes; returns whether it held.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit);

}  // namespace sync_test

// The collector server: opens the storage, runs group commit and serves the protocol v1 endpoints and the dashboard
// over HTTP(S).
#pragma once

#include "collector/api.hpp"
#include "collector/config.hpp"
#include "collector/http/http_server.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace floorsync::collector {

// The server cannot start: bad TLS files, address in use, database unusable. what() says which.
struct ServerError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What tests change in the dashboard; a real server uses the defaults.
struct DashboardOptions {
    std::optional<std::vector<dashboard::Route>> pages;  // default: dashboard::page_routes()
    dashboard::DashboardApp::Clock clock;                // default: the system clock
    dashboard::PasswordLimits password_limits = dashboard::PasswordLimits::interactive();
};

class CollectorServer {
public:
    // Opens (creating, migrating) the database and binds the listening socket; connections queue from here on.
    // The dashboard is served when config.dashboard.enabled.
    explicit CollectorServer(CollectorConfig config, DashboardOptions dashboard = {});
    ~CollectorServer();
    CollectorServer(const CollectorServer&) = delete;
    CollectorServer& operator=(const CollectorServer&) = delete;

    int port() const;  // the bound port (useful with listen_port = 0)
    const CollectorConfig& config() const;
    std::string database() const;  // "SQLite /path" or "PostgreSQL host:port/db"

    // Serves until stop(); requests in progress finish before it returns.
    void run();
    // From any thread. Safe before, during or after run().
    void stop();

    ServerStats stats() const;
    HttpServerStats connection_stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync::collector

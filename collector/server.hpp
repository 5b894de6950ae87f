// The collector's HTTP(S) server: protocol v1 endpoints on cpp-httplib, backed by the collector database.
#pragma once

#include "collector/config.hpp"

#include <cstddef>
#include <memory>
#include <stdexcept>

namespace floorsync::collector {

// The server cannot start: bad TLS files, address in use, database unusable. what() says which.
struct ServerError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ServerStats {
    std::size_t in_flight = 0;     // uploads being processed now
    std::size_t shed = 0;          // uploads answered 503 because too many were in flight
    std::size_t requests = 0;      // uploads answered 200
    std::size_t events_stored = 0;
};

class CollectorServer {
public:
    // Opens (creating, migrating) the database and binds the listening socket; connections queue from here on.
    explicit CollectorServer(CollectorConfig config);
    ~CollectorServer();
    CollectorServer(const CollectorServer&) = delete;
    CollectorServer& operator=(const CollectorServer&) = delete;

    int port() const;  // the bound port (useful with listen_port = 0)
    const CollectorConfig& config() const;

    // Serves until stop(); requests in progress finish before it returns.
    void run();
    // From any thread. Safe before, during or after run().
    void stop();

    ServerStats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync::collector

// Collector settings: built-in defaults that need no setup, optionally overridden by a TOML file.
#pragma once

#include "collector/dashboard/dashboard_settings.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>

namespace floorsync::collector {

// A bad config file or option; what() reads "FILE:LINE: key 'limits.max_in_flight': expected an integer".
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CollectorConfig {
    std::string db_path;                    // a SQLite file or a PostgreSQL URL; empty: default_database_path()
    std::string listen_host = "127.0.0.1";
    int listen_port = 8080;                 // 0: any free port (tests)
    int listen_backlog = 4096;              // connections the kernel queues before accept (capped by somaxconn)
    std::size_t max_events_per_request = 1000;
    std::size_t max_body_bytes = 1024 * 1024;
    std::size_t max_header_bytes = 16 * 1024;  // request line and headers together; above: 431
    std::size_t max_header_count = 100;        // header fields; above: 431
    std::size_t max_in_flight = 64;         // uploads being processed at once; above it: 503 + Retry-After
    std::size_t max_pending_requests = 512; // requests read and waiting for a worker; above it: 503 + Retry-After
    int retry_after_seconds = 5;
    std::size_t max_connections = 20000;            // open connections in total; above: 503 and close
    std::size_t max_connections_per_address = 1024; // from one client address (a reverse proxy counts as one)
    std::size_t io_threads = 0;             // threads that run the event loop; 0: one per core
    std::size_t worker_threads = 64;        // threads that run requests against the database (not per connection);
                                            // an upload holds one until its group commit is on disk
    int header_timeout_seconds = 10;        // the whole request line and headers must arrive within this
    int body_timeout_seconds = 30;          // the whole body must arrive within this after the headers
    int keep_alive_timeout_seconds = 60;    // an idle keep-alive connection is closed after this (it holds no thread)
    int write_timeout_seconds = 30;         // a client that does not read its reply is dropped after this
    std::string tls_cert_file;              // both set: serve HTTPS directly
    std::string tls_key_file;
    DashboardSettings dashboard;            // [dashboard]
};

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:443" -> host and port; throws ConfigError.
void parse_listen_address(const std::string& text, std::string& host, int& port);

// Applies the file's keys on top of `config`. Unknown keys, wrong types and out-of-range values are refused.
CollectorConfig load_config_file(const std::string& path, CollectorConfig config);

// The documented example file (every key with its default), printed by `kiosk-collector config-example`.
const char* example_config();

}  // namespace floorsync::collector

// Collector settings: built-in defaults that need no setup, optionally overridden by a TOML file.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace floorsync::collector {

// A bad config file or option; what() reads "FILE:LINE: key 'limits.max_in_flight': expected an integer".
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CollectorConfig {
    std::string db_path;                    // empty: default_database_path()
    std::string listen_host = "127.0.0.1";
    int listen_port = 8080;                 // 0: any free port (tests)
    std::size_t max_events_per_request = 1000;
    std::size_t max_body_bytes = 1024 * 1024;
    std::size_t max_in_flight = 32;         // requests being processed at once; above it: 503 + Retry-After
    int retry_after_seconds = 5;
    std::size_t worker_threads = 64;        // HTTP threads; each keep-alive connection holds one while open
    int keep_alive_timeout_seconds = 5;
    int read_timeout_seconds = 15;          // a client that stops sending mid-request is dropped after this
    std::string tls_cert_file;              // both set: serve HTTPS directly
    std::string tls_key_file;
};

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:443" -> host and port; throws ConfigError.
void parse_listen_address(const std::string& text, std::string& host, int& port);

// Applies the file's keys on top of `config`. Unknown keys, wrong types and out-of-range values are refused.
CollectorConfig load_config_file(const std::string& path, CollectorConfig config);

// The documented example file (every key with its default), printed by `kiosk-collector config-example`.
const char* example_config();

}  // namespace floorsync::collector

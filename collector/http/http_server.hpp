// An event-driven HTTP/1.1 server on Boost.Beast and Asio: idle connections hold no thread, every deadline is for
// a whole phase, framing is strict (RFC 9112), and requests run on a small worker pool.
#pragma once

#include "collector/http/http_message.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace floorsync::collector {

struct HttpServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port
    int backlog = 4096;
    std::size_t max_connections = 20000;
    std::size_t max_connections_per_address = 1024;
    int retry_after_seconds = 5;  // sent with the 503 to a connection or request over a limit
    // Requests read and waiting for or running on a worker; above it a request is answered 503 at once, so a
    // flood cannot pile up bodies in memory.
    std::size_t max_pending_requests = 512;
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_header_count = 100;
    std::size_t max_body_bytes = 1024 * 1024;
    int header_timeout_seconds = 10;
    int body_timeout_seconds = 30;
    int keep_alive_timeout_seconds = 60;
    int write_timeout_seconds = 30;
    std::size_t io_threads = 1;
    std::size_t worker_threads = 64;
    std::string tls_cert_file;  // both set: HTTPS
    std::string tls_key_file;
};

struct HttpServerStats {
    std::size_t open_connections = 0;
    std::size_t refused_connections = 0;  // over max_connections or max_connections_per_address
    std::size_t bad_requests = 0;         // framing errors answered 4xx and closed
    std::size_t timed_out = 0;            // connections dropped by a header, body or write deadline
    std::size_t shed_requests = 0;        // answered 503 because max_pending_requests were waiting
};

// The server cannot start: bad TLS files, address in use. what() says which.
struct HttpServerError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Runs on a worker thread; may block (database). Must not throw (an exception becomes a 500).
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
public:
    // Binds and listens; connections queue in the backlog from here on. Throws HttpServerError.
    HttpServer(HttpServerOptions options, HttpHandler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    int port() const;
    bool tls() const;
    // Serves until stop(): accepts, reads, answers. Requests being processed finish and are answered first.
    void run();
    // From any thread, also a signal thread; safe before, during or after run().
    void stop();
    HttpServerStats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync::collector

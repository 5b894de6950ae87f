// A small blocking HTTP client on libcurl for the sync engine: bounded in time and size, abortable, keep-alive.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync {

// Calls curl_global_init once per process. Call it from main before starting threads; later calls do nothing.
// Throws std::runtime_error when libcurl cannot initialise.
void ensure_curl_global_init();

struct HttpClientSettings {
    std::string ca_file;            // empty: the system's CA store
    std::string pinned_public_key;  // empty: none; else "sha256//base64..." or a PEM/DER file path
    bool verify_tls = true;
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds request_timeout{30000};  // the whole request, connect included
    long low_speed_bytes_per_second = 100;             // slower than this for low_speed_window: abort
    std::chrono::seconds low_speed_window{10};
    std::size_t max_response_bytes = 4 * 1024 * 1024;
    std::string user_agent = "floor-kiosk";
};

enum class HttpOutcome {
    response,           // the server answered; see status and body
    connect_failed,     // nobody to talk to: DNS failure, connection refused, connect timeout (offline)
    timed_out,          // connected, but the request or the answer took too long or stalled
    transport_error,    // connection reset, broken answer, TLS failure
    response_too_large, // the answer exceeded max_response_bytes
    aborted,            // abort() was called
};

const char* to_string(HttpOutcome outcome);

struct HttpResponse {
    HttpOutcome outcome = HttpOutcome::transport_error;
    long status = 0;          // HTTP status when outcome == response
    std::string body;         // when outcome == response
    std::string retry_after;  // the Retry-After header, verbatim, if the server sent one
    std::string etag;         // the ETag header, verbatim (quotes included), if the server sent one
    std::string error;        // a human-readable reason when outcome != response

    bool ok() const { return outcome == HttpOutcome::response && status >= 200 && status < 300; }
};

// An extra request header, e.g. {"If-None-Match", "\"feed-42\""}. Neither part may hold CR, LF or NUL, and the name
// not a colon either (std::invalid_argument): a value echoed from a server must not smuggle in a header of its own.
struct HttpHeader {
    std::string name;
    std::string value;
};

// Not thread-safe except abort()/clear_abort(), which may be called from any thread. Reuses its connection.
class HttpClient {
public:
    explicit HttpClient(HttpClientSettings settings);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResponse post_json(const std::string& url, std::string_view body, const std::string& bearer_token);
    // Any status is a response (outcome == response), 304 Not Modified included: it has no body.
    HttpResponse get(const std::string& url, const std::string& bearer_token,
                     const std::vector<HttpHeader>& headers = {});

    // Aborts the transfer in flight at once and makes every later request fail as aborted until clear_abort().
    void abort();
    void clear_abort();
    bool aborting() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync

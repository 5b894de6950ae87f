// The libcurl client against a real cpp-httplib server on 127.0.0.1: answers, timeouts, size cap, Retry-After, ETag
// and conditional GETs, abort.
#include "sync/http_client.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <thread>

using namespace floorsync;
using namespace std::chrono_literals;

namespace {

// A server with a handful of misbehaving endpoints, listening on a free loopback port for the test's lifetime.
class TestServer {
public:
    TestServer(const std::string& cert_file = {}, const std::string& key_file = {})
        : owned_(cert_file.empty() ? std::make_unique<httplib::Server>()
                                   : std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str())),
          server_(*owned_) {
        server_.Get("/hello", [](const httplib::Request&, httplib::Response& res) { res.set_content("hi", "text/plain"); });
        server_.Post("/echo", [this](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard lock(mutex_);
                remote_ports_.insert(req.remote_port);
            }
            res.set_content(req.get_header_value("Authorization") + "|" + req.get_header_value("Content-Type") + "|" +
                                req.body,
                            "text/plain");
        });
        server_.Get("/busy", [](const httplib::Request&, httplib::Response& res) {
            res.status = 503;
            res.set_header("Retry-After", "7");
            res.set_content(R"({"error":"shedding load"})", "application/json");
        });
        server_.Get("/versioned", [](const httplib::Request& req, httplib::Response& res) {
            res.set_header("ETag", "\"v7\"");
            if (req.get_header_value("If-None-Match") == "\"v7\"") {
                res.status = 304;
                return;
            }
            res.set_content("version 7|" + req.get_header_value("X-Extra"), "text/plain");
        });
        server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(2 * 1024 * 1024, 'x'), "text/plain");
        });
        server_.Get("/big-chunked", [](const httplib::Request&, httplib::Response& res) {
            res.set_chunked_content_provider("text/plain", [](std::size_t, httplib::DataSink& sink) {
                const std::string chunk(64 * 1024, 'y');
                for (int i = 0; i < 32; ++i)
                    if (!sink.write(chunk.data(), chunk.size())) return false;
                sink.done();
                return true;
            });
        });
        server_.Get("/stall", [this](const httplib::Request&, httplib::Response& res) {
            // Sends the headers and a few bytes, then goes quiet until released.
            res.set_chunked_content_provider("text/plain", [this](std::size_t, httplib::DataSink& sink) {
                sink.write("partial", 7);
                wait_for_release();
                return false;
            });
        });
        server_.Get("/hang", [this](const httplib::Request&, httplib::Response& res) {
            wait_for_release();
            res.set_content("late", "text/plain");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(1ms);
    }

    ~TestServer() {
        release();
        server_.stop();
        thread_.join();
    }

    std::string url(const std::string& path, const char* scheme = "http") const {
        return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_) + path;
    }

    std::size_t connections_seen() {
        std::lock_guard lock(mutex_);
        return remote_ports_.size();
    }

    void release() {
        std::lock_guard lock(mutex_);
        released_ = true;
        release_cv_.notify_all();
    }

private:
    void wait_for_release() {
        std::unique_lock lock(mutex_);
        release_cv_.wait_for(lock, 30s, [this] { return released_; });
    }

    std::unique_ptr<httplib::Server> owned_;
    httplib::Server& server_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable release_cv_;
    bool released_ = false;
    std::set<int> remote_ports_;
};

// A loopback port with nothing listening on it.
int closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

HttpClientSettings quick_settings() {
    HttpClientSettings settings;
    settings.connect_timeout = 2s;
    settings.request_timeout = 10s;
    settings.low_speed_bytes_per_second = 100;
    settings.low_speed_window = 1s;
    settings.max_response_bytes = 1024 * 1024;
    return settings;
}

}  // namespace

TEST_CASE("a POST carries the JSON body and the bearer token, and the answer comes back whole") {
    TestServer server;
    HttpClient client(quick_settings());
    const HttpResponse response = client.post_json(server.url("/echo"), R"({"events":[]})", "secret-token");
    REQUIRE(response.outcome == HttpOutcome::response);
    CHECK(response.status == 200);
    CHECK(response.ok());
    CHECK(response.body == R"(Bearer secret-token|application/json|{"events":[]})");

    const HttpResponse get = client.get(server.url("/hello"), "");
    CHECK(get.ok());
    CHECK(get.body == "hi");
}

TEST_CASE("keep-alive: consecutive requests reuse one connection") {
    TestServer server;
    HttpClient client(quick_settings());
    for (int i = 0; i < 5; ++i) REQUIRE(client.post_json(server.url("/echo"), "{}", "t").ok());
    CHECK(server.connections_seen() == 1);
}

TEST_CASE("an HTTP error status is a response with its body and Retry-After") {
    TestServer server;
    HttpClient client(quick_settings());
    const HttpResponse response = client.get(server.url("/busy"), "t");
    REQUIRE(response.outcome == HttpOutcome::response);
    CHECK(response.status == 503);
    CHECK_FALSE(response.ok());
    CHECK(response.retry_after == "7");
    CHECK(response.body == R"({"error":"shedding load"})");

    const HttpResponse missing = client.get(server.url("/nowhere"), "t");
    CHECK(missing.status == 404);
    CHECK(missing.retry_after.empty());  // not carried over from the previous answer
}

TEST_CASE("a GET captures the ETag, sends extra headers, and a 304 is a response without a body") {
    TestServer server;
    HttpClient client(quick_settings());
    const HttpResponse first = client.get(server.url("/versioned"), "t", {{"X-Extra", "yes"}});
    REQUIRE(first.outcome == HttpOutcome::response);
    CHECK(first.status == 200);
    CHECK(first.etag == "\"v7\"");
    CHECK(first.body == "version 7|yes");

    const HttpResponse again = client.get(server.url("/versioned"), "t", {{"If-None-Match", first.etag}});
    REQUIRE(again.outcome == HttpOutcome::response);
    CHECK(again.status == 304);
    CHECK_FALSE(again.ok());
    CHECK(again.body.empty());
    CHECK(again.etag == "\"v7\"");

    const HttpResponse other = client.get(server.url("/hello"), "t");
    CHECK(other.ok());
    CHECK(other.etag.empty());  // not carried over from the previous answer

    // A value from a server must not smuggle a header of its own into the request.
    CHECK_THROWS_AS(client.get(server.url("/hello"), "t", {{"If-None-Match", "\"x\"\r\nX-Evil: 1"}}),
                    std::invalid_argument);
    CHECK_THROWS_AS(client.get(server.url("/hello"), "t", {{"Bad: name", "x"}}), std::invalid_argument);
    CHECK(client.get(server.url("/hello"), "t").ok());
}

TEST_CASE("nobody listening is a connect failure") {
    HttpClient client(quick_settings());
    const HttpResponse response = client.get("http://127.0.0.1:" + std::to_string(closed_port()) + "/", "t");
    CHECK(response.outcome == HttpOutcome::connect_failed);
    CHECK_FALSE(response.error.empty());
}

TEST_CASE("an answer above the size cap is refused, with or without a Content-Length") {
    TestServer server;
    HttpClient client(quick_settings());
    CHECK(client.get(server.url("/big"), "t").outcome == HttpOutcome::response_too_large);
    const HttpResponse chunked = client.get(server.url("/big-chunked"), "t");
    CHECK(chunked.outcome == HttpOutcome::response_too_large);
    CHECK(chunked.body.empty());
    CHECK(client.get(server.url("/hello"), "t").ok());  // the client is still usable afterwards
}

TEST_CASE("a stalled answer is cut off by the low-speed limit") {
    TestServer server;
    HttpClient client(quick_settings());
    const HttpResponse response = client.get(server.url("/stall"), "t");
    CHECK(response.outcome == HttpOutcome::timed_out);
}

TEST_CASE("a server that never answers hits the overall request timeout") {
    TestServer server;
    HttpClientSettings settings = quick_settings();
    settings.low_speed_bytes_per_second = 0;  // no low-speed limit: only the overall timeout can end this
    settings.request_timeout = 800ms;
    HttpClient client(settings);
    CHECK(client.get(server.url("/hang"), "t").outcome == HttpOutcome::timed_out);
}

TEST_CASE("abort() from another thread ends a transfer in flight, and clear_abort() re-enables the client") {
    TestServer server;
    HttpClientSettings settings = quick_settings();
    settings.low_speed_bytes_per_second = 0;
    settings.request_timeout = 20s;  // far beyond the test: only abort() can end the request early
    HttpClient client(settings);
    auto pending = std::async(std::launch::async, [&] { return client.get(server.url("/hang"), "t"); });
    std::this_thread::sleep_for(200ms);
    client.abort();
    const HttpResponse response = pending.get();
    CHECK(response.outcome == HttpOutcome::aborted);
    CHECK(client.aborting());
    CHECK(client.get(server.url("/hello"), "t").outcome == HttpOutcome::aborted);  // refused while aborting

    server.release();
    client.clear_abort();
    CHECK(client.get(server.url("/hello"), "t").ok());
}

TEST_CASE("TLS: verification is on by default, a configured CA file is trusted, a public-key pin is enforced") {
    // A self-signed certificate for 127.0.0.1 and a second, unrelated key, made with the openssl command.
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("floor-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string d = dir.string();
    const std::string make_cert =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1"
        " -addext subjectAltName=IP:127.0.0.1 -keyout " + d + "/key.pem -out " + d + "/cert.pem 2>/dev/null"
        " && openssl pkey -in " + d + "/key.pem -pubout -out " + d + "/pub.pem 2>/dev/null"
        " && openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:prime256v1 -out " + d + "/other.pem 2>/dev/null"
        " && openssl pkey -in " + d + "/other.pem -pubout -out " + d + "/other-pub.pem 2>/dev/null";
    REQUIRE_MESSAGE(std::system(make_cert.c_str()) == 0, "the openssl command is needed to make a test certificate");
    {
        TestServer server(d + "/cert.pem", d + "/key.pem");
        const std::string url = server.url("/hello", "https");

        HttpClient default_client(quick_settings());
        const HttpResponse untrusted = default_client.get(url, "t");
        CHECK(untrusted.outcome == HttpOutcome::transport_error);
        CHECK_FALSE(untrusted.error.empty());

        HttpClientSettings with_ca = quick_settings();
        with_ca.ca_file = d + "/cert.pem";
        HttpClient trusting(with_ca);
        const HttpResponse trusted = trusting.get(url, "t");
        CHECK(trusted.ok());
        CHECK(trusted.body == "hi");

        HttpClientSettings pinned = with_ca;
        pinned.pinned_public_key = d + "/pub.pem";
        CHECK(HttpClient(pinned).get(url, "t").ok());
        pinned.pinned_public_key = d + "/other-pub.pem";
        CHECK(HttpClient(pinned).get(url, "t").outcome == HttpOutcome::transport_error);

        HttpClientSettings unverified = quick_settings();
        unverified.verify_tls = false;
        CHECK(HttpClient(unverified).get(url, "t").ok());
    }
    std::filesystem::remove_all(dir);
}

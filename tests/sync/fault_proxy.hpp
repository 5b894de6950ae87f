// A TCP proxy on 127.0.0.1 between the kiosk and the collector that injects network and server faults per request.
#pragma once

#include <atomic>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sync_test {

enum class Fault {
    none,               // forward the request, return the answer
    refuse,             // nothing listens: connections are refused (and open ones are closed)
    reset_mid_request,  // read half of the request body, then reset the connection (RST)
    stall,              // read the request, never answer
    trickle,            // forward the request, return the answer a few bytes at a time, far below any useful speed
    answer_500,         // answer 500 without forwarding
    answer_429,         // answer 429 with Retry-After, without forwarding
    answer_503,         // answer 503 with Retry-After, without forwarding
    drop_response,      // forward the request (the collector commits), then reset instead of answering
};

const char* to_string(Fault fault);

class FaultProxy {
public:
    explicit FaultProxy(int upstream_port);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // The fault for every request from now on (after any scripted ones). refuse closes the listening socket.
    void set_fault(Fault fault);
    // Faults for the next requests, one each, in order; afterwards the standing fault applies again.
    void script(std::vector<Fault> faults);
    void set_retry_after(std::string value);

    std::size_t times_applied(Fault fault) const;
    std::size_t scripted_left() const;

private:
    struct Connection;

    void accept_loop();
    void serve(int client_fd);
    Fault next_fault();
    void open_listener();
    void close_listener();
    bool forward(const std::string& request, std::string& response);

    const int upstream_port_;
    int port_ = 0;
    std::atomic<int> listen_fd_{-1};
    std::atomic<bool> stopping_{false};

    mutable std::mutex mutex_;
    Fault standing_ = Fault::none;
    std::deque<Fault> script_;
    std::string retry_after_ = "1";
    std::map<Fault, std::size_t> applied_;
    std::vector<int> client_fds_;
    std::vector<std::thread> threads_;
    std::thread acceptor_;
};

}  // namespace sync_test

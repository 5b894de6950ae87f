// The fault-injection proxy: reads each HTTP request from the kiosk, then forwards it or misbehaves as scripted.
#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <stdexcept>

namespace sync_test {
namespace {

using namespace std::chrono_literals;

constexpr int kPollMs = 50;

// Waits for fd to become readable (or writable) while watching the stop flag; false when stopping.
bool wait_ready(int fd, short events, const std::atomic<bool>& stopping) {
    while (!stopping) {
        pollfd entry{fd, events, 0};
        const int ready = ::poll(&entry, 1, kPollMs);
        if (ready > 0) return true;
        if (ready < 0 && errno != EINTR) return false;
    }
    return false;
}

// Appends whatever arrives to buffer; false on close, error or stop.
bool read_some(int fd, std::string& buffer, const std::atomic<bool>& stopping) {
    if (!wait_ready(fd, POLLIN, stopping)) return false;
    char chunk[16 * 1024];
    const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(got));
    return true;
}

bool send_all(int fd, std::string_view data, const std::atomic<bool>& stopping) {
    while (!data.empty()) {
        if (!wait_ready(fd, POLLOUT, stopping)) return false;
        const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (sent <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

// Reads one message's head (through the blank line) out of buffer, reading more as needed.
bool read_head(int fd, std::string& buffer, std::string& head, const std::atomic<bool>& stopping) {
    while (true) {
        const auto end = buffer.find("\r\n\r\n");
        if (end != std::string::npos) {
            head = buffer.substr(0, end + 4);
            buffer.erase(0, end + 4);
            return true;
        }
        if (!read_some(fd, buffer, stopping)) return false;
    }
}

std::size_t content_length(const std::string& head) {
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    return std::stoul(lower.substr(at + 17));
}

// Moves `length` body bytes from buffer (reading more as needed) into body.
bool read_body(int fd, std::string& buffer, std::size_t length, std::string& body, const std::atomic<bool>& stopping) {
    while (buffer.size() < length)
        if (!read_some(fd, buffer, stopping)) return false;
    body = buffer.substr(0, length);
    buffer.erase(0, length);
    return true;
}

// Closing with SO_LINGER 0 sends a RST instead of a FIN: the peer sees "connection reset".
void arm_reset(int fd) {
    linger option{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof option);
}

std::string canned(int status, const char* reason, const std::string& retry_after) {
    const std::string body = std::string(R"({"error":"injected )") + std::to_string(status) + "\"}";
    std::string response = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
    if (!retry_after.empty()) response += "Retry-After: " + retry_after + "\r\n";
    response += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return response;
}

}  // namespace

const char* to_string(Fault fault) {
    switch (fault) {
        case Fault::none: return "none";
        case Fault::refuse: return "refuse";
        case Fault::reset_mid_request: return "reset mid-request";
        case Fault::stall: return "stall";
        case Fault::trickle: return "trickle";
        case Fault::answer_500: return "500";
        case Fault::answer_429: return "429";
        case Fault::answer_503: return "503";
        case Fault::drop_response: return "drop response";
    }
    return "?";
}

FaultProxy::FaultProxy(int upstream_port) : upstream_port_(upstream_port) {
    open_listener();
    acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
    stopping_ = true;
    acceptor_.join();
    {
        std::lock_guard lock(mutex_);
        for (int fd : client_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    for (std::thread& thread : threads_) thread.join();
    close_listener();
}

void FaultProxy::open_listener() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port_));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 64) != 0) {
        ::close(fd);
        throw std::runtime_error("fault proxy: cannot listen on 127.0.0.1:" + std::to_string(port_));
    }
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    listen_fd_ = fd;
}

void FaultProxy::close_listener() {
    const int fd = listen_fd_.exchange(-1);
    if (fd >= 0) ::close(fd);
}

// Only this thread opens and closes the listening socket, so it never polls a descriptor closed under it.
void FaultProxy::accept_loop() {
    while (!stopping_) {
        bool refuse;
        {
            std::lock_guard lock(mutex_);
            refuse = standing_ == Fault::refuse;
            if (refuse) {
                for (int fd : client_fds_) ::shutdown(fd, SHUT_RDWR);  // kept-alive connections go too
            }
        }
        if (refuse) {
            close_listener();
            std::this_thread::sleep_for(10ms);
            continue;
        }
        if (listen_fd_ < 0) open_listener();
        pollfd entry{listen_fd_, POLLIN, 0};
        if (::poll(&entry, 1, kPollMs) <= 0) continue;
        const int client = ::accept(listen_fd_, nullptr, nullptr);
        if (client < 0) continue;
        const int yes = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        std::lock_guard lock(mutex_);
        client_fds_.push_back(client);
        threads_.emplace_back([this, client] { serve(client); });
    }
}

void FaultProxy::set_fault(Fault fault) {
    {
        std::lock_guard lock(mutex_);
        standing_ = fault;
    }
    // Wait until the acceptor has acted, so "refuse" is in force when this returns.
    for (int i = 0; i < 200; ++i) {
        const bool closed = listen_fd_ < 0;
        if (closed == (fault == Fault::refuse)) return;
        std::this_thread::sleep_for(5ms);
    }
}

void FaultProxy::script(std::vector<Fault> faults) {
    std::lock_guard lock(mutex_);
    script_.insert(script_.end(), faults.begin(), faults.end());
}

void FaultProxy::set_retry_after(std::string value) {
    std::lock_guard lock(mutex_);
    retry_after_ = std::move(value);
}

std::size_t FaultProxy::times_applied(Fault fault) const {
    std::lock_guard lock(mutex_);
    const auto found = applied_.find(fault);
    return found == applied_.end() ? 0 : found->second;
}

std::size_t FaultProxy::scripted_left() const {
    std::lock_guard lock(mutex_);
    return script_.size();
}

Fault FaultProxy::next_fault() {
    std::lock_guard lock(mutex_);
    Fault fault = standing_;
    if (!script_.empty()) {
        fault = script_.front();
        script_.pop_front();
    }
    ++applied_[fault];
    return fault;
}

// One request to the collector on a fresh connection; the whole answer (head and body) in response.
bool FaultProxy::forward(const std::string& request, std::string& response) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(upstream_port_));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
              send_all(fd, request, stopping_);
    std::string buffer, head, body;
    ok = ok && read_head(fd, buffer, head, stopping_) && read_body(fd, buffer, content_length(head), body, stopping_);
    ::close(fd);
    if (ok) response = head + body;
    return ok;
}

void FaultProxy::serve(int client) {
    std::string buffer;
    while (!stopping_) {
        std::string head, body, response;
        if (!read_head(client, buffer, head, stopping_)) break;
        const std::size_t length = content_length(head);
        const Fault fault = next_fault();
        if (fault == Fault::refuse) break;
        if (fault == Fault::reset_mid_request) {
            read_body(client, buffer, length / 2, body, stopping_);  // the client is still sending the rest
            arm_reset(client);
            break;
        }
        if (!read_body(client, buffer, length, body, stopping_)) break;
        const std::string request = head + body;
        std::string retry_after;
        {
            std::lock_guard lock(mutex_);
            retry_after = retry_after_;
        }

        bool keep_open = true;
        switch (fault) {
            case Fault::none:
                keep_open = forward(request, response) && send_all(client, response, stopping_);
                break;
            case Fault::stall:
                while (read_some(client, buffer, stopping_)) {
                }  // until the client gives up
                keep_open = false;
                break;
            case Fault::trickle:
                keep_open = forward(request, response);
                for (std::size_t at = 0; keep_open && at < response.size(); at += 8) {
                    keep_open = send_all(client, std::string_view(response).substr(at, 8), stopping_);
                    std::this_thread::sleep_for(100ms);
                }
                break;
            case Fault::answer_500:
                keep_open = send_all(client, canned(500, "Internal Server Error", ""), stopping_);
                break;
            case Fault::answer_429:
                keep_open = send_all(client, canned(429, "Too Many Requests", retry_after), stopping_);
                break;
            case Fault::answer_503:
                keep_open = send_all(client, canned(503, "Service Unavailable", retry_after), stopping_);
                break;
            case Fault::drop_response:
                forward(request, response);  // the collector has committed when its answer is here
                arm_reset(client);
                keep_open = false;
                break;
            default:
                keep_open = false;
        }
        if (!keep_open) break;
    }
    std::lock_guard lock(mutex_);
    client_fds_.erase(std::remove(client_fds_.begin(), client_fds_.end(), client), client_fds_.end());
    ::close(client);
}

}  // namespace sync_test

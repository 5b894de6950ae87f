// The raw HTTP test client: blocking sockets with poll() deadlines and a minimal reply parser.
#include "raw_http.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace collector_test {

namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::max<long long>(0, left));
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

}  // namespace

RawConnection::RawConnection(int port, std::chrono::milliseconds timeout) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd_ < 0) {
        connect_error_ = std::string("socket: ") + std::strerror(errno);
        return;
    }
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 && errno != EINPROGRESS) {
        connect_error_ = std::string("connect: ") + std::strerror(errno);
        close();
        return;
    }
    pollfd waiting{fd_, POLLOUT, 0};
    const int ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
    if (ready != 1 || error != 0) {
        connect_error_ = ready != 1 ? "connect timed out" : std::string("connect: ") + std::strerror(error);
        close();
        return;
    }
    fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
}

RawConnection::~RawConnection() { close(); }

RawConnection::RawConnection(RawConnection&& other) noexcept
    : fd_(other.fd_), connect_error_(std::move(other.connect_error_)), pending_(std::move(other.pending_)) {
    other.fd_ = -1;
}

void RawConnection::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

bool RawConnection::send(const std::string& bytes) {
    std::size_t sent = 0;
    while (fd_ >= 0 && sent < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return fd_ >= 0;
}

RawReply RawConnection::read_reply(std::chrono::milliseconds timeout) {
    RawReply reply;
    const auto deadline = Clock::now() + timeout;
    std::string& data = pending_;
    std::size_t header_end = std::string::npos;
    std::size_t body_length = 0;
    char buffer[16384];
    while (true) {
        if (header_end == std::string::npos) {
            header_end = data.find("\r\n\r\n");
            if (header_end != std::string::npos) {
                const std::string head = data.substr(0, header_end);
                if (head.size() < 12 || head.compare(0, 5, "HTTP/") != 0) {
                    reply.error = "not an HTTP reply: " + head.substr(0, 40);
                    return reply;
                }
                reply.status = std::atoi(head.c_str() + 9);
                std::size_t line = head.find("\r\n");
                while (line != std::string::npos) {
                    const std::size_t next = head.find("\r\n", line + 2);
                    const std::string field = head.substr(line + 2, next == std::string::npos ? std::string::npos : next - line - 2);
                    const auto colon = field.find(':');
                    if (colon != std::string::npos) {
                        std::string value = field.substr(colon + 1);
                        value.erase(0, value.find_first_not_of(' '));
                        reply.headers[lower(field.substr(0, colon))] = value;
                    }
                    line = next;
                }
                body_length = reply.headers.count("content-length") ? std::stoul(reply.headers["content-length"]) : 0;
            }
        }
        if (header_end != std::string::npos && data.size() >= header_end + 4 + body_length) {
            reply.body = data.substr(header_end + 4, body_length);
            data.erase(0, header_end + 4 + body_length);
            return reply;
        }
        pollfd waiting{fd_, POLLIN, 0};
        const int ready = fd_ < 0 ? -1 : ::poll(&waiting, 1, remaining_ms(deadline));
        if (ready != 1) {
            reply.status = 0;
            reply.error = ready == 0 ? "timed out waiting for the reply" : "poll failed";
            return reply;
        }
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) {
            reply.status = 0;
            reply.error = n == 0 ? "connection closed before a complete reply" : std::string("recv: ") + std::strerror(errno);
            return reply;
        }
        data.append(buffer, static_cast<std::size_t>(n));
    }
}

bool RawConnection::closed_by_server(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    char buffer[4096];
    while (fd_ >= 0) {
        pollfd waiting{fd_, POLLIN, 0};
        const int ready = ::poll(&waiting, 1, remaining_ms(deadline));
        if (ready != 1) return false;
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) return true;  // EOF or reset
        pending_.append(buffer, static_cast<std::size_t>(n));
        return false;  // the server sent something instead
    }
    return false;
}

std::string upload_request(const std::string& token, const std::string& body, bool keep_alive) {
    return "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
           (keep_alive ? "" : "Connection: close\r\n") + "\r\n" + body;
}

}  // namespace collector_test

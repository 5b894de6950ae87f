// A raw HTTP/1.1 client on a plain socket, for tests that must send what no HTTP library would: broken framing,
// stalled or dripping headers, thousands of connections at once.
#pragma once

#include <chrono>
#include <map>
#include <string>

namespace collector_test {

struct RawReply {
    int status = 0;                             // 0: no complete reply
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
    std::string error;                          // why there is no reply ("timed out", "connection closed", ...)
};

class RawConnection {
public:
    // Connects to 127.0.0.1:port (blocking, bounded by `timeout`); check connected().
    RawConnection(int port, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    ~RawConnection();
    RawConnection(RawConnection&& other) noexcept;
    RawConnection& operator=(RawConnection&&) = delete;
    RawConnection(const RawConnection&) = delete;

    bool connected() const { return fd_ >= 0; }
    const std::string& connect_error() const { return connect_error_; }
    bool send(const std::string& bytes);
    // Reads one reply (status line, headers, Content-Length body) within `timeout`.
    RawReply read_reply(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // True when the server closed the connection (EOF or reset) within `timeout` and sent nothing more.
    bool closed_by_server(std::chrono::milliseconds timeout);
    void close();

private:
    int fd_ = -1;
    std::string connect_error_;
    std::string pending_;  // bytes read past the last reply
};

// "POST /api/v1/events" with the token and body, framed with a correct Content-Length.
std::string upload_request(const std::string& token, const std::string& body, bool keep_alive = true);

}  // namespace collector_test

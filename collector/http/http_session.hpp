// One HTTP/1.1 connection on Beast, plain or TLS: wait (idle, no thread), read the header and the body each under
// one deadline, hand the request to the worker pool, write the reply, repeat. Internal to http_server.cpp.
#pragma once

#include "collector/http/connection_limits.hpp"
#include "collector/http/http_server.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace floorsync::collector::http_detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class SessionBase {
public:
    virtual ~SessionBase() = default;
    // Server shutdown: a connection that waits for or reads a request is closed; one whose request is being
    // processed or answered finishes that reply first and then closes.
    virtual void shutdown() = 0;
};

// What every session shares with the server.
struct ServerState {
    HttpServerOptions options;
    HttpHandler handler;
    ConnectionLimits limits;
    net::io_context* io = nullptr;
    net::thread_pool* workers = nullptr;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> refused{0};
    std::atomic<std::size_t> bad_requests{0};
    std::atomic<std::size_t> timed_out{0};
    std::atomic<std::size_t> pending{0};
    std::atomic<std::size_t> shed{0};

    std::mutex sessions_mutex;
    std::uint64_t next_session_id = 0;
    std::unordered_map<std::uint64_t, std::weak_ptr<SessionBase>> sessions;

    ServerState(HttpServerOptions settings, HttpHandler request_handler)
        : options(std::move(settings)),
          handler(std::move(request_handler)),
          limits(options.max_connections, options.max_connections_per_address) {}

    std::uint64_t enrol(const std::shared_ptr<SessionBase>& session) {
        std::lock_guard lock(sessions_mutex);
        const std::uint64_t id = next_session_id++;
        sessions.emplace(id, session);
        return id;
    }
    void leave(std::uint64_t id) {
        std::lock_guard lock(sessions_mutex);
        sessions.erase(id);
    }
    void shutdown_all() {
        std::vector<std::shared_ptr<SessionBase>> alive;
        {
            std::lock_guard lock(sessions_mutex);
            for (auto& [id, weak] : sessions)
                if (auto session = weak.lock()) alive.push_back(std::move(session));
        }
        for (auto& session : alive) session->shutdown();
    }
};

std::string json_error(std::string_view message);

template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
public:
    template <class... StreamArgs>
    Session(std::shared_ptr<ServerState> state, ConnectionLimits::Slot slot, StreamArgs&&... stream_args)
        : state_(std::move(state)), slot_(std::move(slot)), stream_(std::forward<StreamArgs>(stream_args)...) {}

    ~Session() override { state_->leave(id_); }

    void start() {
        id_ = state_->enrol(this->shared_from_this());
        net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->begin(); });
    }

    void shutdown() override {
        net::post(stream_.get_executor(), [self = this->shared_from_this()] {
            if (self->phase_ == Phase::reading) self->lowest().close();
        });
    }

private:
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
    static constexpr std::size_t kIdleReadBytes = 512;
    enum class Phase { reading, processing, writing, closing };

    std::shared_ptr<ServerState> state_;
    ConnectionLimits::Slot slot_;
    Stream stream_;
    std::uint64_t id_ = 0;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    Phase phase_ = Phase::reading;
    bool keep_alive_ = false;
    bool head_request_ = false;  // the reply gets its headers (and Content-Length) but no body
    char drain_[512];

    const HttpServerOptions& options() const { return state_->options; }
    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
    static std::chrono::seconds seconds(int count) { return std::chrono::seconds(count); }

    void begin() {
        if constexpr (kTls) {
            lowest().expires_after(seconds(options().header_timeout_seconds));
            stream_.async_handshake(net::ssl::stream_base::server,
                                    [self = this->shared_from_this()](beast::error_code error) {
                                        if (error) return self->close_now();
                                        self->wait_for_request(true);
                                    });
        } else {
            wait_for_request(true);
        }
    }

    // Before the first byte of a request the connection is idle: only the keep-alive deadline runs (the header
    // deadline for a new connection), and no thread is held.
    void wait_for_request(bool first) {
        phase_ = Phase::reading;
        if (state_->stopping) return graceful_close();
        if (buffer_.size() > 0) return read_header();  // pipelined: the next request is already here
        // An idle connection keeps almost nothing: the last request's buffers go, and the wait reads into a small one
        // (the header read grows it as needed). 10,000 idle connections: see bench/collector_connections.
        buffer_.shrink_to_fit();
        response_ = {};
        lowest().expires_after(seconds(first ? options().header_timeout_seconds : options().keep_alive_timeout_seconds));
        stream_.async_read_some(buffer_.prepare(kIdleReadBytes),
                                [self = this->shared_from_this(), first](beast::error_code error, std::size_t bytes) {
                                    if (error) {
                                        if (error == beast::error::timeout && first) ++self->state_->timed_out;
                                        return self->close_now();
                                    }
                                    self->buffer_.commit(bytes);
                                    self->read_header();
                                });
    }

    void read_header() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(options().max_header_bytes));
        parser_->body_limit(options().max_body_bytes);
        lowest().expires_after(seconds(options().header_timeout_seconds));  // one deadline for the whole header
        http::async_read_header(stream_, buffer_, *parser_,
                                [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                                    if (error) return self->read_failed(error);
                                    self->on_header();
                                });
    }

    void on_header() {
        const auto& request = parser_->get();
        if (static_cast<std::size_t>(std::distance(request.begin(), request.end())) > options().max_header_count)
            return reject(431, "too many header fields (at most " + std::to_string(options().max_header_count) + ")");
        if (beast::iequals(request[http::field::expect], "100-continue")) {
            static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            lowest().expires_after(seconds(options().write_timeout_seconds));
            net::async_write(stream_, net::buffer(kContinue),
                             [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                                 if (error) return self->close_now();
                                 self->read_body();
                             });
            return;
        }
        read_body();
    }

    void read_body() {
        lowest().expires_after(seconds(options().body_timeout_seconds));  // one deadline for the whole body
        http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code error, std::size_t) {
            if (error) return self->read_failed(error);
            self->dispatch();
        });
    }

    void read_failed(beast::error_code error) {
        if (error == beast::error::timeout) {
            ++state_->timed_out;
            return close_now();
        }
        if (error == http::error::header_limit) return reject(431, "request header fields too large");
        if (error == http::error::body_limit)
            return reject(413, "request body is above the limit of " + std::to_string(options().max_body_bytes) + " bytes");
        if (error == http::error::end_of_stream || error == http::error::partial_message ||
            error.category() != http::make_error_code(http::error::header_limit).category())
            return close_now();  // the client went away, or a socket error: nobody to answer
        // Every other parser error is a framing error: a bad or repeated Content-Length, broken chunked encoding,
        // a bad request line or header. Nothing of the request reaches a handler.
        return reject(400, "malformed HTTP request: " + error.message());
    }

    void dispatch() {
        phase_ = Phase::processing;
        auto& message = parser_->get();
        HttpRequest request;
        request.method = std::string(message.method_string().data(), message.method_string().size());
        const auto target_view = message.target();
        const std::string_view target(target_view.data(), target_view.size());
        const auto question = target.find('?');
        request.path = std::string(target.substr(0, question));
        if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
        const auto authorization = message[http::field::authorization];
        request.authorization = std::string(authorization.data(), authorization.size());
        const auto if_none_match = message[http::field::if_none_match];
        request.if_none_match = std::string(if_none_match.data(), if_none_match.size());
        request.remote_address = slot_.address();
        const auto header = [&message](http::field field) {
            const auto value = message[field];
            return std::string(value.data(), value.size());
        };
        request.cookie = header(http::field::cookie);
        request.content_type = header(http::field::content_type);
        request.origin = header(http::field::origin);
        const auto csrf = message["X-CSRF-Token"];
        request.csrf_header = std::string(csrf.data(), csrf.size());
        // A proxy may add its own header line rather than extend the one it received: all of them, in order.
        for (auto [it, end] = message.equal_range("X-Forwarded-For"); it != end; ++it) {
            if (!request.forwarded_for.empty()) request.forwarded_for += ", ";
            request.forwarded_for.append(it->value().data(), it->value().size());
        }
        request.over_tls = kTls;
        head_request_ = message.method() == http::verb::head;
        request.body = std::move(message.body());
        keep_alive_ = message.keep_alive();
        parser_.reset();
        if (++state_->pending > options().max_pending_requests) {
            --state_->pending;
            ++state_->shed;
            HttpResponse busy{503, "application/json", json_error("the collector is busy; retry later"), {}, false};
            busy.headers.emplace_back("Retry-After", std::to_string(options().retry_after_seconds));
            return write(std::move(busy));
        }
        // Keeps run() going while the request is on a worker thread and the connection has no pending operation.
        auto work = net::make_work_guard(*state_->io);
        net::post(*state_->workers, [self = this->shared_from_this(), request = std::move(request),
                                     work = std::move(work)]() mutable {
            HttpResponse response;
            try {
                response = self->state_->handler(request);
            } catch (const std::exception& error) {
                std::fprintf(stderr, "kiosk-collector: internal error on %s %s: %s\n", request.method.c_str(),
                             request.path.c_str(), error.what());
                response = HttpResponse{500, "application/json", json_error("internal error"), {}, false};
            }
            --self->state_->pending;
            net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
                self->write(std::move(response));
            });
        });
    }

    void reject(int status, const std::string& message) {
        ++state_->bad_requests;
        head_request_ = false;
        keep_alive_ = false;
        write(HttpResponse{status, "application/json", json_error(message), {}, true});
    }

    void write(HttpResponse reply) {
        phase_ = Phase::writing;
        const bool keep = keep_alive_ && !reply.close && !state_->stopping;
        response_ = {};
        response_.version(11);
        response_.result(static_cast<unsigned>(reply.status));
        const bool not_modified = reply.status == 304;  // no body, so neither Content-Type nor Content-Length
        if (!not_modified) response_.set(http::field::content_type, reply.content_type);
        // insert, not set: a reply may carry several headers of one name (two Set-Cookie lines).
        for (const auto& [name, value] : reply.headers) response_.insert(name, value);
        response_.keep_alive(keep);
        if (!not_modified && head_request_) {
            response_.content_length(reply.body.size());  // what a GET would send, without the bytes
        } else if (!not_modified) {
            response_.body() = std::move(reply.body);
            response_.prepare_payload();
        }
        head_request_ = false;
        lowest().expires_after(seconds(options().write_timeout_seconds));
        http::async_write(stream_, response_, [self = this->shared_from_this(), keep](beast::error_code error, std::size_t) {
            if (error) {
                if (error == beast::error::timeout) ++self->state_->timed_out;
                return self->close_now();
            }
            if (!keep) return self->graceful_close();
            self->wait_for_request(false);
        });
    }

    // Closing with unread request bytes in the socket would make the kernel send a reset, which can destroy the
    // reply before the client reads it; so: stop sending, read what is left for a moment, then close.
    void graceful_close() {
        phase_ = Phase::closing;
        lowest().expires_after(std::chrono::seconds(2));
        if constexpr (kTls) {
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close_now(); });
        } else {
            beast::error_code ignored;
            lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
            drain();
        }
    }

    void drain() {
        lowest().async_read_some(net::buffer(drain_), [self = this->shared_from_this()](beast::error_code error, std::size_t) {
            if (error) return self->close_now();
            self->drain();
        });
    }

    void close_now() {
        phase_ = Phase::closing;
        lowest().close();
    }
};

}  // namespace floorsync::collector::http_detail

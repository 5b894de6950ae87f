// HttpServer on Beast/Asio: the listener (backlog, connection limits, refusals), the io threads and the worker pool.
#include "collector/http/http_server.hpp"

#include "collector/http/http_session.hpp"

#include <filesystem>
#include <thread>

namespace floorsync::collector {

namespace http_detail {

std::string json_error(std::string_view message) {
    std::string text = R"({"error":")";
    for (const char c : message) {
        if (c == '"' || c == '\\') {
            text += '\\';
            text += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            text += ' ';
        } else {
            text += c;
        }
    }
    return text + "\"}";
}

namespace {

// A connection over a limit gets a short 503 (plain HTTP) and is closed; it never reaches a handler.
class Refusal : public std::enable_shared_from_this<Refusal> {
public:
    Refusal(tcp::socket socket, int retry_after) : stream_(std::move(socket)) {
        const std::string body = json_error("too many connections; retry later");
        reply_ = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: " +
                 std::to_string(retry_after) + "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
                 "\r\n\r\n" + body;
    }
    void start() {
        stream_.expires_after(std::chrono::seconds(2));
        net::async_write(stream_, net::buffer(reply_), [self = shared_from_this()](beast::error_code, std::size_t) {
            beast::error_code ignored;
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
            self->stream_.async_read_some(net::buffer(self->drain_),
                                          [self](beast::error_code, std::size_t) { self->stream_.close(); });
        });
    }

private:
    beast::tcp_stream stream_;
    std::string reply_;
    char drain_[512];
};

}  // namespace

}  // namespace http_detail

using namespace http_detail;

struct HttpServer::Impl {
    Impl(HttpServerOptions settings, HttpHandler handler)
        : io(static_cast<int>(std::max<std::size_t>(1, settings.io_threads))),
          workers(std::max<std::size_t>(1, settings.worker_threads)),
          state(std::make_shared<ServerState>(std::move(settings), std::move(handler))),
          acceptor(net::make_strand(io)),
          retry_accept(acceptor.get_executor()) {
        state->io = &io;
        state->workers = &workers;
        if (!options().tls_cert_file.empty()) load_tls();
        listen();
    }

    ~Impl() { workers.join(); }

    net::io_context io;
    net::thread_pool workers;
    std::shared_ptr<ServerState> state;
    std::optional<net::ssl::context> tls_context;
    tcp::acceptor acceptor;
    net::steady_timer retry_accept;
    int bound_port = 0;

    const HttpServerOptions& options() const { return state->options; }

    void load_tls() {
        for (const auto& file : {options().tls_cert_file, options().tls_key_file}) {
            std::error_code error;
            if (!std::filesystem::is_regular_file(file, error))
                throw HttpServerError("TLS file '" + file + "' does not exist or is not a file");
        }
        tls_context.emplace(net::ssl::context::tls_server);
        try {
            tls_context->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                                     net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                                     net::ssl::context::no_tlsv1_1);
            tls_context->use_certificate_chain_file(options().tls_cert_file);
            tls_context->use_private_key_file(options().tls_key_file, net::ssl::context::pem);
        } catch (const boost::system::system_error& error) {
            throw HttpServerError("cannot load the TLS certificate '" + options().tls_cert_file + "' with key '" +
                                  options().tls_key_file + "' (PEM files that belong together are needed): " +
                                  error.code().message());
        }
    }

    void listen() {
        beast::error_code error;
        const auto address = net::ip::make_address(options().host == "localhost" ? "127.0.0.1" : options().host, error);
        if (error) throw HttpServerError("cannot listen on '" + options().host + "': not an IP address");
        const tcp::endpoint endpoint(address, static_cast<unsigned short>(options().port));
        const auto fail = [&](const char* step) {
            throw HttpServerError("cannot listen on " + options().host + ":" + std::to_string(options().port) + " (" +
                                  step + ": " + error.message() + ")");
        };
        if (acceptor.open(endpoint.protocol(), error)) fail("open");
        if (acceptor.set_option(net::socket_base::reuse_address(true), error)) fail("reuse_address");
        if (acceptor.bind(endpoint, error)) fail("bind");
        if (acceptor.listen(options().backlog, error)) fail("listen");
        bound_port = acceptor.local_endpoint().port();
    }

    void accept() {
        acceptor.async_accept(net::make_strand(io), [this](beast::error_code error, tcp::socket socket) {
            if (state->stopping) return;
            if (error) {
                // Out of file descriptors (or a transient error): wait a moment instead of spinning.
                if (error != net::error::operation_aborted)
                    std::fprintf(stderr, "kiosk-collector: accept failed: %s\n", error.message().c_str());
                retry_accept.expires_after(std::chrono::milliseconds(100));
                retry_accept.async_wait([this](beast::error_code) {
                    if (!state->stopping) accept();
                });
                return;
            }
            admit(std::move(socket));
            accept();
        });
    }

    void admit(tcp::socket socket) {
        beast::error_code error;
        const auto remote = socket.remote_endpoint(error);
        if (error) return;  // already gone
        socket.set_option(tcp::no_delay(true), error);  // small replies must not wait for delayed ACKs
        auto slot = state->limits.admit(remote.address().to_string());
        if (!slot) {
            ++state->refused;
            if (tls_context) return;  // closing is all we can do before a TLS handshake
            std::make_shared<Refusal>(std::move(socket), options().retry_after_seconds)->start();
            return;
        }
        if (tls_context) {
            std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(state, std::move(*slot), std::move(socket),
                                                                           *tls_context)
                ->start();
        } else {
            std::make_shared<Session<beast::tcp_stream>>(state, std::move(*slot), std::move(socket))->start();
        }
    }
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() {
    stop();
}

int HttpServer::port() const { return impl_->bound_port; }

bool HttpServer::tls() const { return impl_->tls_context.has_value(); }

void HttpServer::run() {
    if (impl_->state->stopping) return;
    net::post(impl_->acceptor.get_executor(), [this] { impl_->accept(); });
    std::vector<std::thread> extra;
    for (std::size_t i = 1; i < std::max<std::size_t>(1, impl_->options().io_threads); ++i)
        extra.emplace_back([this] { impl_->io.run(); });
    impl_->io.run();
    for (auto& thread : extra) thread.join();
}

void HttpServer::stop() {
    if (impl_->state->stopping.exchange(true)) return;
    net::post(impl_->acceptor.get_executor(), [this] {
        beast::error_code ignored;
        impl_->acceptor.close(ignored);
        impl_->retry_accept.cancel();
    });
    impl_->state->shutdown_all();
}

HttpServerStats HttpServer::stats() const {
    const auto& state = *impl_->state;
    return HttpServerStats{state.limits.open(), state.refused.load(), state.bad_requests.load(), state.timed_out.load(),
                           state.shed.load()};
}

}  // namespace floorsync::collector

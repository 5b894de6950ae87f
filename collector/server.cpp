// HTTP endpoints of the collector: uploads (auth, limits, load shedding, batch ingest), the feed and /healthz.
#include "collector/server.hpp"

#include "sync/shared/clock.hpp"
#include "collector/database.hpp"
#include "collector/group_commit.hpp"
#include "collector/registry.hpp"
#include "collector/validation.hpp"
#include "sync/shared/protocol.hpp"

#include <httplib.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

namespace floorsync::collector {

namespace {

constexpr const char* kJson = "application/json";

void reply(httplib::Response& res, int status, std::string body) {
    res.status = status;
    res.set_content(std::move(body), kJson);
}

void reply_error(httplib::Response& res, int status, std::string_view message) {
    reply(res, status, encode_error(message));
}

// For answers given before the body was read: the unread bytes must not be taken for the next request.
void close_after_reply(httplib::Response& res) { res.set_header("Connection", "close"); }

std::string_view bearer_token(const httplib::Request& req) {
    const auto found = req.headers.find("Authorization");
    if (found == req.headers.end()) return {};
    std::string_view value = found->second;
    constexpr std::string_view scheme = "bearer ";
    if (value.size() <= scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return {};
    }
    value.remove_prefix(scheme.size());
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    return value;
}

bool valid_cursor(const std::string& cursor) {
    return cursor.size() <= 20 && cursor.find_first_not_of("0123456789") == std::string::npos;
}

void log_line(const std::string& text) { std::fprintf(stderr, "kiosk-collector: %s\n", text.c_str()); }

}  // namespace

struct CollectorServer::Impl {
    explicit Impl(CollectorConfig settings) : config(std::move(settings)) {
        if (config.db_path.empty()) config.db_path = default_database_path();
        try {
            committer = std::make_unique<GroupCommitter>(open_collector_database(config.db_path));
            reader_db = std::make_unique<sqlite::Database>(open_collector_database(config.db_path));
        } catch (const StoreError& error) {
            throw ServerError(std::string("cannot open the database: ") + error.what());
        }
        registry = std::make_unique<KioskRegistry>(*reader_db);
        server = make_http_server();
        configure();
        bind();
    }

    CollectorConfig config;
    std::unique_ptr<GroupCommitter> committer;    // owns the write connection and its thread
    std::unique_ptr<sqlite::Database> reader_db;  // guarded by read_mutex (authentication, health)
    std::unique_ptr<KioskRegistry> registry;
    std::mutex read_mutex;
    std::unique_ptr<httplib::Server> server;      // last: destroyed (its threads joined) before the rest
    int bound_port = 0;

    std::atomic<std::size_t> in_flight{0};
    std::atomic<std::size_t> shed{0};
    std::atomic<std::size_t> requests{0};
    std::atomic<std::size_t> events_stored{0};
    std::atomic<bool> stop_requested{false};
    std::atomic<bool> run_active{false};

    std::unique_ptr<httplib::Server> make_http_server() {
        if (config.tls_cert_file.empty()) return std::make_unique<httplib::Server>();
        for (const auto& file : {config.tls_cert_file, config.tls_key_file}) {
            std::error_code error;
            if (!std::filesystem::is_regular_file(file, error))
                throw ServerError("TLS file '" + file + "' does not exist or is not a file");
        }
        auto tls = std::make_unique<httplib::SSLServer>(config.tls_cert_file.c_str(), config.tls_key_file.c_str());
        if (!tls->is_valid())
            throw ServerError("cannot load the TLS certificate '" + config.tls_cert_file + "' with key '" +
                              config.tls_key_file + "' (PEM files that belong together are needed)");
        return tls;
    }

    void configure() {
        const std::size_t threads = config.worker_threads;
        server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
        server->set_tcp_nodelay(true);  // without it keep-alive replies wait for delayed ACKs (~3x slower)
        server->set_keep_alive_max_count(10000);
        server->set_keep_alive_timeout(config.keep_alive_timeout_seconds);
        server->set_read_timeout(config.read_timeout_seconds, 0);
        server->set_write_timeout(config.read_timeout_seconds, 0);
        server->set_payload_max_length(config.max_body_bytes);

        server->Post("/api/v1/events",
                     [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
                         handle_upload(req, res, reader);
                     });
        server->Get("/api/v1/feed", [this](const httplib::Request& req, httplib::Response& res) { handle_feed(req, res); });
        server->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) { handle_health(res); });
        server->set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                            httplib::Response& res) {
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            if (res.status == 404) {
                reply_error(res, 404, "no such endpoint: " + req.method + " " + req.path);
            } else if (res.status == 413) {
                reply_error(res, 413, "request body too large");
            } else {
                reply_error(res, res.status, "HTTP error " + std::to_string(res.status));
            }
            return httplib::Server::HandlerResponse::Handled;
        }));
        server->set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
            std::string message = "unknown error";
            try {
                if (error) std::rethrow_exception(error);
            } catch (const std::exception& exception) {
                message = exception.what();
            } catch (...) {
            }
            log_line("internal error on " + req.method + " " + req.path + ": " + message);
            reply_error(res, 500, "internal error");
        });
    }

    void bind() {
        if (config.listen_port == 0) {
            bound_port = server->bind_to_any_port(config.listen_host);
            if (bound_port < 0) bound_port = 0;
        } else if (server->bind_to_port(config.listen_host, config.listen_port)) {
            bound_port = config.listen_port;
        }
        if (bound_port == 0)
            throw ServerError("cannot listen on " + config.listen_host + ":" + std::to_string(config.listen_port) +
                              " (address in use, not local, or not permitted)");
    }

    // Counts uploads in progress; the constructor decides whether there is room for one more.
    struct InFlight {
        explicit InFlight(Impl& impl) : count(impl.in_flight) { admitted = ++count <= impl.config.max_in_flight; }
        ~InFlight() { --count; }
        std::atomic<std::size_t>& count;
        bool admitted;
    };

    std::optional<KioskIdentity> authenticate(const httplib::Request& req, httplib::Response& res) {
        const std::string_view token = bearer_token(req);
        if (token.empty()) {
            res.set_header("WWW-Authenticate", "Bearer");
            reply_error(res, 401, "missing 'Authorization: Bearer <kiosk token>' header");
            return std::nullopt;
        }
        std::optional<KioskIdentity> kiosk;
        {
            std::lock_guard lock(read_mutex);
            kiosk = registry->authenticate(token);
        }
        if (!kiosk) {
            res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            reply_error(res, 401, "unknown or revoked kiosk token");
        }
        return kiosk;
    }

    void unavailable(httplib::Response& res, const std::string& message) {
        res.set_header("Retry-After", std::to_string(config.retry_after_seconds));
        reply_error(res, 503, message);
    }

    // Reads the body up to the limit; false (and a 413 answered) when it is larger.
    bool read_body(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
                   std::string& body) {
        const std::string limit_text = std::to_string(config.max_body_bytes);
        if (req.has_header("Content-Length")) {
            const std::string length_text = req.get_header_value("Content-Length");
            std::size_t length = 0;
            const auto [end, error] = std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
            if (error == std::errc() && length > config.max_body_bytes) {
                close_after_reply(res);
                reply_error(res, 413, "request body of " + length_text + " bytes is above the limit of " + limit_text);
                return false;
            }
            if (error == std::errc()) body.reserve(length);
        }
        bool too_large = false;
        reader([&](const char* data, std::size_t length) {
            if (body.size() + length > config.max_body_bytes) {
                too_large = true;
                return false;
            }
            body.append(data, length);
            return true;
        });
        if (too_large) {
            close_after_reply(res);
            reply_error(res, 413, "request body is above the limit of " + limit_text + " bytes");
            return false;
        }
        return true;
    }

    void handle_upload(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        InFlight slot(*this);
        if (!slot.admitted) {
            ++shed;
            close_after_reply(res);
            unavailable(res, "the collector is busy; retry later");
            return;
        }
        std::optional<KioskIdentity> kiosk;
        try {
            kiosk = authenticate(req, res);
        } catch (const StoreError& error) {
            log_line(std::string("database error while authenticating: ") + error.what());
            close_after_reply(res);
            unavailable(res, "the collector's database is unavailable");
            return;
        }
        if (!kiosk) {
            close_after_reply(res);
            return;
        }
        std::string body;
        if (!read_body(req, res, reader, body)) return;

        CheckedUpload upload;
        try {
            upload = decode_upload_checked(body, config.max_events_per_request);
        } catch (const PayloadTooLarge& error) {
            reply_error(res, 413, error.what());
            return;
        } catch (const ProtocolError& error) {
            reply_error(res, 400, error.what());
            return;
        }
        apply_policy(upload.events, *kiosk, std::chrono::system_clock::now());

        std::optional<std::vector<EventResult>> results;
        try {
            results = committer->write(*kiosk, upload.kiosk, upload.events);
        } catch (const StoreError& error) {
            log_line(std::string("database error while storing a batch: ") + error.what());
            unavailable(res, "the collector could not store the batch; nothing was stored, retry later");
            return;
        }
        if (!results) {
            reply_error(res, 401, "kiosk token was revoked");
            return;
        }
        std::size_t stored = 0;
        for (const auto& result : *results) stored += result.status == ResultStatus::stored;
        events_stored += stored;
        ++requests;
        reply(res, 200, encode_upload_response(UploadResponse{std::move(*results)}));
    }

    void handle_feed(const httplib::Request& req, httplib::Response& res) {
        try {
            const auto kiosk = authenticate(req, res);
            if (!kiosk) return;
            const std::string since = req.get_param_value("since");
            if (!valid_cursor(since)) {
                reply_error(res, 400, "invalid cursor in 'since': pass back the next_cursor of the previous reply");
                return;
            }
            committer->touch(*kiosk);
            // Nothing is published to kiosks yet; the cursor stays where the kiosk is.
            reply(res, 200, encode_feed(FeedResponse{{}, since.empty() ? "0" : since}));
        } catch (const StoreError& error) {
            log_line(std::string("database error in the feed: ") + error.what());
            unavailable(res, "the collector's database is unavailable");
        }
    }

    void handle_health(httplib::Response& res) {
        try {
            std::lock_guard lock(read_mutex);
            reader_db->query_int64("SELECT count(*) FROM kiosks");
        } catch (const StoreError& error) {
            unavailable(res, std::string("database unavailable: ") + error.what());
            return;
        }
        reply(res, 200, std::string(R"({"status":"ok","protocol":1,"version":")") + FLOOR_VERSION + "\"}");
    }
};

CollectorServer::CollectorServer(CollectorConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

CollectorServer::~CollectorServer() {
    stop();
}

int CollectorServer::port() const { return impl_->bound_port; }

const CollectorConfig& CollectorServer::config() const { return impl_->config; }

void CollectorServer::run() {
    impl_->run_active = true;
    if (!impl_->stop_requested) impl_->server->listen_after_bind();
    impl_->run_active = false;
}

void CollectorServer::stop() {
    impl_->stop_requested = true;
    // run() may be between its check and the start of the accept loop; wait until stop() can reach the loop.
    while (impl_->run_active && !impl_->server->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    impl_->server->stop();
}

ServerStats CollectorServer::stats() const {
    return ServerStats{impl_->in_flight.load(), impl_->shed.load(), impl_->requests.load(), impl_->events_stored.load()};
}

}  // namespace floorsync::collector

// CollectorServer: storage, group committer, endpoints and the event-driven HTTP server, wired in that order.
#include "collector/server.hpp"

#include "collector/dashboard/pages.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"

#include <sys/resource.h>

#include <thread>

namespace floorsync::collector {

namespace {

HttpServerOptions http_options(const CollectorConfig& config) {
    HttpServerOptions options;
    options.host = config.listen_host;
    options.port = config.listen_port;
    options.backlog = config.listen_backlog;
    options.max_connections = config.max_connections;
    options.max_connections_per_address = config.max_connections_per_address;
    options.retry_after_seconds = config.retry_after_seconds;
    options.max_pending_requests = config.max_pending_requests;
    options.max_header_bytes = config.max_header_bytes;
    options.max_header_count = config.max_header_count;
    options.max_body_bytes = config.max_body_bytes;
    options.header_timeout_seconds = config.header_timeout_seconds;
    options.body_timeout_seconds = config.body_timeout_seconds;
    options.keep_alive_timeout_seconds = config.keep_alive_timeout_seconds;
    options.write_timeout_seconds = config.write_timeout_seconds;
    options.io_threads = config.io_threads != 0 ? config.io_threads : std::max(1u, std::thread::hardware_concurrency());
    options.worker_threads = config.worker_threads;
    options.tls_cert_file = config.tls_cert_file;
    options.tls_key_file = config.tls_key_file;
    return options;
}

// Each connection is a file descriptor: allow as many as max_connections needs, up to the hard limit.
void raise_open_file_limit(std::size_t connections) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, static_cast<rlim_t>(connections) + 256);
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

CollectorConfig with_default_database(CollectorConfig config) {
    if (config.db_path.empty()) config.db_path = default_database_path();
    return config;
}

std::unique_ptr<Storage> open_or_fail(const std::string& db) {
    try {
        return open_storage(db);
    } catch (const StorageError& error) {
        throw ServerError(std::string("cannot open the database: ") + error.what());
    }
}

}  // namespace

struct CollectorServer::Impl {
    Impl(CollectorConfig settings, DashboardOptions dashboard_options)
        : config(with_default_database(std::move(settings))),
          storage(open_or_fail(config.db_path)),
          committer(open_writer(*storage)),
          resources(open_resources(config, *storage)),
          dashboard(make_dashboard(resources.get(), std::move(dashboard_options))),
          api(config, *storage, committer, dashboard.get()),
          http(make_http(config, api)) {}

    CollectorConfig config;
    std::unique_ptr<Storage> storage;
    GroupCommitter committer;  // owns the write connections and their threads
    std::unique_ptr<dashboard::Resources> resources;    // null when the dashboard is off
    std::unique_ptr<dashboard::DashboardApp> dashboard;
    CollectorApi api;

    static std::unique_ptr<dashboard::Resources> open_resources(const CollectorConfig& config, Storage& storage) {
        if (!config.dashboard.enabled) return nullptr;
        try {
            return std::make_unique<dashboard::Resources>(config, storage);
        } catch (const StorageError& error) {
            throw ServerError(std::string("cannot open the dashboard's tables: ") + error.what());
        }
    }

    static std::unique_ptr<dashboard::DashboardApp> make_dashboard(dashboard::Resources* resources,
                                                                   DashboardOptions options) {
        if (resources == nullptr) return nullptr;
        auto pages = options.pages ? std::move(*options.pages) : dashboard::page_routes();
        auto clock = options.clock ? std::move(options.clock) : [] { return std::chrono::system_clock::now(); };
        return std::make_unique<dashboard::DashboardApp>(*resources, std::move(pages), std::move(clock),
                                                         options.password_limits);
    }
    HttpServer http;           // last: stopped and destroyed before what its handlers use

    static std::vector<std::unique_ptr<EventWriter>> open_writer(Storage& storage) {
        try {
            std::vector<std::unique_ptr<EventWriter>> writers;
            for (std::size_t i = 0; i < storage.writer_connections(); ++i) writers.push_back(storage.open_writer());
            return writers;
        } catch (const StorageError& error) {
            throw ServerError(std::string("cannot open the database for writing: ") + error.what());
        }
    }

    static HttpServer make_http(const CollectorConfig& config, CollectorApi& api) {
        raise_open_file_limit(config.max_connections);
        try {
            return HttpServer(http_options(config), [&api](const HttpRequest& request) { return api.handle(request); });
        } catch (const HttpServerError& error) {
            throw ServerError(error.what());
        }
    }
};

CollectorServer::CollectorServer(CollectorConfig config, DashboardOptions dashboard)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(dashboard))) {}

CollectorServer::~CollectorServer() { stop(); }

int CollectorServer::port() const { return impl_->http.port(); }

const CollectorConfig& CollectorServer::config() const { return impl_->config; }

std::string CollectorServer::database() const { return impl_->storage->describe(); }

void CollectorServer::run() { impl_->http.run(); }

void CollectorServer::stop() { impl_->http.stop(); }

ServerStats CollectorServer::stats() const { return impl_->api.stats(); }

HttpServerStats CollectorServer::connection_stats() const { return impl_->http.stats(); }

}  // namespace floorsync::collector

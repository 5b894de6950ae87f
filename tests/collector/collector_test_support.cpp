// Implementation of the collector test helpers (temp dirs, in-process server, event builders, DB counts).
#include "collector_test_support.hpp"

#include "collector/storage/postgres/pq.hpp"
#include "sync/shared/clock.hpp"
#include "sync/sqlite.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <sstream>
#include <optional>
#include <fstream>
#include <sodium.h>

#include <cstdlib>
#include <stdexcept>

namespace collector_test {

namespace fs = std::filesystem;

bool testing_postgres() {
    const char* backend = std::getenv("FLOOR_TEST_DATABASE");
    return backend != nullptr && std::string(backend) == "postgres";
}

namespace {

std::string postgres_server_url() {
    if (const char* url = std::getenv("FLOOR_TEST_PG_URL"); url != nullptr && *url != '\0') return url;
    std::ifstream file(std::string(FLOOR_BINARY_DIR) + "/pg-test/url");
    std::string url;
    std::getline(file, url);
    return url;
}

}  // namespace

std::string fresh_database(TempDir& dir, const std::string& name) {
    if (!testing_postgres()) return dir.file(name);
    const std::string server = postgres_server_url();
    REQUIRE_MESSAGE(!server.empty(), "FLOOR_TEST_DATABASE=postgres but no test server: run scripts/test.sh, or ctest "
                                     "(its pg_server fixture starts one), or set FLOOR_TEST_PG_URL");
    // Names unique across processes (ctest runs test binaries one after another, but a developer may not).
    unsigned char random[6];
    randombytes_buf(random, sizeof random);
    char suffix[13];
    sodium_bin2hex(suffix, sizeof suffix, random, sizeof random);
    const std::string database = "floor_" + std::string(suffix);
    floorsync::pq::Connection admin(server);
    admin.exec("CREATE DATABASE " + floorsync::pq::quote_identifier(admin, database));
    const auto slash = server.rfind('/');
    return server.substr(0, slash + 1) + database;
}

TestRegistry::TestRegistry(const std::string& db)
    : storage_(floorsync::collector::open_storage(db)),
      table_(storage_->open_kiosks()),
      registry_(std::make_unique<floorsync::collector::KioskRegistry>(*table_)) {}

TestContent::TestContent(const std::string& db, floorsync::collector::ContentService::Clock clock)
    : storage_(floorsync::collector::open_storage(db)),
      table_(storage_->open_content()),
      service_(std::make_unique<floorsync::collector::ContentService>(*table_, std::move(clock))) {}

namespace {

std::string file_contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

namespace {

CommandRun run_command(const TempDir& dir, const std::vector<std::string>& args, const std::string* input,
                       const std::vector<std::pair<std::string, std::string>>& environment) {
    static std::atomic<int> runs{0};
    const int run = ++runs;
    const std::string in_path = dir.file("command-" + std::to_string(run) + ".in");
    if (input != nullptr) std::ofstream(in_path, std::ios::binary) << *input;
    const std::string binary = std::string(FLOOR_BINARY_DIR) + "/collector/kiosk-collector";
    const std::string out_path = dir.file("command-" + std::to_string(run) + ".out");
    const std::string err_path = dir.file("command-" + std::to_string(run) + ".err");
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(out, 1);
        dup2(err, 2);
        if (input != nullptr) dup2(open(in_path.c_str(), O_RDONLY), 0);
        for (const auto& [name, value] : environment) setenv(name.c_str(), value.c_str(), 1);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    CommandRun result;
    if (eventually([&] { return waitpid(pid, &status, WNOHANG) == pid; }, std::chrono::seconds(30))) {
        result.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    } else {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
    result.out = file_contents(out_path);
    result.err = file_contents(err_path);
    return result;
}

}  // namespace

CommandRun run_collector_command(const TempDir& dir, const std::vector<std::string>& args,
                                 const std::vector<std::pair<std::string, std::string>>& environment) {
    return run_command(dir, args, nullptr, environment);
}

CommandRun run_collector_command_with_input(const TempDir& dir, const std::vector<std::string>& args,
                                            const std::string& input,
                                            const std::vector<std::pair<std::string, std::string>>& environment) {
    return run_command(dir, args, &input, environment);
}

RunningCollector::RunningCollector(const std::string& db_path,
                                   const std::function<void(floorsync::collector::CollectorConfig&)>& adjust) {
    floorsync::collector::CollectorConfig config;
    config.db_path = db_path;
    config.listen_port = 0;
    config.worker_threads = 64;  // the default
    if (adjust) adjust(config);
    server_ = std::make_unique<floorsync::collector::CollectorServer>(config);
    thread_ = std::thread([this] { server_->run(); });
}

RunningCollector::~RunningCollector() {
    server_->stop();
    thread_.join();
}

std::unique_ptr<httplib::Client> RunningCollector::client() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", port());
    client->set_connection_timeout(std::chrono::seconds(5));
    client->set_read_timeout(std::chrono::seconds(10));
    client->set_write_timeout(std::chrono::seconds(10));
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    return client;
}

std::string add_kiosk(const std::string& db_path, const std::string& id, const std::vector<std::string>& departments) {
    TestRegistry registry(db_path);
    return registry->add(id, departments);
}

namespace {

json base_event(const char* type, const std::string& kiosk_id, const std::string& department, json payload) {
    return json{{"id", floorsync::new_uuid_v4()},
                {"type", type},
                {"created_at", floorsync::utc_now_rfc3339()},
                {"kiosk_id", kiosk_id},
                {"department", department},
                {"language", "nl"},
                {"payload", std::move(payload)}};
}

}  // namespace

json rating_json(const std::string& kiosk_id, const std::string& department, int score, bool suspect) {
    return base_event("rating", kiosk_id, department, json{{"score", score}, {"suspect", suspect}});
}

json question_json(const std::string& kiosk_id, const std::string& department, const std::string& text) {
    return base_event("question", kiosk_id, department, json{{"text", text}});
}

json reasons_json(const std::string& kiosk_id, const std::string& department, const std::string& rating_id,
                  const std::vector<std::string>& reasons) {
    return base_event("rating_reasons", kiosk_id, department, json{{"rating_id", rating_id}, {"reasons", reasons}});
}

std::string upload_body(const std::vector<json>& events, const std::string& app_version, std::int64_t backlog) {
    return json{{"kiosk", {{"app_version", app_version}, {"backlog", backlog}}}, {"events", events}}.dump();
}

httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

httplib::Result post_events(httplib::Client& client, const std::string& token, const std::string& body) {
    return client.Post("/api/v1/events", bearer(token), body, "application/json");
}

std::string statuses(const httplib::Result& result) {
    if (!result) return "no reply: " + httplib::to_string(result.error());
    if (result->status != 200) return "HTTP " + std::to_string(result->status) + ": " + result->body;
    const json reply = json::parse(result->body);
    std::string list;
    for (const auto& item : reply.at("results")) {
        if (!list.empty()) list += ',';
        list += item.at("status").get<std::string>();
    }
    return list;
}

std::string error_of(const httplib::Result& result, std::size_t index) {
    const json item = json::parse(result->body).at("results").at(index);
    return item.value("error", "");
}

std::int64_t count_rows(const std::string& db, const std::string& sql) {
    if (floorsync::pq::is_postgres_url(db)) {
        floorsync::pq::Connection connection(db);
        const auto result = connection.query(sql);
        REQUIRE(result.rows() == 1);
        return result.int64(0, 0);
    }
    floorsync::sqlite::Database connection(db, floorsync::sqlite::open_readonly);
    return connection.query_int64(sql);
}

struct DatabaseWriteLock::Impl {
    std::optional<floorsync::pq::Connection> postgres;
    std::optional<floorsync::sqlite::Database> sqlite;
};

DatabaseWriteLock::DatabaseWriteLock(const std::string& db) : impl_(std::make_unique<Impl>()) {
    if (floorsync::pq::is_postgres_url(db)) {
        impl_->postgres.emplace(db);
        impl_->postgres->exec("BEGIN; LOCK TABLE events IN EXCLUSIVE MODE");
    } else {
        impl_->sqlite.emplace(db);
        impl_->sqlite->exec("BEGIN IMMEDIATE");
    }
}

DatabaseWriteLock::~DatabaseWriteLock() { release(); }

void DatabaseWriteLock::release() {
    if (impl_->postgres) impl_->postgres->exec("ROLLBACK");
    if (impl_->sqlite) impl_->sqlite->exec("ROLLBACK");
    impl_->postgres.reset();
    impl_->sqlite.reset();
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return condition();
}

floorsync::collector::ContentChanges announcement_changes(const std::string& title, std::vector<std::string> audience,
                                                          bool with_english) {
    floorsync::collector::ContentChanges changes;
    changes.kind = floorsync::content::Kind::announcement;
    changes.audience = std::move(audience);
    changes.translations["nl"].title = title;
    if (with_english) changes.translations["en"].title = title + " (en)";
    changes.default_language = "nl";
    return changes;
}

}  // namespace collector_test

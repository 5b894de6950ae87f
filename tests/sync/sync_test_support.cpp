// Implementation of the sync test helpers: temp dirs, events, the kiosk-collector child process.
#include "sync_test_support.hpp"

#include "sync/shared/clock.hpp"
#include "sync/http_client.hpp"

#include <sqlite3.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sync_test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

int free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot bind a loopback port");
    }
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

floorsync::Event make_rating(const std::string& kiosk_id, const std::string& department, int score) {
    floorsync::Event event;
    event.id = floorsync::new_uuid_v4();
    event.type = floorsync::event_type::rating;
    event.created_at = floorsync::utc_now_rfc3339();
    event.kiosk_id = kiosk_id;
    event.department = department;
    event.language = "en";
    event.payload = R"({"score":)" + std::to_string(score) + R"(,"suspect":false})";
    return event;
}

std::vector<floorsync::Event> make_ratings(std::size_t count, const std::string& kiosk_id,
                                           const std::string& department) {
    std::vector<floorsync::Event> events;
    events.reserve(count);
    for (std::size_t i = 0; i < count; ++i) events.push_back(make_rating(kiosk_id, department, 1 + int(i % 5)));
    return events;
}

std::string collector_binary() { return std::string(FLOOR_BINARY_DIR) + "/collector/kiosk-collector"; }

CollectorProcess::CollectorProcess(std::string db_path, int port)
    : db_path_(std::move(db_path)), port_(port == 0 ? free_loopback_port() : port) {}

CollectorProcess::~CollectorProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

void CollectorProcess::start() {
    if (pid_ > 0) return;
    const std::string binary = collector_binary();
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    const std::string log = db_path_ + ".log";
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (out >= 0) {
            ::dup2(out, STDOUT_FILENO);
            ::dup2(out, STDERR_FILENO);
        }
        ::execl(binary.c_str(), binary.c_str(), "--db", db_path_.c_str(), "--listen", listen.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    floorsync::HttpClientSettings settings;
    settings.connect_timeout = 200ms;
    settings.request_timeout = 1s;
    floorsync::HttpClient probe(settings);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (probe.get(url() + "/healthz", "").ok()) return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("kiosk-collector exited at start; see " + log);
        }
        std::this_thread::sleep_for(20ms);
    }
    throw std::runtime_error("kiosk-collector did not answer /healthz within 10 s; see " + log);
}

void CollectorProcess::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 250; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(20ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

std::string CollectorProcess::add_kiosk(const std::string& id, const std::string& department) {
    const std::string command = "'" + collector_binary() + "' --db '" + db_path_ + "' kiosk add --id '" + id +
                                "' --department '" + department + "' 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string output;
    std::array<char, 512> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe.get())) output += buffer.data();
    const int status = ::pclose(pipe.release());
    if (status != 0) throw std::runtime_error("kiosk add failed: " + output);
    // The token is the last word printed (the tool may print a sentence around it).
    std::istringstream words(output);
    std::string word, token;
    while (words >> word) token = word;
    if (token.empty()) throw std::runtime_error("kiosk add printed no token: " + output);
    return token;
}

std::string CollectorProcess::run(const std::string& arguments) {
    const std::string command = "'" + collector_binary() + "' --db '" + db_path_ + "' " + arguments;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string output;
    std::array<char, 512> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe.get())) output += buffer.data();
    const int status = ::pclose(pipe.release());
    if (status != 0) throw std::runtime_error(command + " failed: " + output);
    while (!output.empty() && output.back() == '\n') output.pop_back();
    return output;
}

namespace {

std::int64_t query_int(const std::string& db_path, const std::string& sql) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(raw);
        throw std::runtime_error("cannot open " + db_path);
    }
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
    sqlite3_busy_timeout(db.get(), 5000);
    sqlite3_stmt* raw_statement = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw_statement, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("query failed: ") + sqlite3_errmsg(db.get()));
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw_statement, sqlite3_finalize);
    if (sqlite3_step(statement.get()) != SQLITE_ROW) throw std::runtime_error("query returned no row: " + sql);
    return sqlite3_column_int64(statement.get(), 0);
}

}  // namespace

CollectorProcess::EventCount CollectorProcess::count_events() {
    return {query_int(db_path_, "SELECT count(*) FROM events"),
            query_int(db_path_, "SELECT count(DISTINCT id) FROM events")};
}

bool CollectorProcess::has_event(const std::string& id) {
    // Ids are UUIDs made by the tests, so quoting them inline is safe.
    return query_int(db_path_, "SELECT count(*) FROM events WHERE id = '" + id + "'") == 1;
}

floorsync::SyncSettings quick_sync_settings(const std::string& collector_url, const std::string& token) {
    floorsync::SyncSettings settings;
    settings.collector_url = collector_url;
    settings.token = token;
    settings.connect_timeout = 1s;
    settings.request_timeout = 5s;
    settings.low_speed_bytes_per_second = 1000;
    settings.low_speed_window = 1s;
    settings.retry_base = 50ms;
    settings.retry_cap = 400ms;
    settings.poll_interval = 1s;
    return settings;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return condition();
}

}  // namespace sync_test

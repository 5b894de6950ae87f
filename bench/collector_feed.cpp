// Benchmark: the real kiosk-collector process answering feed polls (sync/PROTOCOL.md section 5) when nothing is new,
// measured as the collector's own CPU per poll (utime+stime from /proc/PID/stat), bytes on the wire and polls/s,
// against two baselines in the same run: GET /healthz (no token, one database check) and a poll that brings one new
// item. 1,000 kiosks are registered; every poll carries another kiosk's token, over keep-alive connections.
//
// Two regimes, because the collector records "last seen" for a polling kiosk at most every 10 s (kFeedTouchInterval):
//  - saturated: 8 connections poll as fast as they can, each kiosk again within 10 s of its last recorded poll, so
//    no poll writes last_seen: the cost of the reply itself;
//  - paced: 333 polls/s, the arrival rate of 10,000 kiosks polling every 30 s (the kiosk's feed_interval). A real
//    kiosk polls every 30 s, so each of its polls is the first in 10 s and writes last_seen (a group commit on the
//    collector's database). Measured both with that write (every kiosk's first poll in over 10 s) and, as its
//    baseline, at the same pace without it (kiosks that polled less than 10 s ago).
// Target (issue 8): >= 5,000 unchanged polls/s on one core; 10,000 kiosks every 30 s under a tenth of a core.
#include "bench/bench_collector_process.hpp"
#include "bench/bench_content.hpp"
#include "collector/content_service.hpp"
#include "collector/registry.hpp"
#include "collector/storage/storage.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <latch>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace floorsync;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr int kKiosks = 1000;
constexpr int kPublished = 20;        // items on the collector (announcements for everyone, nl and en)
constexpr int kConnections = 8;       // saturated phases: keep-alive connections, one client thread each
constexpr int kPacedConnections = 2;  // paced phases
constexpr double kPacedRate = 10000.0 / 30.0;  // polls/s of 10,000 kiosks polling every 30 s
constexpr int kRepetitions = 4;
constexpr auto kSaturatedPhase = std::chrono::milliseconds(1000);
constexpr int kPacedFreshPolls = 500;  // paced polls of kiosks seen < 10 s ago (must fit in the 10 s window)

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }


// A keep-alive HTTP/1.1 client on a blocking socket that counts the bytes of each reply (status line, headers, body).
class Client {
public:
    struct Reply {
        int status = 0;
        std::size_t bytes = 0;  // headers and body as received
        std::string headers;
        std::string body;
    };

    explicit Client(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int one = 1;
        setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        timeval timeout{10, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
    }
    ~Client() {
        if (fd_ >= 0) ::close(fd_);
    }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Sends one request and reads its reply; status 0 when the connection failed.
    Reply exchange(const std::string& request) {
        Reply reply;
        for (std::size_t sent = 0; sent < request.size();) {
            const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return reply;
            sent += static_cast<std::size_t>(n);
        }
        std::size_t header_end;
        while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos)
            if (!fill()) return reply;
        reply.headers = buffer_.substr(0, header_end + 4);
        reply.status = std::atoi(reply.headers.c_str() + 9);  // "HTTP/1.1 304 ..."
        std::size_t length = 0;
        if (reply.status != 304 && reply.status != 204) {
            std::string lower = reply.headers;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            const auto at = lower.find("\r\ncontent-length:");
            if (at == std::string::npos) return Reply{};
            length = std::strtoull(lower.c_str() + at + 17, nullptr, 10);
        }
        while (buffer_.size() < header_end + 4 + length)
            if (!fill()) return Reply{};
        reply.body = buffer_.substr(header_end + 4, length);
        reply.bytes = header_end + 4 + length;
        buffer_.erase(0, reply.bytes);
        return reply;
    }

private:
    bool fill() {
        char chunk[16384];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int fd_ = -1;
    std::string buffer_;
};

enum class Kind { healthz, one_item, unchanged_200, unchanged_304 };

// Requests as the kiosk's libcurl client sends them (Host, User-Agent, Accept, Authorization, If-None-Match).
std::string request_for(Kind kind, int port, const std::string& token, std::int64_t head) {
    std::string request;
    const std::string host = "Host: 127.0.0.1:" + std::to_string(port) + "\r\nUser-Agent: floor-kiosk/0.1.0\r\n"
                             "Accept: application/json\r\n";
    if (kind == Kind::healthz) return "GET /healthz HTTP/1.1\r\n" + host + "\r\n";
    const std::int64_t since = kind == Kind::one_item ? head - 1 : head;
    request = "GET /api/v1/feed?since=" + std::to_string(since) + " HTTP/1.1\r\n" + host + "Authorization: Bearer " + token + "\r\n";
    if (kind == Kind::unchanged_304) request += "If-None-Match: \"feed-" + std::to_string(head) + "\"\r\n";
    return request + "\r\n";
}

int expected_status(Kind kind) { return kind == Kind::unchanged_304 ? 304 : 200; }

struct Totals {
    long long polls = 0, errors = 0;
    double cpu_s = 0, wall_s = 0;
    std::size_t reply_bytes = 0, request_bytes = 0;
    std::string sample_headers;
    void add(const Totals& other) {
        polls += other.polls, errors += other.errors, cpu_s += other.cpu_s, wall_s += other.wall_s;
        reply_bytes = other.reply_bytes, request_bytes = other.request_bytes;
        if (!other.sample_headers.empty()) sample_headers = other.sample_headers;
    }
    double cpu_us_per_poll() const { return polls > 0 ? 1e6 * cpu_s / static_cast<double>(polls) : 0.0; }
    double polls_per_second() const { return wall_s > 0 ? static_cast<double>(polls) / wall_s : 0.0; }
    // Polls one core could answer: 1 / CPU per poll.
    double polls_per_core_second() const { return cpu_s > 0 ? static_cast<double>(polls) / cpu_s : 0.0; }
};

class Bench {
public:
    Bench(const bench::CollectorProcess& collector, std::vector<std::string> tokens, std::int64_t head)
        : collector_(collector), tokens_(std::move(tokens)), head_(head) {
        for (const Kind kind : {Kind::healthz, Kind::one_item, Kind::unchanged_200, Kind::unchanged_304}) {
            auto& list = requests_[static_cast<int>(kind)];
            for (const auto& token : tokens_) list.push_back(request_for(kind, collector.port, token, head_));
        }
        for (int i = 0; i < kConnections; ++i) clients_.push_back(std::make_unique<Client>(collector.port));
    }

    // Polls from `connections` client threads, each taking every connections-th kiosk in turn. `count` > 0: that many
    // polls in all (kiosks offset .. offset+count-1, once each); else until `duration` is over. `rate` > 0: paced.
    Totals run(Kind kind, int connections, int count, std::chrono::milliseconds duration, double rate, int offset = 0) {
        const auto& requests = requests_[static_cast<int>(kind)];
        std::atomic<bool> stop{false};
        std::vector<Totals> per_thread(static_cast<std::size_t>(connections));
        std::latch ready(connections + 1);
        std::latch go(1);
        Clock::time_point start;
        std::vector<std::thread> threads;
        for (int t = 0; t < connections; ++t) {
            threads.emplace_back([&, t] {
                Client& client = *clients_[static_cast<std::size_t>(t)];
                Totals& mine = per_thread[static_cast<std::size_t>(t)];
                const auto period = rate > 0 ? std::chrono::duration<double>(connections / rate) : std::chrono::duration<double>(0);
                ready.count_down();
                go.wait();
                for (long long n = 0;; ++n) {
                    const long long index = t + n * connections;
                    if (count > 0 ? index >= count : stop.load(std::memory_order_relaxed)) break;
                    if (rate > 0)
                        std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(period * n +
                                                      std::chrono::duration<double>(t / rate)));
                    const std::string& request = requests[static_cast<std::size_t>((offset + index) % kKiosks)];
                    const Client::Reply reply = client.exchange(request);
                    ++mine.polls;
                    if (reply.status != expected_status(kind)) {
                        ++mine.errors;
                        continue;
                    }
                    mine.reply_bytes = reply.bytes;
                    mine.request_bytes = request.size();
                    if (mine.sample_headers.empty()) mine.sample_headers = reply.headers;
                }
            });
        }
        ready.arrive_and_wait();
        Totals totals;
        const double cpu_before = collector_.cpu_seconds();
        start = Clock::now();
        go.count_down();
        if (count <= 0) {
            std::this_thread::sleep_for(duration);
            stop = true;
        }
        for (auto& thread : threads) thread.join();
        totals.wall_s = seconds_since(start);
        totals.cpu_s = collector_.cpu_seconds() - cpu_before;
        for (const Totals& one : per_thread) {
            totals.polls += one.polls, totals.errors += one.errors;
            if (one.reply_bytes) totals.reply_bytes = one.reply_bytes, totals.request_bytes = one.request_bytes;
            if (totals.sample_headers.empty()) totals.sample_headers = one.sample_headers;
        }
        return totals;
    }

    Client& client(int i) { return *clients_[static_cast<std::size_t>(i)]; }
    const std::string& request(Kind kind, int kiosk) const { return requests_[static_cast<int>(kind)][static_cast<std::size_t>(kiosk)]; }

private:
    const bench::CollectorProcess& collector_;
    std::vector<std::string> tokens_;
    std::int64_t head_;
    std::vector<std::string> requests_[4];
    std::vector<std::unique_ptr<Client>> clients_;
};

// COLLECTOR_FEED_PERF=DIR: records the collector with `perf record -g` during the paced rounds (a diagnosis aid; it
// inflates the CPU figures of those rounds), in the first repetition: DIR/paced-last-seen.data, DIR/paced-fresh.data.
class PerfRecording {
public:
    PerfRecording(pid_t target, const std::string& name, bool wanted) {
        const char* dir = std::getenv("COLLECTOR_FEED_PERF");
        if (!wanted || dir == nullptr || *dir == '\0') return;
        const std::string out = std::string(dir) + "/" + name + ".data";
        const std::string target_pid = std::to_string(target);
        pid_ = fork();
        if (pid_ == 0) {
            std::freopen("/dev/null", "w", stderr);
            execlp("perf", "perf", "record", "-q", "-F", "2000", "-g", "-p", target_pid.c_str(), "-o", out.c_str(),
                   static_cast<char*>(nullptr));
            _exit(127);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));  // perf attaches
    }
    ~PerfRecording() {
        if (pid_ <= 0) return;
        kill(pid_, SIGINT);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    PerfRecording(const PerfRecording&) = delete;
    PerfRecording& operator=(const PerfRecording&) = delete;

private:
    pid_t pid_ = -1;
};

std::string one_line(std::string headers) {
    while (!headers.empty() && (headers.back() == '\n' || headers.back() == '\r')) headers.pop_back();
    std::string out;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (headers.compare(i, 2, "\r\n") == 0) { out += " | "; ++i; }
        else out += headers[i];
    }
    return out;
}

}  // namespace

// collector_feed BUILD_DIR [DATA_DIR]
int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: collector_feed BUILD_DIR [DATA_DIR]\n");
        return 2;
    }
    try {
        const std::string binary = std::string(argv[1]) + "/collector/kiosk-collector";
        const fs::path base = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path();
        std::string pattern = (base / "feed-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) return 1;
        const fs::path dir = pattern;
        const std::string db = (dir / "collector.db").string();

        // The registry and the published items, through the collector's own storage API (as the CLI writes them).
        std::vector<std::string> tokens;
        const auto setup_start = Clock::now();
        {
            const auto storage = collector::open_storage(db);
            const auto kiosks = storage->open_kiosks();
            collector::KioskRegistry registry(*kiosks);
            const char* const departments[] = {"Warehouse", "Dock", "Finance", "Customer service", "Transport"};
            for (int i = 0; i < kKiosks; ++i) {
                char id[32];
                std::snprintf(id, sizeof id, "kiosk-%04d", i);
                tokens.push_back(registry.add(id, {departments[i % 5]}));
            }
            const auto content = storage->open_content();
            collector::ContentService service(*content);
            for (int i = 0; i < kPublished; ++i) service.add(bench_content::make_item(static_cast<std::size_t>(i), false));
        }
        const double setup_s = seconds_since(setup_start);

        bench::CollectorProcess collector(binary, {"serve", "--db", db}, (dir / "collector.log").string());
        if (collector.port == 0) {
            std::fprintf(stderr, "the collector did not start (see %s)\n", (dir / "collector.log.err").c_str());
            return 1;
        }

        // The head revision, from a first poll (since 0) of one kiosk.
        std::int64_t head = 0;
        {
            Client first(collector.port);
            const auto reply = first.exchange("GET /api/v1/feed?since=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                              tokens[0] + "\r\n\r\n");
            if (reply.status != 200) throw std::runtime_error("first poll: HTTP " + std::to_string(reply.status));
            const auto page = nlohmann::json::parse(reply.body);
            head = std::stoll(page.at("next_cursor").get<std::string>());
            if (page.at("items").size() != static_cast<std::size_t>(kPublished))
                throw std::runtime_error("first poll: expected " + std::to_string(kPublished) + " items");
        }
        std::printf("setup: %d kiosks registered and %d items published (SQLite %s) in %.1f s; head revision %lld\n",
                    kKiosks, kPublished, db.c_str(), setup_s, static_cast<long long>(head));

        // The collector's own background CPU with no request at all (timers, threads waking), as a rate.
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        const double idle_before = collector.cpu_seconds();
        const auto idle_start = Clock::now();
        std::this_thread::sleep_for(std::chrono::seconds(3));
        const double idle_cpu_per_s = (collector.cpu_seconds() - idle_before) / seconds_since(idle_start);

        // Warm-up: every kiosk polls once, as after any collector start. A kiosk the process has not seen yet is
        // recorded at once; the rounds below measure the steady state, where its later polls are gathered and
        // written together. (Its own connections: a connection that sends nothing for 10 s is closed by the
        // collector's header deadline, so the measuring connections are opened only after the wait.)
        {
            Bench warm_up(collector, tokens, head);
            warm_up.run(Kind::unchanged_304, kPacedConnections, kKiosks, {}, kPacedRate);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10500));

        Bench bench(collector, tokens, head);
        {  // The one-item reply really holds one item.
            const auto reply = bench.client(0).exchange(bench.request(Kind::one_item, 1));
            const auto page = nlohmann::json::parse(reply.body);
            if (reply.status != 200 || page.at("items").size() != 1) throw std::runtime_error("the one-item poll holds no single item");
        }

        Totals touching, paced_fresh, saturated[4];
        const Kind order[] = {Kind::unchanged_304, Kind::unchanged_200, Kind::one_item, Kind::healthz};
        std::optional<Clock::time_point> last_touch_round_end;
        double worst_window_s = 0;
        for (int rep = 0; rep < kRepetitions; ++rep) {
            // Every kiosk's last recorded poll is more than 10 s old: each poll of this round writes last_seen.
            if (last_touch_round_end)
                std::this_thread::sleep_until(*last_touch_round_end + std::chrono::milliseconds(10500));
            const auto round_start = Clock::now();
            {
                PerfRecording perf(collector.pid, "paced-last-seen", rep == 0);
                touching.add(bench.run(Kind::unchanged_304, kPacedConnections, kKiosks, {}, kPacedRate));
            }
            last_touch_round_end = Clock::now();
            // Within 10 s of that round: the same kiosks again, so no poll writes last_seen.
            {
                PerfRecording perf(collector.pid, "paced-fresh", rep == 0);
                paced_fresh.add(bench.run(Kind::unchanged_304, kPacedConnections, kPacedFreshPolls, {}, kPacedRate, 7));
            }
            for (int k = 0; k < 4; ++k) {
                const Kind kind = order[(rep + k) % 4];
                saturated[static_cast<int>(kind)].add(bench.run(kind, kConnections, 0, kSaturatedPhase, 0));
            }
            worst_window_s = std::max(worst_window_s, seconds_since(round_start));
        }

        const Totals& health = saturated[static_cast<int>(Kind::healthz)];
        const Totals& one = saturated[static_cast<int>(Kind::one_item)];
        const Totals& plain = saturated[static_cast<int>(Kind::unchanged_200)];
        const Totals& not_modified = saturated[static_cast<int>(Kind::unchanged_304)];
        const double per_30s = kPacedRate;  // polls per second of 10,000 kiosks every 30 s
        auto line = [&](const char* tag, const char* what, const Totals& t) {
            char ratio[32] = "baseline";
            if (&t != &health) std::snprintf(ratio, sizeof ratio, "%.2fx healthz", t.cpu_us_per_poll() / health.cpu_us_per_poll());
            std::printf("%-9s %-62s %6.1f us CPU/req (%s), %5.0f req/s wall, %5.0f req per CPU-second; reply %zu B, request %zu B%s\n",
                        tag, what, t.cpu_us_per_poll(), ratio, t.polls_per_second(),
                        t.polls_per_core_second(), t.reply_bytes, t.request_bytes,
                        t.errors ? (", " + std::to_string(t.errors) + " unexpected replies").c_str() : "");
        };
        std::printf("collector on SQLite, loopback; CPU = utime+stime of the kiosk-collector process; %d rounds, interleaved\n", kRepetitions);
        std::printf("saturated: %d keep-alive connections as fast as they go, %lld ms per phase and round; each poll another kiosk's token\n",
                    kConnections, static_cast<long long>(kSaturatedPhase.count()));
        line("baseline", "GET /healthz (no token, one DB check)", health);
        line("baseline", "poll with one new item (200, 1 item)", one);
        line("poll", "nothing new, no If-None-Match: 200 with an empty page", plain);
        line("poll", "nothing new, If-None-Match \"feed-HEAD\": 304", not_modified);
        const double capacity = not_modified.polls_per_core_second();
        std::printf("          => %.0f unchanged polls (304) per second on one core (target >= 5,000: %s); 200 empty page: %.0f\n",
                    capacity, capacity >= 5000 ? "MET" : "NOT MET", plain.polls_per_core_second());
        std::printf("paced:    %d connections at %.0f polls/s (10,000 kiosks polling every 30 s), 304 replies\n", kPacedConnections, kPacedRate);
        line("baseline", "kiosks seen < 10 s ago (no last_seen write)", paced_fresh);
        line("poll", "each poll the kiosk's first in > 10 s (last_seen due)", touching);
        std::printf("          last_seen write per poll: %+.1f us CPU (%.2fx the poll without it)\n",
                    touching.cpu_us_per_poll() - paced_fresh.cpu_us_per_poll(), touching.cpu_us_per_poll() / paced_fresh.cpu_us_per_poll());
        const double realistic = per_30s * touching.cpu_s / static_cast<double>(touching.polls);
        std::printf("CPU for 10,000 kiosks / 30 s: %.3f of a core as kiosks really poll (every poll records last_seen, gathered into one commit per 10 s; target < 0.1: %s); "
                    "%.3f without the last_seen write at that pace; %.3f from the saturated 304 cost\n",
                    realistic, realistic < 0.1 ? "MET" : "NOT MET", per_30s * paced_fresh.cpu_s / static_cast<double>(paced_fresh.polls),
                    per_30s * not_modified.cpu_s / static_cast<double>(not_modified.polls));
        std::printf("          the idle collector (no requests) uses %.4f of a core by itself: %.1f us per paced poll of the figures above\n",
                    idle_cpu_per_s, 1e6 * idle_cpu_per_s / kPacedRate);
        std::printf("          paced rate reached: %.0f polls/s (with last_seen), %.0f (without)\n", touching.polls_per_second(),
                    paced_fresh.polls_per_second());
        if (worst_window_s > 9.5)
            std::printf("  warning: a round took %.1f s; polls after 10 s may have written last_seen too\n", worst_window_s);
        std::printf("  304 reply: %s\n", one_line(not_modified.sample_headers).c_str());
        std::printf("  200 empty reply: %s + %zu B body\n", one_line(plain.sample_headers).c_str(),
                    plain.reply_bytes - plain.sample_headers.size());

        std::error_code ignored;
        fs::remove_all(dir, ignored);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "collector_feed: %s\n", error.what());
        return 1;
    }
    return 0;
}

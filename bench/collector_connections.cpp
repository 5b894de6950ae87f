// Benchmark: the real kiosk-collector process under a connection burst (p50, p99, max against one upload at a time
// on an idle server) and its resident memory holding 10,000 idle keep-alive connections (against the idle process).
#include "bench/bench_collector_process.hpp"
#include "collector/registry.hpp"
#include "collector/storage/storage.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"
#include "sync/shared/protocol.hpp"

#include "collector/raw_http.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace floorsync;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using collector_test::RawConnection;

constexpr int kBurstClients = 1000;
constexpr int kIdleConnections = 10000;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

std::string one_upload(const std::string& kiosk_id) {
    TimeOrderedUuids ids;
    const auto now = std::chrono::system_clock::now();
    UploadRequest request{{"bench", 1}, {}};
    for (int i = 0; i < 5; ++i) {
        request.events.push_back(Event{ids.next(now), event_type::rating, format_rfc3339_utc(now), kiosk_id, "Sales", "nl",
                                       events::encode(events::Rating{1 + i % 5, false})});
    }
    return encode_upload(request);
}


std::string upload_request(const std::string& token, const std::string& body) {
    return collector_test::upload_request(token, body, false);
}

struct Percentiles {
    double p50, p99, max;
};

Percentiles percentiles(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return {values[values.size() / 2], values[values.size() * 99 / 100], values.back()};
}

}  // namespace

// collector_connections BUILD_DIR [DATA_DIR]
int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: collector_connections BUILD_DIR [DATA_DIR]\n");
        return 2;
    }
    const std::string binary = std::string(argv[1]) + "/collector/kiosk-collector";
    const fs::path base = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path();
    std::string pattern = (base / "connections-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return 1;
    const fs::path dir = pattern;
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;  // this process holds 10,000 sockets
    setrlimit(RLIMIT_NOFILE, &limit);

    const std::string db = (dir / "collector.db").string();
    std::string token;
    {
        const auto storage = collector::open_storage(db);
        const auto table = storage->open_kiosks();
        token = collector::KioskRegistry(*table).add("bench-1", {"Sales"});
    }
    const std::string config = (dir / "collector.toml").string();
    std::ofstream(config) << "[limits]\nmax_connections = 20000\nmax_connections_per_address = 20000\n"
                             "keep_alive_timeout_seconds = 600\n";
    bench::CollectorProcess collector(binary, {"--db", db, "--config", config}, (dir / "collector.log").string());
    if (collector.port == 0) {
        std::fprintf(stderr, "the collector did not start (see %s)\n", (dir / "collector.log.err").c_str());
        return 1;
    }

    // Baseline: one upload at a time on a fresh connection, on an idle server.
    std::vector<double> single;
    for (int i = 0; i < 200; ++i) {
        const std::string request = upload_request(token, one_upload("bench-1"));
        const auto start = Clock::now();
        RawConnection connection(collector.port);
        connection.send(request);
        if (connection.read_reply(std::chrono::seconds(10)).status == 200) single.push_back(ms_since(start));
    }
    const auto alone = percentiles(single);
    std::printf("baseline  one upload at a time (fresh connection each, 200 in a row): p50 %.2f ms, p99 %.2f ms\n",
                alone.p50, alone.p99);

    // The burst: every client connects at the same moment (a site's network coming back) and uploads one batch.
    std::vector<std::string> requests;
    for (int i = 0; i < kBurstClients; ++i) requests.push_back(upload_request(token, one_upload("bench-1")));
    std::vector<double> latencies(kBurstClients, -1);
    std::barrier start_line(kBurstClients);
    std::vector<std::thread> clients;
    for (int i = 0; i < kBurstClients; ++i) {
        clients.emplace_back([&, i] {
            start_line.arrive_and_wait();
            const auto start = Clock::now();
            RawConnection connection(collector.port, std::chrono::seconds(20));
            if (!connection.connected() || !connection.send(requests[i])) return;
            if (connection.read_reply(std::chrono::seconds(20)).status == 200) latencies[i] = ms_since(start);
        });
    }
    for (auto& client : clients) client.join();
    const auto failed = std::count(latencies.begin(), latencies.end(), -1.0);
    latencies.erase(std::remove(latencies.begin(), latencies.end(), -1.0), latencies.end());
    const auto burst = percentiles(latencies);
    std::printf("burst     %d clients connecting at once, one upload each: p50 %.1f ms, p99 %.1f ms, max %.1f ms, "
                "failed %ld (p99 target < 1000 ms: %s)\n",
                kBurstClients, burst.p50, burst.p99, burst.max, static_cast<long>(failed),
                burst.p99 < 1000 && failed == 0 ? "MET" : "NOT MET");
    std::printf("ratio     burst p99 / single p50 = %.0fx\n", burst.p99 / alone.p50);

    // Memory: the idle process, then 10,000 keep-alive connections that each made one request and now wait.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const long idle_kib = collector.rss_kib();
    std::vector<RawConnection> idle;
    idle.reserve(kIdleConnections);
    int open = 0;
    for (int i = 0; i < kIdleConnections; ++i) {
        RawConnection& connection = idle.emplace_back(collector.port);
        if (connection.connected() && connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") &&
            connection.read_reply().status == 200)
            ++open;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const long held_kib = collector.rss_kib();
    const auto [health, health_ms] = [&] {
        const auto start = Clock::now();
        RawConnection connection(collector.port);
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const int status = connection.read_reply().status;
        return std::pair{status, ms_since(start)};
    }();
    std::printf("baseline  collector resident memory, idle: %.1f MiB\n", idle_kib / 1024.0);
    std::printf("memory    with %d idle keep-alive connections open: %.1f MiB (%.1f KiB per connection; target <= 150 MiB: %s)\n",
                open, held_kib / 1024.0, static_cast<double>(held_kib - idle_kib) / std::max(1, open),
                held_kib <= 150 * 1024 && open == kIdleConnections ? "MET" : "NOT MET");
    std::printf("          a new /healthz beside them: HTTP %d in %.1f ms\n", health, health_ms);
    idle.clear();
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return 0;
}

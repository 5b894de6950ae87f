// Benchmark: collector ingest from 50 concurrent kiosks on loopback vs a bare batched insert of the same rows into the
// same backend: SQLite always, and PostgreSQL when a server URL is given.
#include "sync/shared/clock.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"
#include "collector/registry.hpp"
#include "collector/storage/storage.hpp"
#include "collector/server.hpp"
#include "sync/shared/protocol.hpp"
#include "sync/sqlite.hpp"
#include "collector/storage/postgres/postgres_backend.hpp"
#include "collector/storage/postgres/pq.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace floorsync;
using Clock = std::chrono::steady_clock;

constexpr int kKiosks = 50;
constexpr int kBatchesPerKiosk = 4;
constexpr int kEventsPerBatch = 500;

struct KioskLoad {
    std::string id;
    std::string token;
    std::vector<Event> events;
    std::vector<std::string> bodies;  // one upload body per batch, encoded before timing starts
};

// A realistic mix: mostly ratings, some with reasons, a few questions of varying length.
std::vector<Event> make_events(const std::string& kiosk_id, std::mt19937& random) {
    static const char* reasons[] = {"dont_know_what_changes", "dont_see_why", "need_training", "need_help", "works_for_me"};
    static const std::string words = "Wanneer krijgen we de training voor het nieuwe systeem en wie helpt ons op de vloer? ";
    std::vector<Event> events;
    std::string last_rating;
    const auto start = std::chrono::system_clock::now() - std::chrono::hours(24);
    TimeOrderedUuids ids;  // each kiosk makes its own time-ordered ids
    for (int i = 0; i < kBatchesPerKiosk * kEventsPerBatch; ++i) {
        const SystemTime created = start + std::chrono::seconds(i * 7);
        Event event{ids.next(created), event_type::rating, format_rfc3339_utc(created),
                    kiosk_id, random() % 4 == 0 ? "" : "Sales", random() % 2 ? "nl" : "en", ""};
        const int kind = static_cast<int>(random() % 10);
        if (kind < 7 || last_rating.empty()) {
            event.payload = "{\"score\":" + std::to_string(1 + random() % 5) + ",\"suspect\":" +
                            (random() % 20 == 0 ? "true" : "false") + "}";
            last_rating = event.id;
        } else if (kind < 9) {
            event.type = event_type::rating_reasons;
            event.payload = "{\"rating_id\":\"" + last_rating + "\",\"reasons\":[\"" + reasons[random() % 5] + "\",\"" +
                            reasons[random() % 5 == 0 ? 0 : 2] + "\"]}";
            if (event.payload.find(reasons[0]) != event.payload.rfind(reasons[0]) ||
                event.payload.find(reasons[2]) != event.payload.rfind(reasons[2]))
                event.payload = "{\"rating_id\":\"" + last_rating + "\",\"reasons\":[\"need_help\"]}";
        } else {
            event.type = event_type::question;
            event.payload = "{\"text\":\"" + words.substr(0, 20 + random() % 60) + "\"}";
        }
        events.push_back(std::move(event));
    }
    return events;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Every kiosk's events with their content digests, computed before a baseline's clock starts.
std::pair<std::vector<const Event*>, std::vector<std::string>> baseline_rows(const std::vector<KioskLoad>& kiosks) {
    std::vector<const Event*> rows;
    std::vector<std::string> hashes;
    for (const auto& kiosk : kiosks) {
        for (const auto& event : kiosk.events) {
            rows.push_back(&event);
            hashes.push_back(collector::content_hash(event));
        }
    }
    return {std::move(rows), std::move(hashes)};
}

// The SQLite baseline: the same rows into the same schema (WAL, synchronous=FULL), 500 per transaction.
double bare_sqlite_insert_rate(const std::string& path, const std::vector<KioskLoad>& kiosks) {
    auto db = collector::open_collector_database(path);
    const std::string received_at = utc_now_rfc3339();
    const auto [rows, hashes] = baseline_rows(kiosks);
    sqlite::Statement insert(db,
                             "INSERT INTO events(id, content_hash, type, created_at, kiosk_id, department, language, "
                             "payload, received_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    const auto start = Clock::now();
    for (std::size_t first = 0; first < rows.size(); first += kEventsPerBatch) {
        sqlite::Transaction transaction(db);
        for (std::size_t i = first; i < std::min(rows.size(), first + kEventsPerBatch); ++i) {
            const Event& e = *rows[i];
            insert.bind(1, e.id).bind(2, hashes[i]).bind(3, e.type).bind(4, e.created_at).bind(5, e.kiosk_id);
            insert.bind(6, e.department).bind(7, e.language).bind(8, e.payload).bind(9, received_at);
            insert.run();
            insert.reset();
        }
        transaction.commit();
    }
    return static_cast<double>(rows.size()) / seconds_since(start);
}

// The PostgreSQL baseline: the same rows into the same schema, 500 per transaction in one INSERT ... unnest(...)
// statement (the fastest plain way to send many rows), without dedupe.
double bare_postgres_insert_rate(const std::string& url, const std::vector<KioskLoad>& kiosks) {
    collector::open_storage(url);  // creates the schema
    pq::Connection connection(url);
    const std::string received_at = utc_now_rfc3339();
    const auto [rows, hashes] = baseline_rows(kiosks);
    connection.prepare("bare_insert",
                       "INSERT INTO events(id, content_hash, type, created_at, kiosk_id, department, language, payload, "
                       "received_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], "
                       "$6::text[], $7::text[], $8::text[], $9::text[])");
    const auto start = Clock::now();
    for (std::size_t first = 0; first < rows.size(); first += kEventsPerBatch) {
        using collector::postgres_backend::TextArray;
        TextArray columns[9];
        for (std::size_t i = first; i < std::min(rows.size(), first + kEventsPerBatch); ++i) {
            const Event& e = *rows[i];
            for (const auto& [column, value] :
                 {std::pair{0, std::string_view(e.id)}, {1, hashes[i]}, {2, e.type}, {3, e.created_at}, {4, e.kiosk_id},
                  {5, e.department}, {6, e.language}, {7, e.payload}, {8, received_at}})
                columns[column].add(value);
        }
        pq::Params params;
        for (const auto& column : columns) params.add(column.literal());
        pq::Transaction transaction(connection);
        connection.exec_prepared("bare_insert", params);
        transaction.commit();
    }
    return static_cast<double>(rows.size()) / seconds_since(start);
}

// A new empty database on the PostgreSQL server at `server_url`; returns its URL.
std::string fresh_postgres_database(const std::string& server_url, const std::string& name) {
    pq::Connection admin(server_url);
    admin.exec("DROP DATABASE IF EXISTS " + pq::quote_identifier(admin, name));
    admin.exec("CREATE DATABASE " + pq::quote_identifier(admin, name));
    return server_url.substr(0, server_url.rfind('/') + 1) + name;
}

std::int64_t stored_rows(const std::string& db) {
    if (pq::is_postgres_url(db)) return pq::Connection(db).query("SELECT count(*) FROM events").int64(0, 0);
    sqlite::Database connection(db, sqlite::open_readonly);
    return connection.query_int64("SELECT count(*) FROM events");
}

struct IngestFigures {
    double events_per_second = 0;
    double requests_per_second = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
    std::size_t failures = 0;
    std::int64_t rows = 0;
};

IngestFigures collector_ingest(const std::string& path, std::vector<KioskLoad>& kiosks) {
    {
        const auto storage = collector::open_storage(path);
        const auto table = storage->open_kiosks();
        collector::KioskRegistry registry(*table);
        for (auto& kiosk : kiosks) kiosk.token = registry.add(kiosk.id, {"Sales"});
    }
    collector::CollectorConfig config;
    config.db_path = path;
    config.listen_port = 0;
    config.worker_threads = kKiosks + 8;
    config.max_in_flight = kKiosks + 8;
    config.keep_alive_timeout_seconds = 30;  // clients wait at a barrier before the clock starts
    collector::CollectorServer server(config);
    std::thread serving([&] { server.run(); });

    std::vector<std::vector<double>> latencies(kiosks.size());
    std::atomic<std::size_t> failures{0};
    std::barrier ready(static_cast<std::ptrdiff_t>(kiosks.size() + 1));
    std::vector<std::thread> clients;
    for (std::size_t k = 0; k < kiosks.size(); ++k) {
        clients.emplace_back([&, k] {
            httplib::Client client("127.0.0.1", server.port());
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);
            client.set_read_timeout(std::chrono::seconds(60));
            client.set_write_timeout(std::chrono::seconds(60));
            const httplib::Headers headers{{"Authorization", "Bearer " + kiosks[k].token}};
            client.Get("/healthz");  // connect before the clock starts
            ready.arrive_and_wait();
            for (const auto& body : kiosks[k].bodies) {
                const auto start = Clock::now();
                const auto reply = client.Post("/api/v1/events", headers, body, "application/json");
                latencies[k].push_back(seconds_since(start) * 1000.0);
                if (!reply || reply->status != 200 || reply->body.find("\"rejected\"") != std::string::npos) {
                    if (++failures <= 3)
                        std::fprintf(stderr, "failed request: %s\n",
                                     !reply ? httplib::to_string(reply.error()).c_str()
                                            : (std::to_string(reply->status) + " " + reply->body.substr(0, 200)).c_str());
                }
            }
        });
    }
    ready.arrive_and_wait();
    const auto start = Clock::now();
    for (auto& client : clients) client.join();
    const double elapsed = seconds_since(start);
    server.stop();
    serving.join();

    std::vector<double> all;
    for (const auto& list : latencies) all.insert(all.end(), list.begin(), list.end());
    std::sort(all.begin(), all.end());
    IngestFigures figures;
    const double events = static_cast<double>(kiosks.size()) * kBatchesPerKiosk * kEventsPerBatch;
    figures.events_per_second = events / elapsed;
    figures.requests_per_second = static_cast<double>(all.size()) / elapsed;
    figures.p50_ms = all[all.size() / 2];
    figures.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
    figures.max_ms = all.back();
    figures.failures = failures;
    figures.rows = stored_rows(path);
    return figures;
}

void report(const char* backend, double baseline, const IngestFigures& ingest, std::size_t total) {
    std::printf("collector %s, %d concurrent kiosks over loopback HTTP (keep-alive, TCP_NODELAY):\n", backend, kKiosks);
    std::printf("          %.0f events/s, %.0f requests/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                ingest.events_per_second, ingest.requests_per_second, ingest.p50_ms, ingest.p99_ms, ingest.max_ms);
    std::printf("          rows stored %lld of %zu, failed requests %zu\n", static_cast<long long>(ingest.rows), total,
                ingest.failures);
    const double ratio = ingest.events_per_second / baseline;
    std::printf("ratio     %s collector / bare insert = %.2f (target >= 0.50): %s; p99 %.0f ms (target <= 300): %s\n",
                backend, ratio, ratio >= 0.5 ? "MET" : "NOT MET", ingest.p99_ms, ingest.p99_ms <= 300 ? "MET" : "NOT MET");
}

}  // namespace

// collector_ingest [DIR [POSTGRES_SERVER_URL]]: DIR holds the SQLite databases (default: the temp dir; /dev/shm
// separates fsync cost from CPU). With a server URL (scripts/pg-test-server.sh), PostgreSQL is measured too.
int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    const fs::path base = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path();
    const std::string postgres_server = argc > 2 ? argv[2] : "";
    std::string pattern = (base / "collector-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    const fs::path dir = pattern;

    std::mt19937 random(42);
    std::vector<KioskLoad> kiosks(kKiosks);
    std::size_t body_bytes = 0;
    for (int k = 0; k < kKiosks; ++k) {
        kiosks[k].id = "bench-" + std::to_string(k);
        kiosks[k].events = make_events(kiosks[k].id, random);
        for (int b = 0; b < kBatchesPerKiosk; ++b) {
            UploadRequest request{{"bench", (kBatchesPerKiosk - b) * kEventsPerBatch}, {}};
            request.events.assign(kiosks[k].events.begin() + b * kEventsPerBatch,
                                  kiosks[k].events.begin() + (b + 1) * kEventsPerBatch);
            kiosks[k].bodies.push_back(encode_upload(request));
            body_bytes += kiosks[k].bodies.back().size();
        }
    }
    const std::size_t total = static_cast<std::size_t>(kKiosks) * kBatchesPerKiosk * kEventsPerBatch;
    std::printf("SQLite databases in %s\n", base.c_str());
    std::printf("collector ingest benchmark: %d kiosks x %d batches x %d events = %zu events, %.1f KB per batch\n",
                kKiosks, kBatchesPerKiosk, kEventsPerBatch, total,
                static_cast<double>(body_bytes) / (kKiosks * kBatchesPerKiosk) / 1024.0);

    const double sqlite_baseline = bare_sqlite_insert_rate((dir / "bare.db").string(), kiosks);
    std::printf("baseline  bare batched SQLite insert (same schema, WAL, synchronous=FULL, 500/txn): %.0f rows/s\n",
                sqlite_baseline);
    report("SQLite", sqlite_baseline, collector_ingest((dir / "collector.db").string(), kiosks), total);

    if (!postgres_server.empty()) {
        const double postgres_baseline =
            bare_postgres_insert_rate(fresh_postgres_database(postgres_server, "bench_bare"), kiosks);
        std::printf("baseline  bare batched PostgreSQL insert (same schema, fsync on, 500/txn, INSERT ... unnest): "
                    "%.0f rows/s\n",
                    postgres_baseline);
        report("PostgreSQL", postgres_baseline,
               collector_ingest(fresh_postgres_database(postgres_server, "bench_collector"), kiosks), total);
    }

    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return 0;
}

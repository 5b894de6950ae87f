// Benchmark: the dashboard's overview page over 1,000,000 ratings (26 weeks, 5 sites, 10 departments, 50 kiosks,
// reasons for a share) stored through the real EventWriter, served by a real collector on loopback to a signed-in
// session: time to first byte and to the full page (all chart data in its JSON blocks), against a bare GROUP BY over
// the same rating events (RatingTable::bare_aggregate) in the same run. SQLite always; PostgreSQL with a server URL.
#include "collector/dashboard/account_service.hpp"
#include "collector/local_time.hpp"
#include "collector/registry.hpp"
#include "collector/seed_demo_timeline.hpp"
#include "collector/server.hpp"
#include "collector/storage/postgres/pq.hpp"
#include "collector/storage/storage.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace floorsync;
namespace fc = floorsync::collector;
using Clock = std::chrono::steady_clock;

constexpr int kWeeks = 26;
constexpr std::size_t kRatings = 1'000'000;
constexpr int kSites = 5;
constexpr int kDepartments = 10;
constexpr int kKiosks = 50;
constexpr double kReasonShare = 0.3;
constexpr double kSuspectShare = 0.01;
constexpr int kRuns = 20;
constexpr double kTargetMs = 300;

const char* const kSiteNames[kSites] = {"Rotterdam", "Eindhoven", "Gent", "Antwerpen", "Utrecht"};
const char* const kDepartmentNames[kDepartments] = {"Assembly", "Customer Service", "Finance", "HR", "IT",
                                                    "Logistics", "Marketing", "Quality", "Sales", "Warehouse"};
const char* const kReasons[] = {"dont_know_what", "dont_see_why", "need_training", "need_help", "works_for_me"};

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// CPU time of the whole process (the collector runs in it): what a page costs, whatever else the machine runs.
double process_cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) / 1e6;
}

struct Kiosk {
    std::string id;
    std::string site;
    std::vector<std::string> departments;
    fc::KioskIdentity identity;
};

std::vector<Kiosk> make_kiosks() {
    std::vector<Kiosk> kiosks;
    for (int k = 0; k < kKiosks; ++k) {
        Kiosk kiosk;
        char id[32];
        std::snprintf(id, sizeof id, "bench-%02d", k);
        kiosk.id = id;
        kiosk.site = kSiteNames[k % kSites];
        const int first = k % kDepartments;
        const int second = (first + 1 + k / kDepartments) % kDepartments;
        kiosk.departments = {kDepartmentNames[std::min(first, second)], kDepartmentNames[std::max(first, second)]};
        kiosks.push_back(std::move(kiosk));
    }
    return kiosks;
}

struct IngestFigures {
    std::size_t events = 0;
    double seconds = 0;
};

// Registers the kiosks with their sites and stores the ratings day by day (one EventWriter transaction per day, all
// kiosks' uploads in it, as group commit would), up to yesterday.
IngestFigures fill(fc::Storage& storage, std::vector<Kiosk>& kiosks, const fc::demo::DemoCalendar& calendar) {
    {
        const auto table = storage.open_kiosks();
        fc::KioskRegistry registry(*table);
        for (auto& kiosk : kiosks) {
            registry.add(kiosk.id, kiosk.departments);
            table->set_site(kiosk.id, kiosk.site);
            kiosk.identity = {kiosk.id, kiosk.departments};
        }
    }
    const auto writer = storage.open_writer();
    fc::demo::DemoRandom random(26);
    std::vector<TimeOrderedUuids> ids(kiosks.size());
    const int days = calendar.today();  // day 0 .. yesterday
    const std::size_t per_kiosk_day = (kRatings + kKiosks * days - 1) / (kKiosks * days);
    const KioskReport report{"bench", 0};
    IngestFigures figures;
    std::size_t ratings = 0;
    const auto start = Clock::now();
    for (int day = 0; day < days && ratings < kRatings; ++day) {
        std::vector<std::vector<CheckedEvent>> uploads(kiosks.size());
        for (std::size_t k = 0; k < kiosks.size(); ++k) {
            for (std::size_t i = 0; i < per_kiosk_day && ratings < kRatings; ++i, ++ratings) {
                const SystemTime at = calendar.at(day, 8 + 10.0 * static_cast<double>(i) / per_kiosk_day);
                const std::string created = format_rfc3339_utc(at);
                Event rating{ids[k].next(at), event_type::rating, created, kiosks[k].id,
                             kiosks[k].departments[random.between(0, 1)], random.chance(0.2) ? "en" : "nl", ""};
                rating.payload = events::encode(events::Rating{random.between(1, 5), random.chance(kSuspectShare)});
                uploads[k].push_back({rating, ""});
                if (random.chance(kReasonShare)) {
                    const SystemTime later = at + std::chrono::seconds(10);
                    std::vector<std::string> reasons{kReasons[random.between(0, 4)]};
                    if (random.chance(0.3) && reasons.front() != kReasons[2]) reasons.push_back(kReasons[2]);
                    Event amendment{ids[k].next(later), event_type::rating_reasons, format_rfc3339_utc(later),
                                    kiosks[k].id, rating.department, rating.language,
                                    events::encode(events::RatingReasons{rating.id, reasons})};
                    uploads[k].push_back({amendment, ""});
                }
            }
        }
        std::vector<fc::BatchWrite> batches;
        for (std::size_t k = 0; k < kiosks.size(); ++k)
            batches.push_back({&kiosks[k].identity, &report, &uploads[k], std::nullopt});
        std::vector<fc::BatchWrite*> pointers;
        for (auto& batch : batches) pointers.push_back(&batch);
        writer->write(pointers, format_rfc3339_utc(calendar.at(day, 19)));
        for (const auto& upload : uploads) figures.events += upload.size();
    }
    figures.seconds = seconds_since(start);
    return figures;
}

struct Timings {
    std::vector<double> ms;
    double median() const { return at(0.5); }
    double p95() const { return at(0.95); }
    double at(double share) const {
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(share * static_cast<double>(sorted.size())))];
    }
};

Timings time_runs(const std::function<void()>& run) {
    run();  // warm the caches once, as a dashboard in use is
    Timings timings;
    for (int i = 0; i < kRuns; ++i) {
        const auto start = Clock::now();
        run();
        timings.ms.push_back(seconds_since(start) * 1000.0);
    }
    return timings;
}

struct PageFigures {
    Timings first_byte;
    Timings full;
    Timings cpu;  // process CPU time per page (server and client)
    std::size_t bytes = 0;
    std::size_t json_blocks = 0;
};

PageFigures time_page(httplib::Client& client, const std::string& path, const httplib::Headers& headers) {
    PageFigures figures;
    const auto fetch = [&](double* first_byte_ms, double* full_ms, double* cpu_ms) {
        std::string body;
        const double cpu_start = process_cpu_ms();
        const auto start = Clock::now();
        const auto reply = client.Get(
            path, headers,
            [&](const httplib::Response&) {
                *first_byte_ms = seconds_since(start) * 1000.0;
                return true;
            },
            [&](const char* data, std::size_t length) {
                body.append(data, length);
                return true;
            });
        *full_ms = seconds_since(start) * 1000.0;
        *cpu_ms = process_cpu_ms() - cpu_start;
        if (!reply || reply->status != 200) {
            std::fprintf(stderr, "GET %s failed: %s\n", path.c_str(),
                         !reply ? httplib::to_string(reply.error()).c_str() : std::to_string(reply->status).c_str());
            std::exit(1);
        }
        figures.bytes = body.size();
        figures.json_blocks = 0;
        for (std::size_t at = body.find("application/json"); at != std::string::npos;
             at = body.find("application/json", at + 1))
            ++figures.json_blocks;
    };
    double first = 0, full = 0, cpu = 0;
    fetch(&first, &full, &cpu);  // warm
    for (int i = 0; i < kRuns; ++i) {
        fetch(&first, &full, &cpu);
        figures.first_byte.ms.push_back(first);
        figures.full.ms.push_back(full);
        figures.cpu.ms.push_back(cpu);
    }
    return figures;
}

// A session as a browser gets it after signing in, made through the account rules on the same database.
std::string signed_in_cookie(fc::Storage& storage) {
    fc::dashboard::AccountTablePool pool(storage, 1, 1);
    const fc::DashboardSettings settings;
    fc::dashboard::AccountService accounts(pool, settings, fc::dashboard::PasswordLimits::lowest());
    accounts.add_user("bench", "bench-password-1234");
    const auto result = accounts.sign_in("bench", "bench-password-1234", "127.0.0.1");
    if (result.outcome != fc::dashboard::SignInResult::Outcome::signed_in) {
        std::fprintf(stderr, "sign-in failed: %s\n", result.message.c_str());
        std::exit(1);
    }
    return "floor_session=" + result.token;
}

void run_backend(const char* backend, const std::string& db) {
    std::vector<Kiosk> kiosks = make_kiosks();
    const fc::demo::DemoCalendar calendar(std::chrono::system_clock::now(), kWeeks - 1);
    const auto storage = fc::open_storage(db);
    const IngestFigures ingest = fill(*storage, kiosks, calendar);
    std::printf("%s: %zu ratings (%zu events with reasons and suspect taps) over %d weeks, %d sites, %d departments, "
                "%d kiosks, stored through EventWriter in %.1f s (%.0f events/s)\n",
                backend, kRatings, ingest.events, kWeeks, kSites, kDepartments, kKiosks, ingest.seconds,
                static_cast<double>(ingest.events) / ingest.seconds);

    const std::string cookie = signed_in_cookie(*storage);
    const std::string from = fc::local_day(calendar.at(0, 12));
    const std::string to = fc::local_day(calendar.now());
    const auto ratings = storage->open_ratings();
    std::size_t rows = 0;
    const Timings bare = time_runs([&] { rows = ratings->bare_aggregate(from, to); });
    std::printf("baseline  bare GROUP BY over the rating events (department x day, %s..%s, %zu rows): median %.1f ms, "
                "p95 %.1f ms\n",
                from.c_str(), to.c_str(), rows, bare.median(), bare.p95());
    // The storage layer's share of a page: the two reads the overview makes, alone.
    std::size_t cells = 0, reason_cells = 0;
    const Timings reads = time_runs([&] {
        cells = ratings->rating_counts(from, to).size();
        reason_cells = ratings->reason_counts(from, to).size();
    });
    std::printf("storage   RatingTable::rating_counts + reason_counts (%zu + %zu cells): median %.1f ms, p95 %.1f ms\n",
                cells, reason_cells, reads.median(), reads.p95());

    fc::CollectorConfig config;
    config.db_path = db;
    config.listen_port = 0;
    fc::CollectorServer server(config);
    std::thread serving([&] { server.run(); });
    httplib::Client client("127.0.0.1", server.port());
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    client.set_read_timeout(std::chrono::seconds(60));
    const httplib::Headers headers{{"Cookie", cookie}};
    double load = 0;
    if (getloadavg(&load, 1) == 1)
        std::printf("          (load average %.1f on %u cores while measuring: other work slows the wall-clock times, "
                    "not the CPU per page)\n",
                    load, std::thread::hardware_concurrency());
    for (const char* granularity : {"weekly", "daily"}) {
        const std::string path = "/dashboard/?from=" + from + "&to=" + to + "&granularity=" + granularity;
        const PageFigures page = time_page(client, path, headers);
        std::printf("overview  GET /dashboard/ (%d weeks, %s, %zu KB, %zu JSON chart blocks): first byte median %.1f ms, "
                    "p95 %.1f ms; full page median %.1f ms, p95 %.1f ms; CPU per page median %.1f ms\n",
                    kWeeks, granularity, page.bytes / 1024, page.json_blocks, page.first_byte.median(),
                    page.first_byte.p95(), page.full.median(), page.full.p95(), page.cpu.median());
        std::printf("ratio     %s overview (%s) full page / bare aggregate = %.2f (median); p95 %.0f ms (target <= %.0f): "
                    "%s\n",
                    backend, granularity, page.full.median() / bare.median(), page.full.p95(), kTargetMs,
                    page.full.p95() <= kTargetMs ? "MET" : "NOT MET");
    }
    server.stop();
    serving.join();
}

// A new empty database on the PostgreSQL server at `server_url`; returns its URL.
std::string fresh_postgres_database(const std::string& server_url, const std::string& name) {
    pq::Connection admin(server_url);
    admin.exec("DROP DATABASE IF EXISTS " + pq::quote_identifier(admin, name));
    admin.exec("CREATE DATABASE " + pq::quote_identifier(admin, name));
    return server_url.substr(0, server_url.rfind('/') + 1) + name;
}

}  // namespace

// dashboard_overview [DIR [POSTGRES_SERVER_URL]]: DIR holds the SQLite database (default: the temp dir). With a
// server URL (scripts/pg-test-server.sh), PostgreSQL is measured too.
int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as soon as it is measured, also into a pipe or file
    const fs::path base = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path();
    const std::string postgres_server = argc > 2 ? argv[2] : "";
    std::string pattern = (base / "dashboard-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    const fs::path dir = pattern;
    int status = 0;
    try {
        run_backend("SQLite", (dir / "collector.db").string());
        if (!postgres_server.empty())
            run_backend("PostgreSQL", fresh_postgres_database(postgres_server, "bench_dashboard"));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "dashboard_overview: %s\n", error.what());
        status = 1;
    }
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return status;
}

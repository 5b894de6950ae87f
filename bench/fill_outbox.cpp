// fill_outbox DB_PATH COUNT [KIOSK_ID]: makes a kiosk database holding COUNT unsent, realistic events.
#include "sync/shared/clock.hpp"
#include "sync/shared/event.hpp"
#include "sync/sqlite.hpp"
#include "sync/store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <random>
#include <string>
#include <vector>

namespace {

// Random UUIDs land all over the id index: small transactions would rewrite most of its pages each time (5,000
// per transaction made 1,000,000 events take minutes). Large transactions with a large page cache write each
// page about once.
constexpr std::size_t kEventsPerTransaction = 250000;
constexpr int kCacheKib = 512 * 1024;

const char* const kReasons[] = {"dont_know_what_changes", "dont_see_why", "need_training", "need_help_using_it",
                                "works_for_me"};
const char* const kQuestions[] = {
    "Wanneer krijgen we de training voor het nieuwe systeem?",
    "Who do I call when the scanner does not log in?",
    "Waarom moeten we twee keer inloggen? Dat kost elke ochtend tijd.",
    "Is the old system still available during the transition in March?",
    "Kan de handleiding ook in het Pools? Niet iedereen leest Nederlands.",
    "Zijn de nieuwe formulieren al goedgekeurd door de ondernemingsraad? €",
};
const char* const kDepartments[] = {"warehouse", "finance", "customer_service", ""};

std::string json_escape(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

class EventMaker {
public:
    explicit EventMaker(std::string kiosk_id) : kiosk_id_(std::move(kiosk_id)) {}

    // About 75% ratings, 15% reasons amending the latest rating, 10% questions, spread over the past 30 days.
    floorsync::Event next(std::size_t index, std::size_t total) {
        floorsync::Event event;
        event.kiosk_id = kiosk_id_;
        event.department = kDepartments[random_() % 4];
        event.language = random_() % 3 == 0 ? "en" : "nl";
        const auto age = std::chrono::milliseconds(
            static_cast<long long>((total - index) * (30.0 * 24 * 3600 * 1000 / static_cast<double>(total))));
        event.id = ids_.next(start_ - age);
        event.created_at = floorsync::format_rfc3339_utc(start_ - age);
        const unsigned kind = random_() % 100;
        if (kind < 15 && !last_rating_id_.empty()) {
            event.type = floorsync::event_type::rating_reasons;
            std::string reasons;
            const unsigned first = random_() % 5;
            reasons = std::string("\"") + kReasons[first] + "\"";
            if (random_() % 3 == 0) {
                reasons += std::string(",\"") + kReasons[(first + 1 + random_() % 4) % 5] + "\"";
            }
            event.payload = R"({"rating_id":")" + last_rating_id_ + R"(","reasons":[)" + reasons + "]}";
            ++reasons_;
        } else if (kind < 25) {
            event.type = floorsync::event_type::question;
            event.payload = R"({"text":")" + json_escape(kQuestions[random_() % 6]) + "\"}";
            ++questions_;
        } else {
            event.type = floorsync::event_type::rating;
            const bool suspect = random_() % 50 == 0;
            event.payload = R"({"score":)" + std::to_string(1 + random_() % 5) +
                            R"(,"suspect":)" + (suspect ? "true" : "false") + "}";
            last_rating_id_ = event.id;
            ++ratings_;
        }
        return event;
    }

    std::size_t ratings_ = 0, reasons_ = 0, questions_ = 0;

private:
    std::string kiosk_id_;
    std::string last_rating_id_;
    std::mt19937 random_{20261129};
    floorsync::SystemTime start_ = std::chrono::system_clock::now();
    floorsync::TimeOrderedUuids ids_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) {
        std::fprintf(stderr, "usage: %s DB_PATH COUNT [KIOSK_ID]\n"
                             "  creates (or extends) a kiosk database with COUNT unsent events\n", argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    char* end = nullptr;
    const long long requested = std::strtoll(argv[2], &end, 10);
    if (end == argv[2] || *end != '\0' || requested < 0) {
        std::fprintf(stderr, "fill_outbox: COUNT must be a whole number >= 0, got '%s'\n", argv[2]);
        return 2;
    }
    const auto count = static_cast<std::size_t>(requested);
    const std::string kiosk_id = argc == 4 ? argv[3] : "bench-kiosk-1";

    try {
        const auto started = std::chrono::steady_clock::now();
        // The Store creates or migrates the schema; the rows then go in through the same INSERT the Store uses
        // (its triggers keep the counters), on a connection tuned for bulk loading.
        floorsync::Store store(path);
        floorsync::sqlite::Database bulk(path);
        bulk.exec("PRAGMA cache_size = -" + std::to_string(kCacheKib));
        bulk.exec("PRAGMA synchronous = NORMAL");
        bulk.exec("PRAGMA temp_store = MEMORY");
        floorsync::sqlite::Statement insert(bulk,
            "INSERT INTO events (id, type, created_at, kiosk_id, department, language, payload) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        EventMaker maker(kiosk_id);
        std::size_t made = 0;
        while (made < count) {
            floorsync::sqlite::Transaction transaction(bulk);
            const std::size_t until = std::min(count, made + kEventsPerTransaction);
            for (; made < until; ++made) {
                const floorsync::Event event = maker.next(made, count);
                insert.reset();
                insert.bind(1, event.id).bind(2, event.type).bind(3, event.created_at).bind(4, event.kiosk_id);
                insert.bind(5, event.department).bind(6, event.language).bind(7, event.payload);
                insert.run();
            }
            transaction.commit();
        }
        bulk.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const floorsync::OutboxCounts counts = store.counts();
        std::printf("fill_outbox: made %zu events in %s for kiosk %s (ratings=%zu rating_reasons=%zu questions=%zu)\n",
                    count, path.c_str(), kiosk_id.c_str(), maker.ratings_, maker.reasons_, maker.questions_);
        std::printf("fill_outbox: %.2f s, %.0f events/s; outbox now pending=%lld sent=%lld quarantined=%lld\n",
                    seconds, seconds > 0 ? static_cast<double>(count) / seconds : 0.0,
                    static_cast<long long>(counts.pending), static_cast<long long>(counts.sent),
                    static_cast<long long>(counts.quarantined));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "fill_outbox: %s\n", error.what());
        return 1;
    }
    return 0;
}

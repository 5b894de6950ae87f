// fill_outbox DB_PATH COUNT [KIOSK_ID] [--content N]: makes a kiosk database holding COUNT unsent, realistic events,
// and with --content N also N published content items in its content cache, applied the way the sync engine applies
// the collector's feed (Store::apply_feed_page, pages of 100).
#include "bench/bench_content.hpp"
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
#include <stdexcept>
#include <string>
#include <string_view>
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

// Adds `count` items (the publishing team's mix, see bench_content.hpp) after whatever the cache holds, in feed pages
// of 100 as the sync engine applies them.
void add_content(floorsync::Store& store, std::size_t count) {
    constexpr std::size_t kPage = 100;
    const std::string start = store.feed_cursor();
    const std::int64_t first_revision = start.empty() ? 1 : std::stoll(start) + 1;
    const auto now = std::chrono::system_clock::now();
    floorsync::TimeOrderedUuids ids;
    std::size_t made = 0;
    while (made < count) {
        floorsync::FeedPage page;
        page.from_cursor = store.feed_cursor();
        const std::size_t until = std::min(count, made + kPage);
        for (; made < until; ++made) {
            const auto at = now - std::chrono::minutes(static_cast<long>(count - made));
            page.upserts.push_back(bench_content::with_identity(bench_content::make_item(made, true, now),
                                                                first_revision + static_cast<std::int64_t>(made), ids, at));
        }
        page.next_cursor = std::to_string(page.upserts.back().revision);
        page.etag = made == count ? "\"feed-" + page.next_cursor + "\"" : "";
        if (!store.apply_feed_page(page).applied) throw std::runtime_error("apply_feed_page refused a page");
    }
}

bool parse_count(const char* text, std::size_t& out) {
    char* end = nullptr;
    const long long value = std::strtoll(text, &end, 10);
    if (end == text || *end != '\0' || value < 0) return false;
    out = static_cast<std::size_t>(value);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> positional;
    std::size_t content_count = 0;
    bool usage_error = false;
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--content") {
            if (i + 1 >= argc || !parse_count(argv[i + 1], content_count)) usage_error = true;
            ++i;
        } else {
            positional.emplace_back(argv[i]);
        }
    }
    if (usage_error || positional.size() < 2 || positional.size() > 3) {
        std::fprintf(stderr, "usage: %s DB_PATH COUNT [KIOSK_ID] [--content N]\n"
                             "  creates (or extends) a kiosk database with COUNT unsent events, and N content items\n", argv[0]);
        return 2;
    }
    const std::string path = positional[0];
    std::size_t count = 0;
    if (!parse_count(positional[1].c_str(), count)) {
        std::fprintf(stderr, "fill_outbox: COUNT must be a whole number >= 0, got '%s'\n", positional[1].c_str());
        return 2;
    }
    const std::string kiosk_id = positional.size() == 3 ? positional[2] : "bench-kiosk-1";

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
        if (content_count > 0) add_content(store, content_count);
        bulk.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const floorsync::OutboxCounts counts = store.counts();
        std::printf("fill_outbox: made %zu events in %s for kiosk %s (ratings=%zu rating_reasons=%zu questions=%zu)\n",
                    count, path.c_str(), kiosk_id.c_str(), maker.ratings_, maker.reasons_, maker.questions_);
        std::printf("fill_outbox: %.2f s, %.0f events/s; outbox now pending=%lld sent=%lld quarantined=%lld\n",
                    seconds, seconds > 0 ? static_cast<double>(count) / seconds : 0.0,
                    static_cast<long long>(counts.pending), static_cast<long long>(counts.sent),
                    static_cast<long long>(counts.quarantined));
        if (content_count > 0)
            std::printf("fill_outbox: added %zu content items; the cache holds %zu, feed cursor %s\n", content_count,
                        store.content_items().size(), store.feed_cursor().c_str());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "fill_outbox: %s\n", error.what());
        return 1;
    }
    return 0;
}

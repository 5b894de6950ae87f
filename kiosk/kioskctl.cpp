// kioskctl: the technicians' tool — backlog, quarantined events, the last sync result, the cached content,
// questions and ambassadors; requeue, force a sync now.
#include "kiosk/logic/config.hpp"
#include "sync/feed_reader.hpp"
#include "sync/http_client.hpp"
#include "sync/store.hpp"
#include "sync/uploader.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using floorsync::FeedResult;
using floorsync::PassOutcome;
using floorsync::PassResult;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct Options {
    std::optional<std::string> config_path;
    std::optional<std::string> database_path;
    std::optional<std::string> collector_url;
    std::optional<std::string> token;
    std::optional<std::size_t> batch_max_events;
    std::optional<std::string> event_id;
    std::size_t limit = 100;
    bool no_probe = false;
    bool check_integrity = false;
    std::string command;
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void print_usage(std::ostream& out) {
    out << "kioskctl: the technicians' tool of the floor feedback kiosk.\n"
           "\n"
           "Usage: kioskctl [options] COMMAND\n"
           "Commands:\n"
           "  status        Backlog (events waiting), quarantined and sent counts, the last sync result,\n"
           "                the cached content, and whether the collector answers now.\n"
           "  quarantined   The events the collector refused, with its reasons (kept on the kiosk, not retried).\n"
           "  requeue       Send quarantined events again (all, or one with --id), after fixing the cause, e.g.\n"
           "                registering the kiosk's department at the collector. Events the collector still\n"
           "                refuses come back to quarantine with its reason.\n"
           "  sync-now      Upload the backlog now from this process, then read the collector's feed once, and\n"
           "                print what was sent and which content changed.\n"
           "  content       The content cached on this kiosk (what the central team published): id, kind,\n"
           "                revision, title in the default language and when it is shown. No network.\n"
           "  questions     The questions cached from the feed: id, department, day, state and votes (not their\n"
           "                text). No network.\n"
           "  ambassadors   The ambassadors who can unlock this kiosk: id, name and department. No network.\n"
           "Options:\n"
           "  --config FILE       The kiosk's config file (default: the built-in default config).\n"
           "  --db PATH           Use this database instead of the config's database_path.\n"
           "  --collector URL     Override sync.collector_url.     --token TOKEN   Override sync.token.\n"
           "  --batch N           Override sync.batch_max_events (1 to 1000).\n"
           "  --limit N           quarantined: show at most N events (default 100).\n"
           "  --id EVENT_ID       requeue: only this event.\n"
           "  --no-probe          status: do not contact the collector.\n"
           "  --check-integrity   status: also run SQLite's integrity check (reads the whole database).\n"
           "  --help, --version\n"
           "Exit codes: 0 ok, 1 the command failed (sync did not finish, database unusable), 2 bad command line\n"
           "or config file.\n";
}

std::size_t parse_count(std::string_view option, const std::string& text, std::size_t low, std::size_t high) {
    std::size_t used = 0;
    unsigned long long value = 0;
    try {
        value = std::stoull(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty() || text.front() == '-' || value < low || value > high)
        throw UsageError(std::string(option) + " needs a whole number from " + std::to_string(low) + " to " +
                         std::to_string(high) + ", got '" + text + "'");
    return static_cast<std::size_t>(value);
}

Options parse_options(const std::vector<std::string>& args) {
    Options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw UsageError(arg + " needs a value");
            return args[++i];
        };
        if (arg == "--config") options.config_path = value();
        else if (arg == "--db") options.database_path = value();
        else if (arg == "--collector") options.collector_url = value();
        else if (arg == "--token") options.token = value();
        else if (arg == "--batch") options.batch_max_events = parse_count(arg, value(), 1, floorsync::kMaxEventsPerRequest);
        else if (arg == "--limit") options.limit = parse_count(arg, value(), 1, 1'000'000);
        else if (arg == "--id") options.event_id = value();
        else if (arg == "--no-probe") options.no_probe = true;
        else if (arg == "--check-integrity") options.check_integrity = true;
        else if (!arg.empty() && arg.front() == '-') throw UsageError("unknown option '" + arg + "'");
        else if (options.command.empty()) options.command = arg;
        else throw UsageError("one command at a time (got '" + options.command + "' and '" + arg + "')");
    }
    static const std::vector<std::string> commands = {"status",  "quarantined", "requeue",
                                                      "sync-now", "content",     "questions", "ambassadors"};
    const char* const command_list = "status, quarantined, requeue, sync-now, content, questions or ambassadors";
    if (options.command.empty()) throw UsageError(std::string("no command given (") + command_list + ")");
    if (std::find(commands.begin(), commands.end(), options.command) == commands.end())
        throw UsageError("unknown command '" + options.command + "' (" + command_list + ")");
    if (options.event_id && options.command != "requeue") throw UsageError("--id only goes with requeue");
    return options;
}

// The config with the command line's overrides applied. Throws kiosk::ConfigError.
kiosk::KioskConfig effective_config(const Options& options) {
    kiosk::KioskConfig config = options.config_path ? kiosk::load_config_file(*options.config_path)
                                                     : kiosk::load_embedded_default_config();
    if (options.database_path) config.database_path = *options.database_path;
    if (options.collector_url) config.sync.collector_url = *options.collector_url;
    if (options.token) config.sync.token = *options.token;
    if (options.batch_max_events) config.sync.batch_max_events = *options.batch_max_events;
    return config;
}

void print_last_sync(floorsync::Store& store) {
    const auto last = floorsync::read_last_sync(store);
    if (!last) {
        std::cout << "last sync:     never\n";
        return;
    }
    std::cout << "last sync:     " << last->attempted_at << ": " << last->outcome << " (" << last->delivered
              << " delivered, " << last->quarantined << " quarantined)\n";
    if (!last->error.empty()) std::cout << "  error:       " << last->error << "\n";
    std::cout << "last success:  " << (last->last_success_at.empty() ? "never" : last->last_success_at) << "\n";
}

std::string describe_link(const FeedResult& check) {
    switch (check.outcome) {
        case PassOutcome::drained:
            return std::string("online (the collector answers and accepts the token; ") +
                   (check.up_to_date ? "the cached content is up to date)" : "new content is waiting for the kiosk)");
        case PassOutcome::offline: return "offline: " + check.error;
        default: return std::string(to_string(check.outcome)) + ": " + check.error;
    }
}

// id, kind, revision, title, then when it is shown (and the kind's own dates).
void print_item(const floorsync::content::Item& item, const std::string& language) {
    std::cout << item.id << "  " << floorsync::content::to_string(item.kind) << "  rev " << item.revision << "  \""
              << floorsync::content::translation_for(item, language).title << "\"\n";
    std::cout << "    shown: from " << (item.shown_from.empty() ? "publication" : item.shown_from) << " until "
              << (item.shown_until.empty() ? "withdrawn" : item.shown_until);
    if (!item.audience.empty()) {
        std::cout << "; for";
        for (const std::string& department : item.audience) std::cout << " '" << department << "'";
    }
    std::cout << "\n";
    if (item.kind == floorsync::content::Kind::milestone)
        std::cout << "    at: " << item.at << (item.go_live ? " (go-live)" : "") << "\n";
    if (item.kind == floorsync::content::Kind::training)
        std::cout << "    session: " << item.at << " to " << item.until << ", " << item.place
                  << (item.seats > 0 ? ", " + std::to_string(item.seats) + " seats" : std::string()) << "\n";
}

// What a feed poll did to the cache, item by item.
void print_content_changes(const std::vector<floorsync::content::Item>& before,
                           const std::vector<floorsync::content::Item>& after) {
    const auto find = [](const std::vector<floorsync::content::Item>& items, const std::string& id) {
        return std::find_if(items.begin(), items.end(), [&](const auto& item) { return item.id == id; });
    };
    for (const auto& item : after) {
        const auto old = find(before, item.id);
        if (old == before.end())
            std::cout << "  new:       " << item.id << " (" << floorsync::content::to_string(item.kind) << ", rev "
                      << item.revision << ")\n";
        else if (!(*old == item))
            std::cout << "  changed:   " << item.id << " (rev " << old->revision << " -> " << item.revision << ")\n";
    }
    for (const auto& item : before)
        if (find(after, item.id) == after.end()) std::cout << "  withdrawn: " << item.id << "\n";
}

int command_status(const kiosk::KioskConfig& config, const Options& options, floorsync::Store& store) {
    const floorsync::OutboxCounts counts = store.counts();
    std::cout << "database:      " << config.database_path << "\n";
    if (options.check_integrity)
        std::cout << "integrity:     " << (store.integrity_ok() ? "ok" : "FAILED (copy the file away and call support)")
                  << "\n";
    std::cout << "backlog:       " << counts.pending << " event(s) waiting to be sent\n";
    std::cout << "quarantined:   " << counts.quarantined << " event(s)"
              << (counts.quarantined > 0 ? " (see `kioskctl quarantined`)" : "") << "\n";
    std::cout << "sent, kept:    " << counts.sent << " event(s) (pruned after "
              << config.sync.sent_retention.count() / 24 << " days)\n";
    print_last_sync(store);
    const std::string cursor = store.feed_cursor();
    std::cout << "content:       " << store.content_items().size() << " item(s) cached"
              << (cursor.empty() ? std::string(", the feed was never read") : ", feed cursor " + cursor)
              << " (see `kioskctl content`)\n";
    if (config.sync.collector_url.empty()) {
        std::cout << "collector:     none configured (sync.collector_url); events stay on this kiosk\n";
        return kExitOk;
    }
    std::cout << "collector:     " << config.sync.collector_url << "\n";
    if (options.no_probe) return kExitOk;
    floorsync::SyncSettings quick = config.sync;
    quick.connect_timeout = std::min(quick.connect_timeout, std::chrono::milliseconds(3000));
    quick.request_timeout = std::min(quick.request_timeout, std::chrono::milliseconds(10000));
    floorsync::HttpClient client(floorsync::http_client_settings(quick));
    std::cout << "link:          " << describe_link(floorsync::FeedReader(store, client, quick).check()) << "\n";
    return kExitOk;
}

int command_quarantined(const Options& options, floorsync::Store& store) {
    const auto events = store.quarantined(options.limit);
    const std::int64_t total = store.counts().quarantined;
    if (events.empty()) {
        std::cout << "No quarantined events.\n";
        return kExitOk;
    }
    for (const floorsync::StoredEvent& stored : events) {
        std::cout << stored.event.id << "  " << stored.event.type << "  created " << stored.event.created_at << "\n"
                  << "    reason: " << stored.quarantine_reason << "\n";
    }
    if (total > static_cast<std::int64_t>(events.size()))
        std::cout << "(" << events.size() << " of " << total << " shown; use --limit N for more)\n";
    return kExitOk;
}

int command_requeue(const Options& options, floorsync::Store& store) {
    const std::int64_t requeued = store.requeue_quarantined(options.event_id);
    if (requeued == 0) {
        if (options.event_id) {
            std::cerr << "kioskctl: no quarantined event with id " << *options.event_id
                      << " (see `kioskctl quarantined`)\n";
            return kExitFailed;
        }
        std::cout << "No quarantined events.\n";
        return kExitOk;
    }
    std::cout << "requeued " << requeued << " event(s); the kiosk sends them with its next sync "
              << "(or run `kioskctl sync-now`)\n";
    return kExitOk;
}

int command_sync_now(const kiosk::KioskConfig& config, floorsync::Store& store) {
    if (config.sync.collector_url.empty()) {
        std::cerr << "kioskctl: no collector configured: set sync.collector_url (and sync.token) in the config, "
                     "or pass --collector URL --token TOKEN\n";
        return kExitUsage;
    }
    if (config.sync.token.empty()) {
        std::cerr << "kioskctl: no kiosk token: set sync.token in the config (from `kiosk-collector kiosk add`), "
                     "or pass --token TOKEN\n";
        return kExitUsage;
    }
    std::cout << "syncing " << store.counts().pending << " event(s) to " << config.sync.collector_url << "\n";
    floorsync::HttpClient client(floorsync::http_client_settings(config.sync));
    const PassResult result = floorsync::Uploader(store, client, config.sync).run_pass();
    const std::vector<floorsync::content::Item> before = store.content_items();
    const FeedResult feed = floorsync::FeedReader(store, client, config.sync).poll();
    const auto now = std::chrono::system_clock::now();
    // As the kiosk keeps it: the upload pass, or the feed when there was nothing to upload.
    floorsync::record_last_sync(store, result.contacted ? result : floorsync::as_pass_result(feed), now);
    const std::int64_t pruned = floorsync::prune_sent_events(store, config.sync.sent_retention, now);

    std::cout << "sync: " << to_string(result.outcome) << ": " << result.delivered() << " delivered (" << result.stored
              << " new, " << result.duplicates << " already there), " << result.quarantined << " quarantined\n";
    if (!result.error.empty()) std::cout << "error: " << result.error << "\n";
    if (!result.retry_after.empty()) std::cout << "the collector asks to retry after: " << result.retry_after << "\n";
    if (pruned > 0) std::cout << "pruned " << pruned << " sent event(s) past the retention\n";
    std::cout << "backlog now: " << store.counts().pending << " event(s)\n";

    std::cout << "feed: " << to_string(feed.outcome) << ": " << feed.items_changed << " item(s), "
              << feed.questions_changed << " question(s), " << feed.ambassadors_changed << " ambassador(s) changed in "
              << feed.pages << " page(s)";
    if (feed.up_to_date && feed.pages == 0) std::cout << " (nothing new)";
    if (feed.skipped > 0) std::cout << ", " << feed.skipped << " skipped (kinds this kiosk cannot show)";
    if (!feed.complete) std::cout << ", more waiting (the kiosk reads it next)";
    std::cout << "\n";
    if (!feed.error.empty()) std::cout << "feed error: " << feed.error << "\n";
    if (!feed.retry_after.empty() && feed.retry_after != result.retry_after)
        std::cout << "the feed asks to retry after: " << feed.retry_after << "\n";
    print_content_changes(before, store.content_items());
    return result.succeeded() && feed.succeeded() ? kExitOk : kExitFailed;
}

int command_content(const kiosk::KioskConfig& config, floorsync::Store& store) {
    const std::vector<floorsync::content::Item> items = store.content_items();
    const std::string cursor = store.feed_cursor();
    std::cout << "feed cursor: " << (cursor.empty() ? "none (the feed was never read)" : cursor) << "\n";
    if (items.empty()) {
        std::cout << "No content cached.\n";
        return kExitOk;
    }
    for (const floorsync::content::Item& item : items) print_item(item, config.default_language);
    std::cout << items.size() << " item(s)\n";
    return kExitOk;
}

// One line per question, without its text: a technician needs to see that questions arrive, not what they say.
int command_questions(floorsync::Store& store) {
    const std::vector<floorsync::questions::View> questions = store.cached_questions();
    if (questions.empty()) {
        std::cout << "No questions cached.\n";
        return kExitOk;
    }
    for (const floorsync::questions::View& question : questions)
        std::cout << question.id << "  " << (question.department.empty() ? "(organisation-wide)" : question.department)
                  << "  " << question.day << "  " << floorsync::questions::to_string(question.state) << "  "
                  << question.votes << " vote(s)\n";
    std::cout << questions.size() << " question(s)\n";
    return kExitOk;
}

// Never the check values or salts: what a PIN guess would be tested against stays out of terminals and logs.
int command_ambassadors(floorsync::Store& store) {
    const std::vector<floorsync::ambassador::Credential> ambassadors = store.cached_ambassadors();
    if (ambassadors.empty()) {
        std::cout << "No ambassadors cached (none for this kiosk's departments, or the feed was never read).\n";
        return kExitOk;
    }
    for (const floorsync::ambassador::Credential& ambassador : ambassadors)
        std::cout << ambassador.id << "  \"" << ambassador.name << "\"  " << ambassador.department << "\n";
    std::cout << ambassadors.size() << " ambassador(s)\n";
    return kExitOk;
}

int run(const std::vector<std::string>& args) {
    for (const std::string& arg : args) {
        if (arg == "--help" || arg == "-h") {
            print_usage(std::cout);
            return kExitOk;
        }
        if (arg == "--version") {
            std::cout << "kioskctl " << FLOOR_VERSION << "\n";
            return kExitOk;
        }
    }
    Options options;
    kiosk::KioskConfig config;
    try {
        options = parse_options(args);
        config = effective_config(options);
    } catch (const UsageError& error) {
        std::cerr << "kioskctl: " << error.what() << "\nTry 'kioskctl --help'.\n";
        return kExitUsage;
    } catch (const kiosk::ConfigError& error) {
        std::cerr << "kioskctl: " << error.what() << "\n";
        return kExitUsage;
    }
    // Opening a Store creates the file; a typo in --db must not leave an empty database somewhere.
    if (!std::filesystem::exists(config.database_path)) {
        std::cerr << "kioskctl: no kiosk database at " << config.database_path
                  << " (wrong --db or config, or the kiosk has not stored anything yet)\n";
        return kExitFailed;
    }
    try {
        floorsync::ensure_curl_global_init();
        floorsync::Store store(config.database_path);
        if (options.command == "status") return command_status(config, options, store);
        if (options.command == "quarantined") return command_quarantined(options, store);
        if (options.command == "requeue") return command_requeue(options, store);
        if (options.command == "content") return command_content(config, store);
        if (options.command == "questions") return command_questions(store);
        if (options.command == "ambassadors") return command_ambassadors(store);
        return command_sync_now(config, store);
    } catch (const floorsync::StoreError& error) {
        std::cerr << "kioskctl: database error: " << error.what() << "\n";
        return kExitFailed;
    } catch (const std::exception& error) {
        std::cerr << "kioskctl: " << error.what() << "\n";
        return kExitFailed;
    }
}

}  // namespace

int main(int argc, char** argv) { return run(std::vector<std::string>(argv + 1, argv + argc)); }

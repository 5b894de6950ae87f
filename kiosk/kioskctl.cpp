// kioskctl: the technicians' tool — backlog, quarantined events and the last sync result; requeue, force a sync now.
#include "kiosk/logic/config.hpp"
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
           "                and whether the collector answers now.\n"
           "  quarantined   The events the collector refused, with its reasons (kept on the kiosk, not retried).\n"
           "  requeue       Send quarantined events again (all, or one with --id), after fixing the cause, e.g.\n"
           "                registering the kiosk's department at the collector. Events the collector still\n"
           "                refuses come back to quarantine with its reason.\n"
           "  sync-now      Upload the backlog now from this process and print the outcome.\n"
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
    static const std::vector<std::string> commands = {"status", "quarantined", "requeue", "sync-now"};
    const char* const command_list = "status, quarantined, requeue or sync-now";
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

std::string describe_link(const PassResult& probe) {
    switch (probe.outcome) {
        case PassOutcome::drained: return "online (the collector answers and accepts the token)";
        case PassOutcome::offline: return "offline: " + probe.error;
        default: return std::string(to_string(probe.outcome)) + ": " + probe.error;
    }
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
    std::cout << "link:          " << describe_link(floorsync::Uploader(store, client, quick).probe()) << "\n";
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
    const PassResult result = floorsync::Uploader(store, client, config.sync).sync();
    const auto now = std::chrono::system_clock::now();
    floorsync::record_last_sync(store, result, now);
    const std::int64_t pruned = floorsync::prune_sent_events(store, config.sync.sent_retention, now);

    std::cout << "sync: " << to_string(result.outcome) << ": " << result.delivered() << " delivered (" << result.stored
              << " new, " << result.duplicates << " already there), " << result.quarantined << " quarantined\n";
    if (!result.error.empty()) std::cout << "error: " << result.error << "\n";
    if (!result.retry_after.empty()) std::cout << "the collector asks to retry after: " << result.retry_after << "\n";
    if (pruned > 0) std::cout << "pruned " << pruned << " sent event(s) past the retention\n";
    std::cout << "backlog now: " << store.counts().pending << " event(s)\n";
    return result.succeeded() ? kExitOk : kExitFailed;
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

// kiosk-collector: serves protocol v1 to kiosks, manages the kiosk registry, ambassadors and published content, lets
// the central team act on questions, exports CSV and JSON, moves SQLite to PostgreSQL.
#include "collector/ambassador_cli.hpp"
#include "collector/ambassador_service.hpp"
#include "collector/cli_options.hpp"
#include "collector/central_question_service.hpp"
#include "collector/config.hpp"
#include "collector/content_cli.hpp"
#include "collector/copy_db.hpp"
#include "collector/dashboard/ratings_export.hpp"
#include "collector/export.hpp"
#include "collector/local_time.hpp"
#include "collector/question_cli.hpp"
#include "collector/registry.hpp"
#include "collector/seed_demo.hpp"
#include "collector/server.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"
#include "collector/storage/storage.hpp"
#include "collector/user_cli.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <pthread.h>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace floorsync;
using namespace floorsync::collector;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // the command could not be done (database, network, registry)
constexpr int kExitUsage = 2;    // bad command line or config file

constexpr const char* kUsage = R"(kiosk-collector: the central collector of the floor feedback kiosks.

Usage:
  kiosk-collector [serve] [--db PATH|URL] [--listen HOST:PORT] [--config FILE]
      Serve protocol v1 (POST /api/v1/events, GET /api/v1/feed, GET /healthz) and the central team's dashboard
      (/dashboard/, accounts: user add) until SIGINT/SIGTERM.
      Defaults need no setup: listen 127.0.0.1:8080, database $XDG_DATA_HOME/floor-collector/collector.db.
      --db takes a SQLite file path, or a PostgreSQL URL (postgresql://user@host:port/dbname) or libpq
      connection string ("host=... dbname=..."); several collectors may serve one PostgreSQL database.
  kiosk-collector kiosk add --id ID --department DEPT [--department DEPT2 ...] [--site SITE]
      Register a kiosk for one or more departments; prints its token once (only a hash is stored).
      SITE: where it stands (free text, 1..100 characters), for the dashboard's figures per site.
  kiosk-collector kiosk set-site --id ID --site SITE
      Change where a kiosk stands; the dashboard counts all its ratings, earlier ones too, under its current site.
  kiosk-collector kiosk set-departments --id ID --department DEPT [--department DEPT2 ...]
      Replace the departments a kiosk may send events for (events it sent before keep theirs). Published items
      this shows or hides on the kiosk are sent again, so its next feed poll adds or removes them.
  kiosk-collector kiosk list
  kiosk-collector kiosk revoke --id ID      The kiosk's token stops working at once (401).
  kiosk-collector kiosk rotate --id ID      Print a new token for a kiosk (the old one stops working).
  kiosk-collector content add --kind KIND --audience all|DEPT[,DEPT...] --lang LANG --title TEXT [--body TEXT]
                  [--detail TEXT] [--starts TIME] [--ends TIME] [--at TIME] [--until TIME] [--place TEXT]
                  [--seats N] [--go-live] [--default-language LANG] [--file ITEM.toml]
      Publish an item to the kiosks of those departments (all: every kiosk); prints only its new id.
      KIND: announcement (title, body), why (body: for the organisation, --for-you: for you), milestone (--at;
      one of them may be --go-live), training (--at, --until, --place, --seats), you_said_we_did (body: what
      was said, --we-did: what was done). --starts/--ends: when it is shown (default: at once, until withdrawn).
      TIME: 2026-05-04T09:00:00Z or with an offset, or local time 2026-05-04, "2026-05-04 09:00", 2026-05-04T09:00.
      --file: the same in TOML (kind, audience, default_language, shown_from, shown_until, at, until, place,
      seats, go_live, [translations.LANG] title/body/detail); options override what the file says.
  kiosk-collector content edit ID [any option of add] [--no-go-live] [--starts now] [--ends never]
      Change only what is given; --lang LANG --title ... adds or changes a translation (without --lang: the
      default language). The kind cannot change. Kiosks get the new version with their next feed poll.
  kiosk-collector content withdraw ID       Kiosks remove the item with their next feed poll.
  kiosk-collector content list [--all]      State (published, scheduled, expired; --all: withdrawn too),
                                            audience, languages, title, when shown, training interest / seats.
  kiosk-collector content show ID           The item as JSON.
  kiosk-collector ambassador add --name NAME --department DEPT
      Add an ambassador of a department; prints the new id. The PIN (6 to 12 digits) is read from standard input
      (on a terminal: twice, not shown), never from the command line; only Argon2id-derived values are stored. A PIN
      another active ambassador of the department has is refused. The department's kiosks get the credential with
      their next feed poll.
  kiosk-collector ambassador list           Id, department, name, created, state (active or removed); never keys.
  kiosk-collector ambassador reset-pin --id ID
      A new PIN (from standard input, as for add): the old one stops working at once at the collector, and on each
      kiosk at its next poll.
  kiosk-collector ambassador remove --id ID The ambassador's actions are refused from now on; kiosks drop the
                                            credential with their next poll.
  kiosk-collector user add --name NAME
      Add a dashboard account (the central team's, at /dashboard/). The password (at least 12 characters) is read
      from standard input (on a terminal: twice, not shown), never from the command line; only its Argon2id hash
      is stored.
  kiosk-collector user list                 Name, created, state (active or removed); never hashes.
  kiosk-collector user reset-password --name NAME
      A new password (from standard input, as for add); every session of the account ends.
  kiosk-collector user remove --name NAME   The account can no longer sign in; its sessions end.
  kiosk-collector question list [--department DEPT|'(none)'] [--state STATE]
      One line per question: id, department ('(none)': asked without one, organisation-wide), day, state, votes,
      text (line breaks shown as spaces); never the kiosk or a time finer than the day.
      STATE: new, published, answered, answered_privately or dismissed.
  kiosk-collector question publish --id ID
  kiosk-collector question answer --id ID --text TEXT [--by NAME]
  kiosk-collector question dismiss --id ID
      The central team acts on a question itself: for organisation-wide questions (no ambassador may act on them)
      and departments without an ambassador. Kept like an ambassador's action (the latest action wins by time,
      also against a later ambassador's); TEXT: the public answer, up to 1000 characters; NAME (default "Central
      team"): signed under it. The department's kiosks (an organisation-wide question: every kiosk, while it is
      published or answered) get it with their next feed poll.
  kiosk-collector export --what ratings [--format csv|json] [--from DAY] [--to DAY] [--site SITE]
                  [--department DEPT] [--granularity weekly|daily] [--out FILE] [--bom]
      The dashboard's figures, aggregated under the anonymity rule (docs/DASHBOARD.md): per week (or day) and
      for the whole period, for everything selected, per department and per site, with the five faces, and each
      department's barrier; a figure resting on too few ratings is empty and says "too few responses". DAY:
      YYYY-MM-DD, widened to whole ISO weeks that have ended (default: the last 8; the current week is shown
      once it has ended); SITE, DEPT: '(none)' for kiosks
      without a site, ratings without a department.
  kiosk-collector export --what questions [--format csv|json] [--out FILE] [--bom]
      Questions: id, department, day, text, state, answer, answer_by, votes, days_to_first_answer (whole local
      days from the day asked to the day first answered); by day, within a day by id, never in the order asked;
      never the kiosk or the exact time.
  kiosk-collector export --what rating-events [--format csv] [--out FILE] [--bom]
      For technicians: one row per tap (suspect ones too) with its kiosk, time and reasons. Person-level data:
      never shown on the dashboard; handle it accordingly.
      CSV is UTF-8, RFC 4180; --bom helps Excel detect UTF-8.
  kiosk-collector copy-db --from PATH --to postgresql://...
      Copy a SQLite collector's kiosks (with their token hashes, departments and sites), events, published content
      (with revisions, withdrawn items too, and the content revision counter), ambassadors (with the
      departments' salts), questions, their actions and votes, and dashboard accounts (not their sessions)
      into PostgreSQL, in one transaction; the target derives its ratings read model as it goes. Kiosks keep
      their tokens and feed cursors; running it again adds nothing; a target that holds other data under the
      same kiosk, event, content or account ids is refused and left unchanged.
  kiosk-collector seed-demo [--weeks N] [--seed N]
      Fill an EMPTY database with a demo organisation, so the dashboard shows something: 3 sites, 7 departments,
      12 kiosks, N weeks (default 8, 2 to 26) and this week of ratings with reasons, questions with votes and
      answers, ambassadors, published content; prints the account "demo" and its password once. The same --seed
      (default 1) gives the same figures. A database that holds events is refused.
  kiosk-collector config-example            Print a documented config file with every default.

Options valid everywhere: --db PATH|URL, --config FILE (TOML; see config-example). --help, --version.
Exit codes: 0 ok, 1 the command failed (also: content, an ambassador or a question action refused, with the
reason), 2 bad command line, config file or item file.
The protocol is documented in sync/PROTOCOL.md.
)";

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Arguments {
    std::vector<std::string> words;                           // subcommand words
    std::map<std::string, std::vector<std::string>> options;  // --name -> values
    bool has(const std::string& name) const { return options.count(name) != 0; }
    std::string one(const std::string& name) const { return one_option<UsageError>(options, name); }
    std::string required(const std::string& name) const { return required_option<UsageError>(options, name); }
};

Arguments parse_arguments(int argc, char** argv) {
    static const std::vector<std::string> flags{"help", "version", "bom"};
    static const std::vector<std::string> valued{"db",     "listen", "config", "id",   "department",
                                                 "format", "what",   "out",    "from", "to",
                                                 "site",   "granularity"};
    const auto& content_flags = content_flag_options();
    const auto& content_valued = content_value_options();
    const auto& ambassador_valued = ambassador_value_options();
    const auto& question_valued = question_value_options();
    const auto& seed_demo_valued = seed_demo_value_options();
    const auto listed = [](const std::vector<std::string>& names, const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    Arguments arguments;
    for (int i = 1; i < argc; ++i) {
        std::string word = argv[i];
        if (word.rfind("--", 0) != 0) {
            arguments.words.push_back(word);
            continue;
        }
        std::string name = word.substr(2);
        std::optional<std::string> value;
        if (const auto equals = name.find('='); equals != std::string::npos) {
            value = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        if (listed(flags, name) || listed(content_flags, name)) {
            if (value) throw UsageError("--" + name + " takes no value");
            arguments.options[name].push_back("1");
        } else if (listed(valued, name) || listed(content_valued, name) || listed(ambassador_valued, name) ||
                   listed(question_valued, name) || listed(seed_demo_valued, name)) {
            if (!value) {
                if (i + 1 >= argc) throw UsageError("--" + name + " needs a value");
                value = argv[++i];
            }
            if (value->empty() && !content_option_may_be_empty(name))
                throw UsageError("--" + name + " needs a non-empty value");
            arguments.options[name].push_back(*value);
        } else {
            throw UsageError("unknown option " + word);
        }
    }
    return arguments;
}

void allow_only(const Arguments& arguments, std::initializer_list<const char*> allowed, const std::string& command) {
    for (const auto& [name, values] : arguments.options) {
        if (name == "db" || name == "config") continue;
        if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; }) == allowed.end())
            throw UsageError("option --" + name + " does not apply to '" + command + "'");
    }
}

CollectorConfig resolve_config(const Arguments& arguments) {
    CollectorConfig config;
    if (arguments.has("config")) config = load_config_file(arguments.one("config"), config);
    if (arguments.has("db")) config.db_path = arguments.one("db");
    if (arguments.has("listen")) parse_listen_address(arguments.one("listen"), config.listen_host, config.listen_port);
    if (config.db_path.empty()) config.db_path = default_database_path();
    return config;
}

// Signals are taken by a dedicated thread (sigtimedwait), so stopping the server never runs in a signal handler.
int serve(const CollectorConfig& config) {
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // before any thread starts, so all inherit it
    std::signal(SIGPIPE, SIG_IGN);

    CollectorServer server(config);
    const std::string scheme = config.tls_cert_file.empty() ? "http" : "https";
    std::printf("kiosk-collector %s listening on %s://%s:%d (database %s)\n", FLOOR_VERSION, scheme.c_str(),
                config.listen_host.c_str(), server.port(), server.database().c_str());
    std::fflush(stdout);

    std::atomic<bool> finished{false};
    std::atomic<int> received{0};
    std::thread signal_thread([&] {
        const timespec poll{0, 200'000'000};
        while (!finished) {
            const int signal = sigtimedwait(&stop_signals, nullptr, &poll);
            if (signal > 0) {
                received = signal;
                server.stop();
                return;
            }
        }
    });
    server.run();
    finished = true;
    signal_thread.join();
    if (received != 0) {
        std::fprintf(stderr, "kiosk-collector: stopped on %s\n", received == SIGINT ? "SIGINT" : "SIGTERM");
        return kExitOk;
    }
    std::fprintf(stderr, "kiosk-collector: the server stopped unexpectedly\n");
    return kExitFailure;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
    return text;
}

int kiosk_command(const Arguments& arguments, const CollectorConfig& config) {
    if (arguments.words.size() != 2)
        throw UsageError("use: kiosk add|set-departments|set-site|list|revoke|rotate (see --help)");
    const std::string& action = arguments.words[1];
    const auto storage = open_storage(config.db_path);
    const auto table = storage->open_kiosks();
    KioskRegistry registry(*table);
    if (action == "add") {
        allow_only(arguments, {"id", "department", "site"}, "kiosk add");
        const std::string id = arguments.required("id");
        if (!arguments.has("department")) throw UsageError("missing --department (repeat it for several)");
        const auto& departments = arguments.options.at("department");
        std::optional<std::string> site;
        if (arguments.has("site")) site = arguments.required("site");
        const std::string token = registry.add(id, departments, site);
        std::printf("kiosk '%s' registered for: %s\n", id.c_str(), join(departments, ", ").c_str());
        std::printf("token (shown only this once; put it in the kiosk's sync settings):\n%s\n", token.c_str());
    } else if (action == "set-departments") {
        allow_only(arguments, {"id", "department"}, "kiosk set-departments");
        const std::string id = arguments.required("id");
        if (!arguments.has("department")) throw UsageError("missing --department (repeat it for several)");
        const auto& departments = arguments.options.at("department");
        const std::size_t resent = registry.set_departments(id, departments);
        std::printf("kiosk '%s' may now send events for: %s\n", id.c_str(), join(departments, ", ").c_str());
        std::printf("content items it now gets or loses, sent again with its next feed poll: %zu\n", resent);
    } else if (action == "set-site") {
        allow_only(arguments, {"id", "site"}, "kiosk set-site");
        const std::string id = arguments.required("id");
        const std::string site = registry.set_site(id, arguments.required("site"));
        std::printf("kiosk '%s' now stands at: %s\n", id.c_str(), site.c_str());
    } else if (action == "rotate") {
        allow_only(arguments, {"id"}, "kiosk rotate");
        const std::string id = arguments.required("id");
        const std::string token = registry.rotate(id);
        std::printf("new token for kiosk '%s' (the old one no longer works; shown only this once):\n%s\n", id.c_str(),
                    token.c_str());
    } else if (action == "revoke") {
        allow_only(arguments, {"id"}, "kiosk revoke");
        const std::string id = arguments.required("id");
        registry.revoke(id);
        std::printf("kiosk '%s' revoked; its token is refused from now on\n", id.c_str());
    } else if (action == "list") {
        allow_only(arguments, {}, "kiosk list");
        const auto kiosks = registry.list();
        if (kiosks.empty()) std::printf("no kiosks registered (add one with: kiosk-collector kiosk add --id ID --department DEPT)\n");
        for (const auto& kiosk : kiosks) {
            std::printf("%s\tstatus=%s\tdepartments=%s\tsite=%s\tlast_seen=%s\tapp_version=%s\tbacklog=%s\n",
                        kiosk.id.c_str(), kiosk.revoked_at.empty() ? "active" : ("revoked@" + kiosk.revoked_at).c_str(),
                        join(kiosk.departments, ";").c_str(), kiosk.site.empty() ? "-" : kiosk.site.c_str(),
                        kiosk.last_seen.empty() ? "never" : kiosk.last_seen.c_str(),
                        kiosk.app_version.empty() ? "-" : kiosk.app_version.c_str(),
                        kiosk.backlog ? std::to_string(*kiosk.backlog).c_str() : "-");
        }
    } else {
        throw UsageError("unknown kiosk command '" + action + "' (add, set-departments, set-site, list, revoke, rotate)");
    }
    return kExitOk;
}

// The filters of `export --what ratings`; '(none)' names the empty site or department.
OverviewQuery export_query(const Arguments& arguments) {
    const auto filter = [&](const char* name) -> std::optional<std::string> {
        if (!arguments.has(name)) return std::nullopt;
        const std::string value = arguments.one(name);
        return value == "(none)" ? std::string() : value;
    };
    OverviewQuery query;
    for (const char* day : {"from", "to"}) {
        const std::string value = arguments.one(day);
        if (!value.empty()) {
            try {
                monday_of(value);
            } catch (const std::invalid_argument&) {
                throw UsageError("--" + std::string(day) + " '" + value + "' is not a day (YYYY-MM-DD)");
            }
        }
    }
    query.from_day = arguments.one("from");
    query.to_day = arguments.one("to");
    if (!query.from_day.empty() && !query.to_day.empty() && query.to_day < query.from_day)
        throw UsageError("--to is before --from");
    query.site = filter("site");
    query.department = filter("department");
    const std::string granularity = arguments.has("granularity") ? arguments.one("granularity") : "weekly";
    if (granularity != "weekly" && granularity != "daily") throw UsageError("--granularity must be weekly or daily");
    query.granularity = granularity == "daily" ? Granularity::daily : Granularity::weekly;
    return query;
}

int export_command(const Arguments& arguments, const CollectorConfig& config) {
    const std::string what = arguments.required("what");
    if (what != "ratings" && what != "questions" && what != "rating-events")
        throw UsageError("--what must be ratings, questions or rating-events");
    if (what == "ratings") {
        allow_only(arguments, {"format", "what", "out", "bom", "from", "to", "site", "department", "granularity"},
                   "export --what ratings");
    } else {
        allow_only(arguments, {"format", "what", "out", "bom"}, "export --what " + what);
    }
    if (arguments.words.size() != 1) throw UsageError("unexpected '" + arguments.words[1] + "' after export");
    const std::string format = arguments.has("format") ? arguments.one("format") : "csv";
    if (format != "csv" && format != "json") throw UsageError("unknown export format '" + format + "' (csv or json)");
    if (format == "json" && what == "rating-events") throw UsageError("rating-events are exported as csv only");
    if (format == "json" && arguments.has("bom")) throw UsageError("--bom applies to csv only");
    const OverviewQuery query = what == "ratings" ? export_query(arguments) : OverviewQuery{};

    const auto storage = open_storage(config.db_path);
    const CsvOptions options{arguments.has("bom")};
    const std::string out_path = arguments.one("out");
    std::ofstream file;
    if (!out_path.empty()) {
        file.open(out_path, std::ios::binary | std::ios::trunc);
        if (!file) throw std::runtime_error("cannot write '" + out_path + "': " + std::strerror(errno));
    }
    std::ostream& out = out_path.empty() ? std::cout : file;
    std::size_t rows = 0;
    std::string counted = what;
    if (what == "rating-events") {
        rows = export_ratings_csv(*storage->open_reader(), out, options);
    } else if (what == "questions") {
        rows = format == "json" ? export_questions_json(*storage->open_questions(), out)
                                : export_questions_csv(*storage->open_questions(), out, options);
    } else {
        const Overview overview =
            overview_from_storage(*storage, query, config.dashboard, local_day(std::chrono::system_clock::now()));
        rows = format == "json" ? write_ratings_json(overview, out) : write_ratings_csv(overview, out, options);
        counted = format == "json" ? "rating figures (series points)" : "rating figure rows";
    }
    if (!out) throw std::runtime_error("writing the export failed (disk full?)");
    std::fprintf(stderr, "exported %zu %s%s\n", rows, counted.c_str(), out_path.empty() ? "" : (" to " + out_path).c_str());
    return kExitOk;
}

int copy_db_command(const Arguments& arguments) {
    allow_only(arguments, {"from", "to"}, "copy-db");
    if (arguments.has("db")) throw UsageError("copy-db takes --from and --to, not --db");
    if (arguments.words.size() != 1) throw UsageError("unexpected '" + arguments.words[1] + "' after copy-db");
    const std::string from = arguments.required("from");
    const std::string to = arguments.required("to");
    const CopyReport report = copy_database(from, to, [](const std::string& progress) {
        std::fprintf(stderr, "kiosk-collector: %s\n", progress.c_str());
    });
    std::printf("copied into %s: %zu kiosks added, %zu already there; %zu events added, %zu already there; "
                "%zu content items added, %zu already there (content revision %lld); %zu ambassadors added, %zu already "
                "there; %zu questions added, %zu already there, with %zu actions and %zu votes added; %zu dashboard "
                "accounts added, %zu already there\n",
                report.target.c_str(), report.kiosks_added, report.kiosks_identical, report.events_added,
                report.events_identical, report.content_added, report.content_identical,
                static_cast<long long>(report.content_head), report.ambassadors_added, report.ambassadors_identical,
                report.questions_added, report.questions_identical, report.question_actions_added,
                report.question_votes_added, report.users_added, report.users_identical);
    return kExitOk;
}

int run(int argc, char** argv) {
    const Arguments arguments = parse_arguments(argc, argv);
    if (arguments.has("help")) {
        std::fputs(kUsage, stdout);
        return kExitOk;
    }
    if (arguments.has("version")) {
        std::printf("kiosk-collector %s (protocol v1)\n", FLOOR_VERSION);
        return kExitOk;
    }
    const std::string command = arguments.words.empty() ? "serve" : arguments.words.front();
    if (command == "config-example") {
        std::fputs(example_config(), stdout);
        return kExitOk;
    }
    if (command == "copy-db") return copy_db_command(arguments);
    const CollectorConfig config = resolve_config(arguments);
    if (command == "serve") {
        allow_only(arguments, {"listen"}, "serve");
        if (arguments.words.size() > 1) throw UsageError("unexpected '" + arguments.words[1] + "' after serve");
        return serve(config);
    }
    if (arguments.has("listen")) throw UsageError("option --listen only applies to serve");
    if (command == "kiosk") return kiosk_command(arguments, config);
    if (command == "export") return export_command(arguments, config);
    if (command == "content")
        return run_content_command(arguments.words, arguments.options, config.db_path, {"db", "config"}, stdout);
    if (command == "ambassador")
        return run_ambassador_command(arguments.words, arguments.options, config.db_path, {"db", "config"}, stdin,
                                      stdout);
    if (command == "user")
        return run_user_command(arguments.words, arguments.options, config.db_path, {"db", "config"}, stdin, stdout);
    if (command == "seed-demo")
        return run_seed_demo_command(arguments.words, arguments.options, config, {"db", "config"}, stdout);
    if (command == "question")
        return run_question_command(arguments.words, arguments.options, config.db_path, {"db", "config"}, stdout);
    throw UsageError("unknown command '" + command + "'");
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const UsageError& error) {
        std::fprintf(stderr, "kiosk-collector: %s\nTry 'kiosk-collector --help'.\n", error.what());
        return kExitUsage;
    } catch (const ContentUsageError& error) {
        std::fprintf(stderr, "kiosk-collector: %s\nTry 'kiosk-collector --help'.\n", error.what());
        return kExitUsage;
    } catch (const AmbassadorUsageError& error) {
        std::fprintf(stderr, "kiosk-collector: %s\nTry 'kiosk-collector --help'.\n", error.what());
        return kExitUsage;
    } catch (const UserUsageError& error) {
        std::fprintf(stderr, "kiosk-collector: %s\nTry 'kiosk-collector --help'.\n", error.what());
        return kExitUsage;
    } catch (const SeedDemoUsageError& error) {
        std::fprintf(stderr, "kiosk-collector: %s\nTry 'kiosk-collector --help'.\n", error.what());
        return kExitUsage;
    } catch (const AmbassadorError& error) {
        std::fprintf(stderr, "kiosk-collector: %s\n", error.what());
        return kExitFailure;
    } catch (const QuestionUsageError& error) {
        std::fprintf(stderr, "kiosk-collector: %s\nTry 'kiosk-collector --help'.\n", error.what());
        return kExitUsage;
    } catch (const CentralQuestionError& error) {
        std::fprintf(stderr, "kiosk-collector: %s\n", error.what());
        return kExitFailure;
    } catch (const ConfigError& error) {
        std::fprintf(stderr, "kiosk-collector: config error: %s\n", error.what());
        return kExitUsage;
    } catch (const RegistryError& error) {
        std::fprintf(stderr, "kiosk-collector: %s\n", error.what());
        return kExitFailure;
    } catch (const ServerError& error) {
        std::fprintf(stderr, "kiosk-collector: cannot start: %s\n", error.what());
        return kExitFailure;
    } catch (const StorageError& error) {
        std::fprintf(stderr, "kiosk-collector: database error: %s\n", error.what());
        return kExitFailure;
    } catch (const CopyError& error) {
        std::fprintf(stderr, "kiosk-collector: copy-db refused: %s\n", error.what());
        return kExitFailure;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "kiosk-collector: %s\n", error.what());
        return kExitFailure;
    }
}

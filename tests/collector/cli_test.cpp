// The real kiosk-collector binary as a child process: serving, registry commands, CSV export, config errors.
#include "collector_test_support.hpp"

#include "collector/config.hpp"
#include "collector/export.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>

using namespace collector_test;

namespace {

const std::string kBinary = std::string(FLOOR_BINARY_DIR) + "/collector/kiosk-collector";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A child process with stdout/stderr captured in files; killed by the destructor if still running.
class Child {
public:
    Child(const TempDir& dir, const std::vector<std::string>& args)
        : out_(dir.file("out-" + std::to_string(++counter_))), err_(dir.file("err-" + std::to_string(counter_))) {
        std::vector<char*> argv{const_cast<char*>(kBinary.c_str())};
        for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const int out = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            dup2(out, 1);
            dup2(err, 2);
            execv(kBinary.c_str(), argv.data());
            _exit(127);
        }
    }
    ~Child() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    // Exit code, or -1 if it did not exit within the limit (it is killed then).
    int wait(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
        int status = 0;
        const bool exited = eventually([&] { return waitpid(pid_, &status, WNOHANG) == pid_; }, limit);
        if (!exited) return -1;
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    void signal(int number) { kill(pid_, number); }
    std::string out() const { return read_file(out_); }
    std::string err() const { return read_file(err_); }

private:
    static inline int counter_ = 0;
    std::string out_, err_;
    pid_t pid_ = -1;
};

struct Ran {
    int code;
    std::string out, err;
};

Ran run(const TempDir& dir, const std::vector<std::string>& args) {
    Child child(dir, args);
    const int code = child.wait();
    return Ran{code, child.out(), child.err()};
}

std::string last_line(const std::string& text) {
    std::string trimmed = text;
    while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
    return trimmed.substr(trimmed.rfind('\n') + 1);
}

// Starts `kiosk-collector --db DB --listen 127.0.0.1:0 ...` and reads the port it printed.
int start_server(Child& child) {
    int port = 0;
    const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)");
    eventually([&] {
        std::smatch match;
        const std::string out = child.out();
        if (std::regex_search(out, match, listening)) port = std::stoi(match[1]);
        return port != 0;
    }, std::chrono::seconds(10));
    return port;
}

}  // namespace

TEST_CASE("kiosk-collector: help, version and usage errors") {
    TempDir dir;
    const Ran help = run(dir, {"--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("kiosk add --id ID --department DEPT") != std::string::npos);
    const Ran version = run(dir, {"--version"});
    CHECK(version.code == 0);
    CHECK(version.out.find(FLOOR_VERSION) != std::string::npos);
    const Ran unknown = run(dir, {"--frobnicate"});
    CHECK(unknown.code == 2);
    CHECK(unknown.err.find("unknown option --frobnicate") != std::string::npos);
    const Ran no_department = run(dir, {"--db", dir.file("c.db"), "kiosk", "add", "--id", "k1"});
    CHECK(no_department.code == 2);
    CHECK(no_department.err.find("--department") != std::string::npos);
    const Ran bad_listen = run(dir, {"--db", dir.file("c.db"), "--listen", "localhost"});
    CHECK(bad_listen.code == 2);
    CHECK(bad_listen.err.find("HOST:PORT") != std::string::npos);
}

TEST_CASE("kiosk-collector: the registry commands and a running server agree") {
    TempDir dir;
    // SQLite: the parent directory is created.
    const std::string db = testing_postgres() ? fresh_database(dir) : dir.file("data/collector.db");
    const Ran added = run(dir, {"--db", db, "kiosk", "add", "--id", "hall-1", "--department", "Sales", "--department=IT"});
    REQUIRE(added.code == 0);
    const std::string token = last_line(added.out);
    CHECK(token.size() == 43);
    // Only a hash is stored.
    if (testing_postgres()) {
        CHECK(count_rows(db, "SELECT count(*) FROM kiosks WHERE token_hash = '" + token + "'") == 0);
        CHECK(count_rows(db, "SELECT count(*) FROM kiosks WHERE length(token_hash) = 64") == 1);
    } else {
        CHECK(read_file(db).find(token) == std::string::npos);
    }
    CHECK(run(dir, {"--db", db, "kiosk", "add", "--id", "hall-1", "--department", "IT"}).code == 1);
    CHECK(run(dir, {"--db", db, "kiosk", "add", "--id", "bad id!", "--department", "IT"}).code == 1);

    Child server(dir, {"--db", db, "--listen", "127.0.0.1:0"});
    const int port = start_server(server);
    REQUIRE(port > 0);
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(std::chrono::seconds(10));
    CHECK(client.Get("/healthz")->status == 200);

    const json rating = rating_json("hall-1", "IT", 2);
    CHECK(statuses(post_events(client, token, upload_body({rating}, "9.9.9", 17))) == "stored");
    const Ran listed = run(dir, {"--db", db, "kiosk", "list"});
    CHECK(listed.code == 0);
    CHECK(listed.out.find("hall-1\tstatus=active\tdepartments=IT;Sales") != std::string::npos);
    CHECK(listed.out.find("app_version=9.9.9\tbacklog=17") != std::string::npos);

    // Revocation by another process takes effect on the running server at once.
    CHECK(run(dir, {"--db", db, "kiosk", "revoke", "--id", "hall-1"}).code == 0);
    CHECK(post_events(client, token, upload_body({rating_json("hall-1", "IT")}))->status == 401);
    CHECK(run(dir, {"--db", db, "kiosk", "revoke", "--id", "hall-1"}).code == 1);
    CHECK(run(dir, {"--db", db, "kiosk", "list"}).out.find("status=revoked@") != std::string::npos);

    server.signal(SIGTERM);
    CHECK(server.wait(std::chrono::seconds(10)) == 0);
    CHECK(server.err().find("stopped on SIGTERM") != std::string::npos);
    CHECK(count_rows(db, "SELECT count(*) FROM events") == 1);
}

TEST_CASE("kiosk-collector export: rating events with their reasons, questions, quoted for a spreadsheet") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const std::string token = add_kiosk(db, "hall-1", {"Sales"});
    json rating = rating_json("hall-1", "Sales", 2, false);
    rating["created_at"] = "2026-11-01T09:00:00.000Z";
    json suspect = rating_json("hall-1", "", 5, true);
    suspect["created_at"] = "2026-11-01T09:00:01.000Z";
    json first_reasons = reasons_json("hall-1", "Sales", rating["id"], {"need_help"});
    first_reasons["created_at"] = "2026-11-01T09:00:05.000Z";
    json final_reasons = reasons_json("hall-1", "Sales", rating["id"], {"need_training", "dont_see_why"});
    final_reasons["created_at"] = "2026-11-01T09:00:09.000Z";
    json question = question_json("hall-1", "Sales", "Waarom, \"echt\"?\nTweede regel é");
    question["created_at"] = "2026-11-01T10:00:00.000Z";
    json formula = question_json("hall-1", "", "=HYPERLINK(\"http://x\")");
    formula["created_at"] = "2026-11-01T11:00:00.000Z";
    {
        RunningCollector collector(db);
        auto client = collector.client();
        REQUIRE(statuses(post_events(*client, token,
                                     upload_body({rating, suspect, first_reasons, final_reasons, question, formula}))) ==
                "stored,stored,stored,stored,stored,stored");
    }

    const Ran ratings =
        run(dir, {"--db", db, "export", "--format", "csv", "--what", "rating-events", "--out", dir.file("r.csv")});
    REQUIRE(ratings.code == 0);
    CHECK(ratings.err.find("exported 2 rating-events") != std::string::npos);
    const std::string received_at = ",20";  // every row ends with the received_at timestamp
    const std::string csv = read_file(dir.file("r.csv"));
    const std::string header = "rating_id,created_at,kiosk_id,department,language,score,suspect,reasons,reasons_at,received_at\r\n";
    REQUIRE(csv.rfind(header, 0) == 0);
    const std::string row1 = rating["id"].get<std::string>() +
                             ",2026-11-01T09:00:00.000Z,hall-1,Sales,nl,2,false,need_training;dont_see_why,"
                             "2026-11-01T09:00:09.000Z" + received_at;
    const std::string row2 = suspect["id"].get<std::string>() + ",2026-11-01T09:00:01.000Z,hall-1,,nl,5,true,,"  + received_at;
    CHECK(csv.find(row1) == header.size());
    CHECK(csv.find(row2) != std::string::npos);

    const Ran questions = run(dir, {"--db", db, "export", "--what", "questions"});
    REQUIRE(questions.code == 0);
    CHECK(questions.out.find(",\"Waarom, \"\"echt\"\"?\nTweede regel é\",") != std::string::npos);
    CHECK(questions.out.find(",\"'=HYPERLINK(\"\"http://x\"\")\",") != std::string::npos);
    CHECK(run(dir, {"--db", db, "export", "--what", "votes"}).code == 2);
    CHECK(run(dir, {"--db", db, "export", "--format", "xlsx", "--what", "ratings"}).code == 2);
    CHECK(run(dir, {"--db", db, "export", "--format", "json", "--what", "rating-events"}).code == 2);
    CHECK(run(dir, {"--db", db, "export", "--what", "rating-events", "--from", "2026-11-01"}).code == 2);

    const Ran bom = run(dir, {"--db", db, "export", "--what", "rating-events", "--bom"});
    CHECK(bom.out.rfind("\xEF\xBB\xBFrating_id,", 0) == 0);

    const Ran questions_json = run(dir, {"--db", db, "export", "--what", "questions", "--format", "json"});
    REQUIRE(questions_json.code == 0);
    const json listed = json::parse(questions_json.out);
    REQUIRE(listed["questions"].size() == 2);
    // Within a day by public id, never in the order asked.
    const auto& first = listed["questions"][0];
    const auto& second = listed["questions"][1];
    CHECK(first["day"] <= second["day"]);
    if (first["day"] == second["day"]) CHECK(first["question_id"] < second["question_id"]);
    const auto& waarom = first["text"] == "Waarom, \"echt\"?\nTweede regel é" ? first : second;
    CHECK(waarom["text"] == "Waarom, \"echt\"?\nTweede regel é");
    CHECK(waarom["day"] == "2026-11-01");
    CHECK(waarom["days_to_first_answer"].is_null());
    CHECK_FALSE(waarom.contains("seconds_to_first_answer"));
    CHECK_FALSE(waarom.contains("kiosk_id"));
}

TEST_CASE("kiosk-collector export --what ratings: the figures under the anonymity rule, never a row per tap") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const std::string token = add_kiosk(db, "hall-1", {"Sales", "IT"});
    std::vector<json> events;
    // Week 2026-W45: 6 ratings of Sales (shown), 2 of IT (too few); a suspect tap is never counted.
    for (int i = 0; i < 8; ++i) {
        json rating = rating_json("hall-1", i < 6 ? "Sales" : "IT", i < 4 ? 4 : i < 6 ? 3 : 1, false);
        rating["created_at"] = "2026-11-03T10:00:0" + std::to_string(i) + ".000Z";
        events.push_back(rating);
    }
    json suspect = rating_json("hall-1", "Sales", 1, true);
    suspect["created_at"] = "2026-11-03T10:00:09.000Z";
    events.push_back(suspect);
    {
        RunningCollector collector(db);
        auto client = collector.client();
        REQUIRE(post_events(*client, token, upload_body(events))->status == 200);
    }
    const std::vector<std::pair<std::string, std::string>> utc{{"TZ", "UTC"}};
    const CommandRun csv = run_collector_command(
        dir, {"--db", db, "export", "--what", "ratings", "--from", "2026-11-04", "--to", "2026-11-04"}, utc);
    REQUIRE(csv.code == 0);
    CHECK(csv.out.rfind("kind,name,period,first_day,last_day,shown,responses,mean,face_1,face_2,face_3,face_4,face_5,"
                        "note\r\n", 0) == 0);
    // IT (2) is hidden, so Sales (the next smallest) is too, and the total (8) with them as the only breakdown shows.
    // Its faces [2,0,2,4,0]: 2 and 2 are too few, and the 4 is hidden with them (two hidden faces would follow from
    // the count and the mean).
    CHECK(csv.out.find("total,,2026-W45,2026-11-02,2026-11-08,true,8,3.00,too few responses,0,too few responses,"
                       "too few responses,0,\r\n") != std::string::npos);
    CHECK(csv.out.find("department,IT,2026-W45,2026-11-02,2026-11-08,false,,,,,,,,too few responses\r\n") !=
          std::string::npos);
    CHECK(csv.out.find("department,Sales,2026-W45,2026-11-02,2026-11-08,false,,,,,,,,too few responses\r\n") !=
          std::string::npos);
    CHECK(csv.out.find("hall-1") == std::string::npos);

    const CommandRun filtered = run_collector_command(
        dir, {"--db", db, "export", "--what", "ratings", "--format", "json", "--from", "2026-11-02", "--to",
              "2026-11-08", "--department", "Sales", "--granularity", "daily"}, utc);
    REQUIRE(filtered.code == 0);
    const json figures = json::parse(filtered.out);
    CHECK(figures["department"] == "Sales");
    CHECK(figures["granularity"] == "daily");
    REQUIRE(figures["total"]["points"].size() == 1);  // the week is merged: its days would be hidden
    CHECK(figures["total"]["points"][0]["merged"] == true);
    CHECK(figures["total"]["points"][0]["shown"] == false);
    CHECK(figures["total"]["points"][0]["note"] == "too few responses");

    CHECK(run_collector_command(dir, {"--db", db, "export", "--what", "ratings", "--from", "2026-13-01"}).code == 2);
    CHECK(run_collector_command(dir, {"--db", db, "export", "--what", "ratings", "--granularity", "hourly"}).code == 2);
    CHECK(run_collector_command(dir, {"--db", db, "export", "--what", "ratings", "--format", "json", "--bom"}).code ==
          2);
}

TEST_CASE("kiosk-collector config file: settings apply, mistakes name file, line and key") {
    TempDir dir;
    const std::string config = dir.file("collector.toml");
    const auto write = [&](const std::string& text) { std::ofstream(config) << text; };

    write("listen = \"127.0.0.1:0\"\ndb = \"" + dir.file("from-config.db") + "\"\n[limits]\nmax_in_flight = 4\n");
    {
        Child server(dir, {"--config", config});
        REQUIRE(start_server(server) > 0);
        CHECK(server.out().find("from-config.db") != std::string::npos);
        server.signal(SIGINT);
        CHECK(server.wait(std::chrono::seconds(10)) == 0);
    }

    write("listen = \"127.0.0.1:8080\"\n\n[limits]\nmax_events = 5\n");
    Ran ran = run(dir, {"--config", config, "kiosk", "list"});
    CHECK(ran.code == 2);
    CHECK(ran.err.find(config + ":4: key 'limits.max_events': unknown key") != std::string::npos);

    write("[limits]\nmax_in_flight = \"many\"\n");
    ran = run(dir, {"--config", config, "kiosk", "list"});
    CHECK(ran.code == 2);
    CHECK(ran.err.find(config + ":2: key 'limits.max_in_flight': expected an integer") != std::string::npos);

    // The per-read timeout of the thread-per-connection server is gone; its key says what replaced it.
    write("[limits]\nread_timeout_seconds = 15\n");
    ran = run(dir, {"--config", config, "kiosk", "list"});
    CHECK(ran.code == 2);
    CHECK(ran.err.find(config + ":2: key 'limits.read_timeout_seconds': no longer used") != std::string::npos);
    CHECK(ran.err.find("header_timeout_seconds") != std::string::npos);

    // Every new key of [limits] is read.
    write("[limits]\nlisten_backlog = 128\nmax_connections = 50\nmax_connections_per_address = 5\n"
          "header_timeout_seconds = 2\nbody_timeout_seconds = 3\nwrite_timeout_seconds = 4\nio_threads = 1\n"
          "max_header_bytes = 4096\nmax_header_count = 20\nmax_pending_requests = 10\n");
    CHECK(run(dir, {"--config", config, "--db", dir.file("limits.db"), "kiosk", "list"}).code == 0);
    write("[limits]\nlisten_backlog = 1\n");
    ran = run(dir, {"--config", config, "kiosk", "list"});
    CHECK(ran.err.find("key 'limits.listen_backlog': 1 is outside 16..65535") != std::string::npos);

    write("listen = 8080\n");
    ran = run(dir, {"--config", config});
    CHECK(ran.err.find(config + ":1: key 'listen': expected a string") != std::string::npos);

    write("[tls]\ncert = \"/nonexistent/cert.pem\"\n");
    ran = run(dir, {"--config", config});
    CHECK(ran.code == 2);
    CHECK(ran.err.find("needs both 'cert' and 'key'") != std::string::npos);

    write("[tls]\ncert = \"/nonexistent/cert.pem\"\nkey = \"/nonexistent/key.pem\"\nlisten = 1\n");
    ran = run(dir, {"--config", config, "--listen", "127.0.0.1:0"});
    CHECK(ran.code == 2);  // 'listen' inside [tls] is an unknown key
    CHECK(ran.err.find(":4: key 'tls.listen': unknown key") != std::string::npos);

    write("[tls]\ncert = \"/nonexistent/cert.pem\"\nkey = \"/nonexistent/key.pem\"\n");
    ran = run(dir, {"--config", config, "--db", dir.file("c.db"), "--listen", "127.0.0.1:0"});
    CHECK(ran.code == 1);
    CHECK(ran.err.find("TLS file '/nonexistent/cert.pem'") != std::string::npos);

    write("listen = \"127.0.0.1:8080\n");
    ran = run(dir, {"--config", config});
    CHECK(ran.code == 2);
    CHECK(ran.err.find(config + ":1:") != std::string::npos);

    ran = run(dir, {"--config", dir.file("missing.toml")});
    CHECK(ran.code == 2);
    CHECK(ran.err.find("missing.toml") != std::string::npos);

    const Ran example = run(dir, {"config-example"});
    write(example.out);
    CHECK_NOTHROW(floorsync::collector::load_config_file(config, {}));
}

TEST_CASE("csv_field quotes per RFC 4180 and defuses formulas") {
    using floorsync::collector::csv_field;
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("=1+1", true) == "'=1+1");
    CHECK(csv_field("-5", false) == "-5");
    CHECK(csv_field("@SUM(A1)", true) == "'@SUM(A1)");
    CHECK(csv_field("+1", true) == "'+1");
    // A leading tab or carriage return that a spreadsheet may skip before a formula.
    CHECK(csv_field("\t=1+1", true) == "'\t=1+1");
    CHECK(csv_field("\r=1+1", true) == "\"'\r=1+1\"");
    CHECK(csv_field("\tplain", false) == "\tplain");
    CHECK(csv_field("a\t=b", true) == "a\t=b");  // only a leading one
}

namespace {

// Everything the collector keeps of its events, in id order, as one digest: equal digests, equal content.
std::string events_digest(const std::string& db) {
    const auto storage = floorsync::collector::open_storage(db);
    std::vector<std::string> rows;
    storage->open_reader()->for_each("", [&](const floorsync::collector::StoredEvent& stored) {
        const auto& e = stored.event;
        rows.push_back(e.id + '|' + stored.content_hash + '|' + e.type + '|' + e.created_at + '|' + e.kiosk_id + '|' +
                       e.department + '|' + e.language + '|' + e.payload + '|' + stored.received_at);
    });
    std::sort(rows.begin(), rows.end());
    std::string all;
    for (const auto& row : rows) all += row + '\n';
    return std::to_string(rows.size()) + ":" + std::to_string(std::hash<std::string>{}(all));
}

}  // namespace

TEST_CASE("copy-db moves a SQLite collector to the backend under test: tokens keep working, a rerun adds nothing") {
    TempDir dir;
    const std::string source = dir.file("old-collector.db");
    const std::string hall = add_kiosk(source, "hall-1", {"Sales", "IT"});
    const std::string dock = add_kiosk(source, "dock-2", {"Warehouse"});
    std::vector<json> hall_events{rating_json("hall-1", "IT", 2), question_json("hall-1", "Sales", "Wanneer is de training?")};
    hall_events.push_back(reasons_json("hall-1", "IT", hall_events[0]["id"], {"need_training"}));
    {
        RunningCollector old(source);
        auto client = old.client();
        CHECK(statuses(post_events(*client, hall, upload_body(hall_events))) == "stored,stored,stored");
        CHECK(statuses(post_events(*client, dock, upload_body({rating_json("dock-2", "Warehouse", 5)}))) == "stored");
    }
    {
        TestRegistry registry(source);
        registry->revoke("dock-2");  // revoked kiosks move as revoked
    }

    const std::string target = fresh_database(dir, "new-collector.db");
    const Ran copied = run(dir, {"copy-db", "--from", source, "--to", target});
    CHECK_MESSAGE(copied.code == 0, copied.err);
    // The question's row took revision 1 of the one counter (sync/PROTOCOL.md 5.4), which moves along.
    CHECK(copied.out.find("2 kiosks added, 0 already there; 4 events added, 0 already there; "
                          "0 content items added, 0 already there (content revision 1)") != std::string::npos);
    CHECK(events_digest(target) == events_digest(source));
    CHECK(count_rows(target, "SELECT count(*) FROM bi_ratings WHERE reasons = 'need_training'") == 1);

    // The kiosks carry on against the new database with the tokens they have.
    {
        RunningCollector moved(target);
        auto client = moved.client();
        CHECK(statuses(post_events(*client, hall, upload_body(hall_events))) == "duplicate,duplicate,duplicate");
        CHECK(statuses(post_events(*client, hall, upload_body({rating_json("hall-1", "Sales", 4)}))) == "stored");
        CHECK(post_events(*client, dock, upload_body({rating_json("dock-2", "Warehouse")}))->status == 401);
    }
    TestRegistry moved_registry(target);
    const auto kiosks = moved_registry->list();
    REQUIRE(kiosks.size() == 2);
    CHECK(kiosks[0].id == "dock-2");
    CHECK_FALSE(kiosks[0].revoked_at.empty());
    CHECK(kiosks[1].departments == std::vector<std::string>{"IT", "Sales"});

    // A second run adds nothing and changes nothing.
    const Ran again = run(dir, {"copy-db", "--from", source, "--to", target});
    CHECK_MESSAGE(again.code == 0, again.err);
    CHECK(again.out.find("0 kiosks added, 2 already there; 0 events added, 4 already there; "
                         "0 content items added, 0 already there (content revision 1)") != std::string::npos);
    CHECK(count_rows(target, "SELECT count(*) FROM events") == 5);

    // A target that holds other data under the same ids is refused whole.
    const std::string other = fresh_database(dir, "other.db");
    add_kiosk(other, "hall-1", {"Sales", "IT"});  // same id, another token
    const Ran refused = run(dir, {"copy-db", "--from", source, "--to", other});
    CHECK(refused.code == 1);
    CHECK(refused.err.find("kiosk 'hall-1' exists with another token") != std::string::npos);
    CHECK(refused.err.find("nothing was copied") != std::string::npos);
    CHECK(count_rows(other, "SELECT count(*) FROM events") == 0);
    CHECK(count_rows(other, "SELECT count(*) FROM kiosks") == 1);

    CHECK(run(dir, {"copy-db", "--from", dir.file("missing.db"), "--to", target}).code == 1);
    CHECK(run(dir, {"copy-db", "--from", source}).code == 2);
    CHECK(run(dir, {"copy-db", "--from", source, "--to", source}).code == 1);
}

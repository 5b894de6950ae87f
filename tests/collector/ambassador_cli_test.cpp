// `kiosk-collector ambassador ...` and `export --what questions` as the real binary, on the backend under test: the
// PIN only through standard input and never in the database or any output, one PIN per person, clear errors.
#include "ambassador_test_support.hpp"

#include "collector/storage/storage.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace collector_test;

namespace {

constexpr const char* kPin = "48213967";
constexpr const char* kOtherPin = "7305521140";

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Cli {
    TempDir dir;
    std::string db = fresh_database(dir);
    std::string outputs;  // everything the commands printed

    CommandRun run(const std::vector<std::string>& args, const std::string& input = "") {
        std::vector<std::string> all{"--db", db};
        all.insert(all.end(), args.begin(), args.end());
        CommandRun ran = run_collector_command_with_input(dir, all, input);
        outputs += ran.out + ran.err;
        return ran;
    }
    std::string add(const std::string& name, const std::string& department, const std::string& pin) {
        const CommandRun ran = run({"ambassador", "add", "--name", name, "--department", department}, pin + "\n");
        REQUIRE_MESSAGE(ran.code == 0, ran.err);
        std::string id = ran.out;
        while (!id.empty() && id.back() == '\n') id.pop_back();
        return id;
    }
};

// Every byte the collector keeps: the SQLite files, or every ambassador and salt column on PostgreSQL.
bool database_holds(const Cli& cli, const std::string& text) {
    if (!testing_postgres()) {
        std::string bytes;
        for (const char* suffix : {"", "-wal", "-shm"}) bytes += read_all(cli.db + suffix);
        return bytes.find(text) != std::string::npos;
    }
    const std::string like = "'%" + text + "%'";
    return count_rows(cli.db, "SELECT count(*) FROM ambassadors WHERE (id || name || department || check_value || "
                              "mac_key || created_at || coalesce(removed_at, '')) LIKE " + like) +
               count_rows(cli.db, "SELECT count(*) FROM department_salts WHERE (department || salt) LIKE " + like) >
           0;
}

}  // namespace

TEST_CASE("ambassador add, list, reset-pin and remove: the PIN comes from stdin and is stored nowhere") {
    Cli cli;
    const std::string anna = cli.add("Anna de Vries", "Assembly", kPin);
    CHECK(floorsync::is_uuid(anna));

    const CommandRun listed = cli.run({"ambassador", "list"});
    REQUIRE(listed.code == 0);
    CHECK(listed.out.find(anna + "\tdepartment=Assembly\tname=Anna de Vries\tcreated=") == 0);
    CHECK(listed.out.find("state=active") != std::string::npos);

    const auto storage = floorsync::collector::open_storage(cli.db);
    const auto table = storage->open_ambassadors();
    const auto before = table->find(anna);
    REQUIRE(before);
    CHECK(listed.out.find(before->mac_key) == std::string::npos);
    CHECK(listed.out.find(before->check) == std::string::npos);
    // What a kiosk derives from the PIN matches what was stored.
    const auto key = floorsync::ambassador::derive_pin_key(kPin, before->salt, before->params);
    CHECK(floorsync::ambassador::check_value(key, anna) == before->check);
    CHECK(floorsync::ambassador::mac_key_hex(floorsync::ambassador::mac_key(key, anna)) == before->mac_key);

    const CommandRun reset = cli.run({"ambassador", "reset-pin", "--id", anna}, std::string(kOtherPin) + "\n");
    REQUIRE_MESSAGE(reset.code == 0, reset.err);
    const auto after = table->find(anna);
    REQUIRE(after);
    CHECK(after->revision > before->revision);
    CHECK(after->check != before->check);
    CHECK(after->salt == before->salt);  // the department keeps its salt

    const CommandRun removed = cli.run({"ambassador", "remove", "--id", anna});
    REQUIRE(removed.code == 0);
    CHECK(table->find(anna)->revision > after->revision);
    CHECK(cli.run({"ambassador", "list"}).out.find("state=removed ") != std::string::npos);
    CHECK(cli.run({"ambassador", "remove", "--id", anna}).code == 1);
    CHECK(cli.run({"ambassador", "reset-pin", "--id", anna}, "123456\n").code == 1);

    CHECK_FALSE(database_holds(cli, kPin));
    CHECK_FALSE(database_holds(cli, kOtherPin));
    CHECK(cli.outputs.find(kPin) == std::string::npos);
    CHECK(cli.outputs.find(kOtherPin) == std::string::npos);
}

TEST_CASE("no two active ambassadors anywhere share a PIN, not even of two departments; removed ones may") {
    Cli cli;
    const std::string anna = cli.add("Anna", "Assembly", kPin);
    const CommandRun twin = cli.run({"ambassador", "add", "--name", "Ahmed", "--department", "Assembly"},
                                    std::string(kPin) + "\n");
    CHECK(twin.code == 1);
    CHECK(twin.err.find("another active ambassador of 'Assembly' has this PIN") != std::string::npos);
    // A kiosk serving Assembly and Bakery holds both credentials: a shared PIN could open the wrong session.
    const CommandRun other_department = cli.run({"ambassador", "add", "--name", "Bert", "--department", "Bakery"},
                                                std::string(kPin) + "\n");
    CHECK(other_department.code == 1);
    CHECK(other_department.err.find("another active ambassador of 'Assembly' has this PIN") != std::string::npos);
    const std::string bert = cli.add("Bert", "Bakery", kOtherPin);
    const CommandRun reset_to_taken = cli.run({"ambassador", "reset-pin", "--id", bert}, std::string(kPin) + "\n");
    CHECK(reset_to_taken.code == 1);
    CHECK(reset_to_taken.err.find("another active ambassador of 'Assembly' has this PIN") != std::string::npos);
    CHECK(cli.run({"ambassador", "reset-pin", "--id", bert}, std::string(kOtherPin) + "\n").code == 0);  // own PIN
    const std::string ahmed = cli.add("Ahmed", "Assembly", "559021");
    CHECK(cli.run({"ambassador", "reset-pin", "--id", ahmed}, std::string(kPin) + "\n").code == 1);
    CHECK(cli.run({"ambassador", "reset-pin", "--id", ahmed}, std::string(kOtherPin) + "\n").code == 1);
    REQUIRE(cli.run({"ambassador", "remove", "--id", anna}).code == 0);
    CHECK(cli.run({"ambassador", "reset-pin", "--id", ahmed}, std::string(kPin) + "\n").code == 0);
    REQUIRE(cli.run({"ambassador", "remove", "--id", ahmed}).code == 0);
    cli.add("Birgit", "Bakery", kPin);  // the PIN is free again once its holder is removed
    CHECK(cli.outputs.find(kPin) == std::string::npos);
    CHECK(cli.outputs.find(kOtherPin) == std::string::npos);
}

TEST_CASE("ambassador commands: bad PINs, names, ids and options are refused clearly") {
    Cli cli;
    const auto add = [&](const std::string& name, const std::string& pin) {
        return cli.run({"ambassador", "add", "--name", name, "--department", "Assembly"}, pin);
    };
    CommandRun short_pin = add("Anna", "12345\n");
    CHECK(short_pin.code == 1);
    CHECK(short_pin.err.find("the PIN must be 6 to 12 digits") != std::string::npos);
    CHECK(add("Anna", "12345a\n").code == 1);
    CHECK(add("Anna", "1234567890123\n").code == 1);
    const CommandRun no_pin = add("Anna", "");
    CHECK(no_pin.code == 1);
    CHECK(no_pin.err.find("no PIN on standard input") != std::string::npos);
    CHECK(add("Anna\u202e", "482913\n").code == 1);
    CHECK(add(std::string(81, 'x'), "482913\n").code == 1);
    CHECK(add("Anna", "482913\r\n").code == 0);  // a CRLF line end is not part of the PIN

    CHECK(cli.run({"ambassador", "add", "--department", "Assembly"}, "482913\n").code == 2);
    CHECK(cli.run({"ambassador", "add", "--name", "X"}, "482913\n").code == 2);
    CHECK(cli.run({"ambassador", "add", "--name", "X", "--department", "A", "--pin", "482913"}).code == 2);
    CHECK(cli.run({"ambassador", "list", "--id", "x"}).code == 2);
    CHECK(cli.run({"ambassador", "rename"}).code == 2);
    CHECK(cli.run({"ambassador"}).code == 2);
    const CommandRun unknown = cli.run({"ambassador", "remove", "--id", "5f0c6a0e-3c1b-4a7e-9b2d-0f1e2d3c4b5a"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("no ambassador with id") != std::string::npos);
    CHECK(cli.run({"ambassador", "list"}).out.find("name=Anna") != std::string::npos);

    const CommandRun help = cli.run({"--help"});
    CHECK(help.out.find("ambassador add --name NAME --department DEPT") != std::string::npos);
    CHECK(help.out.find("ambassador reset-pin --id ID") != std::string::npos);
}

TEST_CASE("export --what questions: state, answer, votes and time to first answer, never the kiosk or the time") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const std::string token = add_kiosk(db, "hall-1", {"Sales"});
    const TestAmbassador sam = add_ambassador(db, "Sam", "Sales", "318820");
    json answered = question_json("hall-1", "Sales", "Waarom, \"echt\"?");
    answered["created_at"] = "2026-11-01T10:00:00.000Z";
    json open = question_json("hall-1", "", "=HYPERLINK(\"http://x\")");
    open["created_at"] = "2026-11-01T11:00:00.000Z";
    const json answer = moderation_json("hall-1", sam, public_id_of(answered), "answer", "Omdat het moet.",
                                        "2026-11-01T10:02:05.000Z");
    {
        RunningCollector collector(db);
        auto client = collector.client();
        REQUIRE(statuses(post_events(*client, token,
                                     upload_body({answered, open, answer, vote_json("hall-1", "Sales", public_id_of(answered))}))) ==
                "stored,stored,stored,stored");
    }
    const CommandRun ran = run_collector_command(dir, {"--db", db, "export", "--what", "questions"}, {{"TZ", "UTC"}});
    REQUIRE_MESSAGE(ran.code == 0, ran.err);
    CHECK(ran.err.find("exported 2 questions") != std::string::npos);
    const std::string header =
        "question_id,department,day,text,state,answer,answer_by,votes,days_to_first_answer\r\n";
    REQUIRE(ran.out.rfind(header, 0) == 0);
    // The day is the collector's local day; the migration and ingest ran in this process, in its time zone.
    const std::string day = stored_question(db, public_id_of(answered))->view.day;
    // Answered two minutes later, the same day: 0 whole days, never the minutes.
    const std::size_t answered_row = ran.out.find(public_id_of(answered) + ",Sales," + day +
                                                  ",\"Waarom, \"\"echt\"\"?\",answered,Omdat het moet.,Sam,1,0\r\n");
    CHECK(answered_row != std::string::npos);
    // Within a day by public id, not in the order asked.
    const std::size_t open_row = ran.out.find(public_id_of(open) + ",");
    CHECK((open_row < answered_row) == (public_id_of(open) < public_id_of(answered)));
    CHECK(ran.out.find(public_id_of(open) + ",," + stored_question(db, public_id_of(open))->view.day +
                       ",\"'=HYPERLINK(\"\"http://x\"\")\",new,,,0,\r\n") != std::string::npos);
    CHECK(ran.out.find("hall-1") == std::string::npos);
    CHECK(ran.out.find("T10:") == std::string::npos);
    CHECK(ran.out.find(answered["id"].get<std::string>()) == std::string::npos);
}

TEST_CASE("copy-db moves ambassadors, questions, actions and votes with their revisions") {
    TempDir dir;
    const std::string source = dir.file("old-collector.db");
    const std::string token = add_kiosk(source, "hall-1", {"Sales"});
    const TestAmbassador sam = add_ambassador(source, "Sam", "Sales", "318820");
    const TestAmbassador gone = add_ambassador(source, "Gone", "Sales", "912204");
    remove_ambassador(source, gone.record.id);
    const json question = question_json("hall-1", "Sales", "Wanneer gaan we live?");
    {
        RunningCollector collector(source);
        auto client = collector.client();
        REQUIRE(statuses(post_events(*client, token,
                                     upload_body({question, moderation_json("hall-1", sam, public_id_of(question), "answer",
                                                                            "In mei."),
                                                  vote_json("hall-1", "", public_id_of(question))}))) ==
                "stored,stored,stored");
    }
    const std::string target = fresh_database(dir, "new-collector.db");
    const CommandRun copied = run_collector_command(dir, {"copy-db", "--from", source, "--to", target});
    REQUIRE_MESSAGE(copied.code == 0, copied.err);
    CHECK(copied.out.find("2 ambassadors added, 0 already there; 1 questions added, 0 already there, with 1 actions "
                          "and 1 votes added") != std::string::npos);

    const auto from = floorsync::collector::open_storage(source);
    const auto to = floorsync::collector::open_storage(target);
    CHECK(to->open_ambassadors()->list() == from->open_ambassadors()->list());
    CHECK(to->open_questions()->list() == from->open_questions()->list());
    CHECK(to->open_questions()->actions() == from->open_questions()->actions());
    CHECK(to->open_questions()->votes() == from->open_questions()->votes());
    CHECK(to->open_content()->head_revision() == from->open_content()->head_revision());

    const CommandRun again = run_collector_command(dir, {"copy-db", "--from", source, "--to", target});
    REQUIRE_MESSAGE(again.code == 0, again.err);
    CHECK(again.out.find("0 ambassadors added, 2 already there; 0 questions added, 1 already there") != std::string::npos);
}

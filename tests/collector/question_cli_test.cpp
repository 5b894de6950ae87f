// `kiosk-collector question ...` as the real binary, on the backend under test: the listing (never a kiosk or a time
// finer than the day), publish, answer and dismiss, and clear errors with the exit codes of the other commands.
#include "ambassador_test_support.hpp"

#include "sync/shared/question_view.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace collector_test;
using floorsync::questions::State;

namespace {

struct Cli {
    TempDir dir;
    std::string db = fresh_database(dir);
    std::string token = add_kiosk(db, "hall-east", {"Canteen"});

    CommandRun run(const std::vector<std::string>& args) {
        std::vector<std::string> all{"--db", db};
        all.insert(all.end(), args.begin(), args.end());
        return run_collector_command(dir, all);
    }
    // Questions stored through the real ingest path (a collector on loopback, stopped before the commands run).
    std::vector<json> ask(const std::vector<json>& questions) {
        RunningCollector collector(db);
        const auto client = collector.client();
        std::string expected;
        for (std::size_t i = 0; i < questions.size(); ++i) expected += i == 0 ? "stored" : ",stored";
        REQUIRE(statuses(post_events(*client, token, upload_body(questions))) == expected);
        return questions;
    }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return lines;
}

}  // namespace

TEST_CASE("question list, publish, answer and dismiss through the real binary") {
    Cli cli;
    const auto asked = cli.ask({question_json("hall-east", "", "Komt er een\nkerstborrel?"),
                                question_json("hall-east", "Canteen", "Komt er weer soep op vrijdag?")});
    const std::string everyone = public_id_of(asked[0]);
    const std::string canteen = public_id_of(asked[1]);
    const auto stored = stored_question(cli.db, everyone);
    REQUIRE(stored);
    const std::string day = stored->view.day;

    const CommandRun listed = cli.run({"question", "list"});
    REQUIRE_MESSAGE(listed.code == 0, listed.err);
    auto lines = lines_of(listed.out);
    REQUIRE(lines.size() == 2);
    std::sort(lines.begin(), lines.end());  // both were asked in one upload: the same time, so either order
    std::vector<std::string> expected{
        everyone + "\tdepartment=(none)\tday=" + day + "\tstate=new\tvotes=0\ttext=Komt er een kerstborrel?",
        canteen + "\tdepartment=Canteen\tday=" + day + "\tstate=new\tvotes=0\ttext=Komt er weer soep op vrijdag?"};
    std::sort(expected.begin(), expected.end());
    CHECK(lines == expected);
    // Never the kiosk, the event ids or the exact time.
    CHECK(listed.out.find("hall-east") == std::string::npos);
    for (const json& question : asked) {
        CHECK(listed.out.find(question["id"].get<std::string>()) == std::string::npos);
        CHECK(listed.out.find(question["created_at"].get<std::string>().substr(10)) == std::string::npos);
    }

    const CommandRun published = cli.run({"question", "publish", "--id", everyone});
    REQUIRE_MESSAGE(published.code == 0, published.err);
    CHECK(published.out.find("now published; every kiosk gets it") != std::string::npos);
    CHECK(stored_question(cli.db, everyone)->view.state == State::published);

    const CommandRun answered =
        cli.run({"question", "answer", "--id", canteen, "--text", "Vanaf volgende week weer."});
    REQUIRE_MESSAGE(answered.code == 0, answered.err);
    CHECK(answered.out.find("now answered; the kiosks of 'Canteen' get it") != std::string::npos);
    auto answer = stored_question(cli.db, canteen);
    REQUIRE(answer);
    CHECK(answer->view.answer == "Vanaf volgende week weer.");
    CHECK(answer->view.answer_by == "Central team");

    REQUIRE(cli.run({"question", "answer", "--id", canteen, "--text", "Vanaf maandag.", "--by", "Facilitair"}).code == 0);
    answer = stored_question(cli.db, canteen);
    CHECK(answer->view.answer == "Vanaf maandag.");
    CHECK(answer->view.answer_by == "Facilitair");

    const CommandRun dismissed = cli.run({"question", "dismiss", "--id", everyone});
    REQUIRE_MESSAGE(dismissed.code == 0, dismissed.err);
    CHECK(dismissed.out.find("now dismissed; it shows on no kiosk") != std::string::npos);

    // Filters: organisation-wide by "(none)", a department, a state.
    const CommandRun none = cli.run({"question", "list", "--department", "(none)"});
    REQUIRE(lines_of(none.out).size() == 1);
    CHECK(none.out.find(everyone + "\tdepartment=(none)\tday=" + day + "\tstate=dismissed") == 0);
    const CommandRun of_canteen = cli.run({"question", "list", "--department", "Canteen", "--state", "answered"});
    REQUIRE(lines_of(of_canteen.out).size() == 1);
    CHECK(of_canteen.out.find(canteen + "\tdepartment=Canteen") == 0);
    const CommandRun none_new = cli.run({"question", "list", "--state", "new"});
    CHECK(none_new.code == 0);
    CHECK(none_new.out.empty());
    CHECK(none_new.err.find("no questions match") != std::string::npos);
}

TEST_CASE("question commands: unknown ids and bad texts are refused (1), bad command lines are usage errors (2)") {
    Cli cli;
    const std::string id = public_id_of(cli.ask({question_json("hall-east", "", "Waarom is de parkeerplaats dicht?")})[0]);

    const CommandRun unknown = cli.run({"question", "publish", "--id", std::string(32, 'a')});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("no question with id '" + std::string(32, 'a') + "'") != std::string::npos);
    CHECK(cli.run({"question", "dismiss", "--id", "nonsense"}).code == 1);

    const CommandRun blank = cli.run({"question", "answer", "--id", id, "--text", "   "});
    CHECK(blank.code == 1);
    CHECK(blank.err.find("--text is empty") != std::string::npos);
    const CommandRun bidi = cli.run({"question", "answer", "--id", id, "--text", "dicht \u202Ewegens werk"});
    CHECK(bidi.code == 1);
    CHECK(bidi.err.find("U+202E") != std::string::npos);
    CHECK(cli.run({"question", "answer", "--id", id, "--text", std::string(1001, 'x')}).code == 1);

    const CommandRun no_text = cli.run({"question", "answer", "--id", id});
    CHECK(no_text.code == 2);
    CHECK(no_text.err.find("missing --text") != std::string::npos);
    const CommandRun no_id = cli.run({"question", "publish"});
    CHECK(no_id.code == 2);
    CHECK(no_id.err.find("missing --id") != std::string::npos);
    const CommandRun bad_state = cli.run({"question", "list", "--state", "open"});
    CHECK(bad_state.code == 2);
    CHECK(bad_state.err.find("unknown --state 'open'") != std::string::npos);
    CHECK(cli.run({"question", "publish", "--id", id, "--text", "x"}).code == 2);
    CHECK(cli.run({"question", "reopen", "--id", id}).code == 2);
    CHECK(cli.run({"question"}).code == 2);

    // Nothing of it was written.
    const auto stored = stored_question(cli.db, id);
    REQUIRE(stored);
    CHECK(stored->view.state == State::open);
    CHECK(count_rows(cli.db, "SELECT count(*) FROM question_actions") == 0);

    const CommandRun help = cli.run({"--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("question answer --id ID --text TEXT [--by NAME]") != std::string::npos);
    CHECK(help.out.find("question list [--department DEPT|'(none)'] [--state STATE]") != std::string::npos);
}

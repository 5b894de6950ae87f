// `kiosk-collector content ...` as the real binary: add (options and --file), list, show, edit, withdraw, refusals.
#include "collector_test_support.hpp"

#include "sync/shared/clock.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

using namespace collector_test;

namespace {

const std::vector<std::pair<std::string, std::string>> kAmsterdam{{"TZ", "Europe/Amsterdam"}};

struct Cli {
    TempDir dir;
    std::string db = fresh_database(dir);

    CommandRun run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db});
        return run_collector_command(dir, args, kAmsterdam);
    }
    // Runs a command that must succeed and returns its only output line (the new id for add).
    std::string ok(const std::vector<std::string>& args) {
        const CommandRun result = run(args);
        INFO(result.err);
        REQUIRE(result.code == 0);
        std::string line = result.out;
        REQUIRE(!line.empty());
        CHECK(line.back() == '\n');
        line.pop_back();
        CHECK(line.find('\n') == std::string::npos);
        return line;
    }
    json show(const std::string& id) {
        const CommandRun result = run({"content", "show", id});
        INFO(result.err);
        REQUIRE(result.code == 0);
        return json::parse(result.out);
    }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(dir.file(name), std::ios::binary) << text;
        return dir.file(name);
    }
};

constexpr const char* kWhyFile = R"toml(# The why of the change, in Dutch and English, for everyone.
kind = "why"
audience = "all"
default_language = "nl"
shown_from = "2026-05-01"

[translations.nl]
title = "Waarom we overstappen"
body = """
Het oude systeem wordt na 2026 niet meer onderhouden.
Met het nieuwe systeem zien we de voorraad meteen.
"""
detail = """
Minder dubbel invoeren op de vloer.
"""

[translations.en]
title = "Why we are switching"
body = """
The old system is no longer maintained after 2026.
With the new one we see stock at once.
"""
detail = "Less double entry on the floor."
)toml";

}  // namespace

TEST_CASE("content add, list, show, edit and withdraw through the real binary") {
    Cli cli;
    add_kiosk(cli.db, "hall-a", {"Assembly"});

    // For department Assembly, from options: the output is the id alone, for scripts.
    const std::string scanners = cli.ok({"content", "add", "--kind", "announcement", "--audience", "Assembly", "--lang",
                                         "nl", "--title", "Nieuwe scanners", "--body", "Vanaf maandag op elke lijn."});
    CHECK(floorsync::is_uuid(scanners));
    // For everyone, in Dutch and English, from a file.
    const std::string why = cli.ok({"content", "add", "--file", cli.write("why.toml", kWhyFile)});
    // A file with options that override and add to it.
    const std::string training_file = cli.write("training.toml", R"toml(kind = "training"
audience = ["Assembly", "Bakery"]
at = 2026-06-02T09:00:00
until = "2026-06-02 12:00"
place = "Zaal 1"
seats = 10
[translations.nl]
title = "SAP basis"
)toml");
    const std::string training = cli.ok({"content", "add", "--file", training_file, "--seats", "20", "--place",
                                         "Zaal 3", "--lang", "en", "--title", "SAP basics"});

    const json shown_why = cli.show(why);
    CHECK(shown_why["kind"] == "why");
    CHECK_FALSE(shown_why.contains("audience"));  // everyone
    CHECK(shown_why["default_language"] == "nl");
    CHECK(shown_why["shown_from"] == "2026-04-30T22:00:00.000Z");  // local midnight in Amsterdam (+02:00)
    CHECK(shown_why["translations"]["nl"]["body"] ==
          "Het oude systeem wordt na 2026 niet meer onderhouden.\nMet het nieuwe systeem zien we de voorraad meteen.");
    CHECK(shown_why["translations"]["nl"]["detail"] == "Minder dubbel invoeren op de vloer.");
    CHECK(shown_why["translations"]["en"]["title"] == "Why we are switching");
    const json shown_training = cli.show(training);
    CHECK(shown_training["seats"] == 20);
    CHECK(shown_training["place"] == "Zaal 3");
    CHECK(shown_training["at"] == "2026-06-02T07:00:00.000Z");
    CHECK(shown_training["until"] == "2026-06-02T10:00:00.000Z");
    CHECK(shown_training["audience"] == json::array({"Assembly", "Bakery"}));
    CHECK(shown_training["translations"]["en"]["title"] == "SAP basics");
    CHECK(shown_training["translations"]["nl"]["title"] == "SAP basis");
    CHECK(shown_training["default_language"] == "en");  // the --lang of an add, as the file names none
    CHECK(shown_training["interest"] == 0);
    CHECK(cli.show(scanners)["state"] == "published");

    const CommandRun list = cli.run({"content", "list"});
    REQUIRE(list.code == 0);
    CHECK(list.out.find("ID") == 0);
    for (const char* expected : {"Nieuwe scanners", "Waarom we overstappen", "SAP basics", "announcement", "why",
                                 "training", "Assembly,Bakery", "en,nl", "from 2026-05-01 00:00", "interest 0 / 20 seats"}) {
        CAPTURE(expected);
        CHECK(list.out.find(expected) != std::string::npos);
    }
    CHECK(list.out.find(scanners + "  announcement  published  Assembly ") != std::string::npos);
    // The kiosk registry knows Assembly, not Bakery: that may be a typo.
    CHECK(cli.run({"content", "add", "--file", training_file}).err.find("no active kiosk serves department 'Bakery'") !=
          std::string::npos);

    // Edit: only what is given changes.
    CHECK(cli.ok({"content", "edit", scanners, "--lang", "en", "--title", "New scanners"}).find("edited " + scanners) == 0);
    json edited = cli.show(scanners);
    CHECK(edited["translations"]["en"]["title"] == "New scanners");
    CHECK(edited["translations"]["nl"]["title"] == "Nieuwe scanners");
    CHECK(edited["translations"]["nl"]["body"] == "Vanaf maandag op elke lijn.");
    CHECK(edited["default_language"] == "nl");
    cli.ok({"content", "edit", scanners, "--title", "Nieuwe handscanners", "--starts", "2026-06-01 08:00"});
    edited = cli.show(scanners);
    CHECK(edited["translations"]["nl"]["title"] == "Nieuwe handscanners");  // no --lang: the default language
    CHECK(edited["shown_from"] == "2026-06-01T06:00:00.000Z");
    cli.ok({"content", "edit", scanners, "--starts", "now", "--audience", "all"});
    edited = cli.show(scanners);
    CHECK_FALSE(edited.contains("shown_from"));
    CHECK_FALSE(edited.contains("audience"));

    // Withdraw.
    CHECK(cli.ok({"content", "withdraw", scanners}).find("withdrawn " + scanners) == 0);
    CHECK(cli.run({"content", "list"}).out.find(scanners) == std::string::npos);
    const CommandRun all = cli.run({"content", "list", "--all"});
    CHECK(all.out.find(scanners + "  announcement  withdrawn") != std::string::npos);
    CHECK(cli.show(scanners)["state"] == "withdrawn");
    CHECK(cli.show(scanners).contains("withdrawn_at"));
    const CommandRun again = cli.run({"content", "edit", scanners, "--title", "Toch"});
    CHECK(again.code == 1);
    CHECK(again.err.find("was withdrawn at") != std::string::npos);
    CHECK(cli.run({"content", "withdraw", scanners}).code == 1);
}

TEST_CASE("refused content names the field and the option, exits 1 and stores nothing; bad command lines exit 2") {
    Cli cli;
    const std::vector<std::string> base{"content", "add", "--kind", "announcement", "--audience", "all", "--lang", "nl"};
    const auto add = [&](std::vector<std::string> more) {
        std::vector<std::string> args = base;
        args.insert(args.end(), more.begin(), more.end());
        return cli.run(args);
    };

    const CommandRun bidi = add({"--title", "Nieuw \u202E systeem"});
    CHECK(bidi.code == 1);
    CHECK(bidi.out.empty());
    CHECK(bidi.err.find("translations.nl.title (--title)") != std::string::npos);
    CHECK(bidi.err.find("U+202E") != std::string::npos);
    const CommandRun long_title = add({"--title", std::string(201, 'x')});
    CHECK(long_title.code == 1);
    CHECK(long_title.err.find("translations.nl.title") != std::string::npos);
    const CommandRun detail = add({"--title", "Nieuws", "--detail", "Niet voor nieuws"});
    CHECK(detail.code == 1);
    CHECK(detail.err.find("translations.nl.detail (--detail)") != std::string::npos);
    const CommandRun training = cli.run({"content", "add", "--kind", "training", "--audience", "all", "--lang", "en",
                                         "--title", "SAP", "--at", "2026-06-01 09:00", "--until", "2026-06-01 08:00",
                                         "--place", "Zaal 3"});
    CHECK(training.code == 1);
    CHECK(training.err.find("until (--until): must be after at") != std::string::npos);

    const CommandRun kind = cli.run({"content", "add", "--kind", "bogus", "--audience", "all", "--lang", "nl", "--title", "x"});
    CHECK(kind.code == 2);
    CHECK(kind.err.find("--kind") != std::string::npos);
    CHECK(kind.err.find("'bogus'") != std::string::npos);
    const CommandRun time = add({"--title", "x", "--starts", "next monday"});
    CHECK(time.code == 2);
    CHECK(time.err.find("--starts") != std::string::npos);
    CHECK(time.err.find("'next monday'") != std::string::npos);
    const CommandRun skipped = add({"--title", "x", "--starts", "2026-03-29 02:30"});  // not a time in Amsterdam
    CHECK(skipped.code == 2);
    CHECK(skipped.err.find("does not exist") != std::string::npos);
    const CommandRun audience = cli.run({"content", "add", "--kind", "announcement", "--lang", "nl", "--title", "x"});
    CHECK(audience.code == 2);
    CHECK(audience.err.find("--audience") != std::string::npos);
    const CommandRun for_you = add({"--title", "x", "--for-you", "y"});
    CHECK(for_you.code == 2);
    CHECK(for_you.err.find("--for-you") != std::string::npos);
    CHECK(add({"--title", "x", "--seats", "many"}).code == 2);
    CHECK(add({"--title", "x", "--colour", "red"}).err.find("unknown option --colour") != std::string::npos);
    CHECK(cli.run({"content", "list", "--kind", "why"}).code == 2);
    CHECK(cli.run({"content", "frobnicate"}).code == 2);
    CHECK(cli.run({"content", "show"}).code == 2);

    const std::string unknown_key = cli.write("item.toml", "kind = \"announcement\"\naudience = \"all\"\ncolour = \"red\"\n"
                                                           "[translations.nl]\ntitle = \"x\"\n");
    const CommandRun file = cli.run({"content", "add", "--file", unknown_key});
    CHECK(file.code == 2);
    CHECK(file.err.find("item.toml:3: key 'colour': unknown key") != std::string::npos);
    const std::string bad_type = cli.write("seats.toml", "kind = \"training\"\nseats = \"ten\"\n");
    CHECK(cli.run({"content", "add", "--file", bad_type}).err.find("seats.toml:2: key 'seats': expected an integer") !=
          std::string::npos);
    const std::string bad_text = cli.write("text.toml", "kind = \"announcement\"\naudience = \"all\"\n"
                                                        "[translations.en]\ntitle = \"x\"\nsubtitle = \"y\"\n");
    CHECK(cli.run({"content", "add", "--file", bad_text}).err.find("key 'translations.en.subtitle'") != std::string::npos);
    CHECK(cli.run({"content", "add", "--file", cli.dir.file("missing.toml")}).code == 2);

    CHECK(cli.run({"content", "list"}).out.find("no content published") == 0);

    const CommandRun unknown = cli.run({"content", "show", "01900000-0000-7000-8000-000000000000"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("no content item") != std::string::npos);
    const std::string go_live = cli.ok({"content", "add", "--kind", "milestone", "--audience", "all", "--lang", "en",
                                        "--title", "Go-live", "--at", "2026-09-01", "--go-live"});
    const CommandRun second = cli.run({"content", "add", "--kind", "milestone", "--audience", "all", "--lang", "en",
                                       "--title", "Another go-live", "--at", "2026-10-01", "--go-live"});
    CHECK(second.code == 1);
    CHECK(second.err.find("go_live (--go-live)") != std::string::npos);
    CHECK(second.err.find(go_live) != std::string::npos);
    CHECK(cli.run({"content", "edit", go_live}).code == 2);  // nothing to change
    const CommandRun kind_change = cli.run({"content", "edit", go_live, "--kind", "training"});
    CHECK(kind_change.code == 1);
    CHECK(kind_change.err.find("kind (--kind): cannot change") != std::string::npos);

    const CommandRun list = cli.run({"content", "list", "--all"});
    CHECK(std::count(list.out.begin(), list.out.end(), '\n') == 2);  // the header and the go-live: nothing else
}

TEST_CASE("content list counts \"I'll be there\" taps against the seats") {
    Cli cli;
    const std::string token = add_kiosk(cli.db, "hall-a", {"Assembly"});
    const std::string session =
        cli.ok({"content", "add", "--kind", "training", "--audience", "Assembly", "--lang", "nl", "--title", "SAP basis",
                "--at", "2026-06-02 09:00", "--until", "2026-06-02 12:00", "--place", "Zaal 3", "--seats", "20"});
    {
        RunningCollector collector(cli.db);
        auto client = collector.client();
        std::vector<json> taps;
        for (int i = 0; i < 7; ++i) {
            json event = rating_json("hall-a", "Assembly");
            event["type"] = "training_interest";
            event["payload"] = json{{"session", session}};
            taps.push_back(event);
        }
        CHECK(statuses(post_events(*client, token, upload_body(taps))) ==
              "stored,stored,stored,stored,stored,stored,stored");
    }
    const CommandRun list = cli.run({"content", "list"});
    CHECK(list.out.find("interest 7 / 20 seats") != std::string::npos);
    CHECK(cli.show(session)["interest"] == 7);
}

TEST_CASE("--help describes the content commands") {
    TempDir dir;
    const CommandRun help = run_collector_command(dir, {"--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("content add --kind KIND --audience all|DEPT[,DEPT...] --lang LANG --title TEXT") !=
          std::string::npos);
    CHECK(help.out.find("content withdraw ID") != std::string::npos);
}

// The dashboard's read pages through a real collector on loopback, signed in, on the backend under test: the
// overview's figures and "too few responses", its chart data, the kiosks, the questions (escaped, answered through
// the form) and the exports; and the pages' shared helpers.
#include "dashboard_page_client.hpp"

#include "ambassador_test_support.hpp"
#include "collector/dashboard/assets.hpp"
#include "collector/dashboard/kiosks_page.hpp"
#include "collector/dashboard/page_helpers.hpp"
#include "collector/storage/storage.hpp"
#include "sync/shared/clock.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <regex>

using namespace collector_test;
namespace dash = floorsync::collector::dashboard;
using floorsync::questions::State;

namespace {

// Assembly 7 ratings (all 4), Canteen 6 (3 of 2, 3 of 3), Bakery 2 at one kiosk a week ago (figures show ended weeks
// only), and one suspect tap in Assembly: Bakery is below the threshold of 5 and Canteen, the next smallest, is
// hidden with it; Assembly stays. The total's faces 2, 3 and 5 are too few and hidden together.
void rate_departments(DashboardPages& pages) {
    std::vector<json> events;
    for (int i = 0; i < 7; ++i) events.push_back(rating_json("north-1", "Assembly", 4));
    for (int i = 0; i < 6; ++i) events.push_back(rating_json("north-1", "Canteen", i < 3 ? 2 : 3));
    for (int i = 0; i < 2; ++i) events.push_back(rating_json("north-1", "Bakery", 5));
    events.push_back(rating_json("north-1", "Assembly", 1, true));
    const std::string week_ago =
        floorsync::format_rfc3339_utc(std::chrono::system_clock::now() - std::chrono::hours(24 * 7));
    for (auto& event : events) event["created_at"] = week_ago;
    pages.upload("north-1", events);
}

}  // namespace

TEST_CASE("script_safe_json leaves no character that could end the script element, and parses back the same") {
    const json value = {{"label", "</script><script>alert(1)</script><!-- & -->"}, {"values", {1, nullptr, 3.5}}};
    const std::string text = dash::script_safe_json(value);
    CHECK(text.find('<') == std::string::npos);
    CHECK(text.find('>') == std::string::npos);
    CHECK(text.find('&') == std::string::npos);
    CHECK(text.find("\\u003c/script\\u003e") != std::string::npos);
    CHECK(json::parse(text) == value);
    // Invalid UTF-8 is replaced rather than failing the page.
    CHECK_NOTHROW(dash::script_safe_json(json(std::string("bad \xff byte"))));
}

TEST_CASE("page helpers: days, notices and the overview's filters as a query string") {
    CHECK(dash::add_days("2026-03-01", -1) == "2026-02-28");
    CHECK(dash::add_days("2024-12-31", 1) == "2025-01-01");
    CHECK(dash::days_between("2026-11-16", "2026-11-22") == 6);
    CHECK(dash::days_between("not a day", "2026-11-22") == 0);
    CHECK(dash::form_message("--text is empty", {{"--text", "The answer"}}) == "The answer is empty");

    dash::FormFields fields = dash::FormFields::parse("from=2026-11-02&to=2026-11-29&site=~none&department=Bakery&granularity=daily");
    const auto query = dash::overview_query_from(fields);
    CHECK(query.site == std::optional<std::string>(""));
    CHECK(query.department == std::optional<std::string>("Bakery"));
    CHECK(query.granularity == floorsync::collector::Granularity::daily);
    CHECK(dash::overview_query_string(query) ==
          "from=2026-11-02&to=2026-11-29&site=~none&department=Bakery&granularity=daily");
}

TEST_CASE("the overview shows the figures, hides small groups as too few responses, and leaves out suspect taps") {
    DashboardPages pages(KioskList{{"north-1", {"Assembly", "Bakery", "Canteen"}}});
    REQUIRE(pages.storage().open_kiosks()->set_site("north-1", "North"));
    rate_departments(pages);

    const RawReply reply = pages.get("/dashboard/");
    REQUIRE(reply.status == 200);
    const std::string& html = reply.body;
    CHECK(html.find("Confidence over time per department") != std::string::npos);
    // Assembly: 7 ratings of 4 (the suspect 1 is not among them).
    CHECK(html.find("4.0 (7)") != std::string::npos);
    CHECK(html.find("too few responses") != std::string::npos);
    CHECK(html.find("fewer than 5 ratings") != std::string::npos);
    CHECK(html.find("(2)") == std::string::npos);  // Bakery's count appears nowhere
    CHECK(html.find("<option value=\"North\">North</option>") != std::string::npos);
    CHECK(html.find("<script src=\"/dashboard/static/chart.min.js\"></script>") != std::string::npos);
    CHECK(html.find("/dashboard/export/ratings.csv?from=") != std::string::npos);

    // The chart data: Assembly's line has its mean in the last ended week, hidden departments are gaps (null) only.
    const std::string block = json_block(html, "confidence-departments-data");
    REQUIRE_FALSE(block.empty());
    const json chart = json::parse(block);
    CHECK(chart["type"] == "line");
    bool assembly_seen = false;
    for (const auto& dataset : chart["datasets"]) {
        const json& data = dataset["data"];
        if (dataset["label"] == "Assembly") {
            assembly_seen = true;
            CHECK(data.back() == 4.0);
        } else {
            for (const auto& value : data) CHECK(value.is_null());
        }
    }
    CHECK(assembly_seen);
    CHECK_FALSE(json_block(html, "faces-data").empty());
    CHECK_FALSE(json_block(html, "response-counts-data").empty());
    CHECK_FALSE(json_block(html, "confidence-sites-data").empty());

    // A filter narrows the choice, not the rule: Bakery alone is still too few.
    const RawReply bakery = pages.get("/dashboard/?department=Bakery&granularity=daily");
    REQUIRE(bakery.status == 200);
    CHECK(bakery.body.find("too few responses") != std::string::npos);
    CHECK(bakery.body.find("<option value=\"Bakery\" selected>Bakery</option>") != std::string::npos);
}

TEST_CASE("the kiosks page shows each kiosk's site, state, version, backlog and suspect taps") {
    DashboardPages pages(KioskList{{"north-1", {"Assembly", "Bakery", "Canteen"}}, {"south-1", {"Bakery"}}},
                         [](floorsync::collector::CollectorConfig& config) {
                             config.dashboard.kiosk_silent_minutes = 100000;
                         });
    REQUIRE(pages.storage().open_kiosks()->set_site("north-1", "North"));
    rate_departments(pages);
    const RawReply reply = pages.get("/dashboard/kiosks");
    REQUIRE(reply.status == 200);
    const std::string& html = reply.body;
    CHECK(html.find("<th scope=\"row\">north-1</th>") != std::string::npos);
    CHECK(html.find("<td>North</td>") != std::string::npos);
    CHECK(html.find("test-1.0") != std::string::npos);
    CHECK(html.find("<td>Assembly, Bakery, Canteen</td>") != std::string::npos);
    CHECK(html.find("<td class=\"number\">1 <span class=\"muted\">(last ") != std::string::npos);  // the suspect tap
    CHECK(html.find("<td>never</td>") != std::string::npos);                                       // south-1
    CHECK(html.find("silent-mark") == std::string::npos);
}

TEST_CASE("a kiosk not seen for kiosk_silent_minutes is marked silent") {
    DashboardPages pages(KioskList{{"south-1", {"Bakery"}}},
                         [](floorsync::collector::CollectorConfig& config) { config.dashboard.kiosk_silent_minutes = 0; });
    const RawReply reply = pages.get("/dashboard/kiosks");
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("<strong class=\"silent-mark\">silent</strong>") != std::string::npos);
}

TEST_CASE("the questions page escapes question texts, shows the day only, and answers through the form") {
    DashboardPages pages(KioskList{{"north-1", {"Assembly"}}});
    const json question = question_json("north-1", "Assembly", "Why <script>alert(1)</script> & when?");
    const json other = question_json("north-1", "", "Who decides?");
    pages.upload("north-1", {question, other});
    const std::string id = public_id_of(question);

    RawReply reply = pages.get("/dashboard/questions");
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("Why &lt;script&gt;alert(1)&lt;/script&gt; &amp; when?") != std::string::npos);
    CHECK(reply.body.find("<script>alert(1)") == std::string::npos);
    CHECK(reply.body.find("north-1") == std::string::npos);  // never the kiosk
    CHECK(reply.body.find("(organisation-wide)") != std::string::npos);
    CHECK(reply.body.find("<option value=\"Dana Central\">Dana Central (your name)</option>") != std::string::npos);

    // A text the rules refuse comes back with the message, at its question, nothing stored.
    reply = pages.post("/dashboard/questions/answer", {{"id", id}, {"text", ""}, {"by", "Central team"}});
    CHECK(reply.status == 400);
    CHECK(reply.body.find("<p class=\"error\" role=\"alert\">The answer") != std::string::npos);
    CHECK(pages.storage().open_questions()->find(id)->view.state == State::open);

    reply = pages.post("/dashboard/questions/answer",
                       {{"id", id}, {"text", "From May, <b>ask</b> Anna."}, {"by", "Dana Central"},
                        {"filter_department", "Assembly"}});
    REQUIRE(reply.status == 303);
    CHECK(reply.headers["location"].rfind("/dashboard/questions?notice=answered&department=Assembly", 0) == 0);
    const auto answered = pages.storage().open_questions()->find(id);
    REQUIRE(answered);
    CHECK(answered->view.state == State::answered);
    CHECK(answered->view.answer == "From May, <b>ask</b> Anna.");
    CHECK(answered->view.answer_by == "Dana Central");

    reply = pages.get("/dashboard/questions?notice=answered&department=Assembly");
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("The answer is saved") != std::string::npos);
    CHECK(reply.body.find("From May, &lt;b&gt;ask&lt;/b&gt; Anna.") != std::string::npos);
    CHECK(reply.body.find("Who decides?") == std::string::npos);  // filtered out
    CHECK(reply.body.find("1 of 1 (100%)") != std::string::npos);

    // Dismissing needs the confirmation tick.
    reply = pages.post("/dashboard/questions/dismiss", {{"id", id}});
    CHECK(reply.status == 400);
    CHECK(pages.storage().open_questions()->find(id)->view.state == State::answered);
    reply = pages.post("/dashboard/questions/dismiss", {{"id", id}, {"confirm", "yes"}});
    CHECK(reply.status == 303);
    CHECK(pages.storage().open_questions()->find(id)->view.state == State::dismissed);

    reply = pages.post("/dashboard/questions/publish", {{"id", public_id_of(other)}});
    CHECK(reply.status == 303);
    CHECK(pages.storage().open_questions()->find(public_id_of(other))->view.state == State::published);
}

TEST_CASE("the exports give the overview's figures and the questions as CSV and JSON downloads") {
    DashboardPages pages(KioskList{{"north-1", {"Assembly", "Bakery", "Canteen"}}});
    rate_departments(pages);
    pages.upload("north-1", {question_json("north-1", "Assembly", "=cmd() is this safe?")});

    RawReply reply = pages.get("/dashboard/export/ratings.csv?granularity=weekly");
    REQUIRE(reply.status == 200);
    CHECK(reply.headers["content-type"].rfind("text/csv", 0) == 0);
    CHECK(reply.headers["content-disposition"] == "attachment; filename=\"ratings.csv\"");
    CHECK(reply.body.find("kind,name,period") != std::string::npos);
    CHECK(reply.body.find("too few responses") != std::string::npos);

    reply = pages.get("/dashboard/export/ratings.json?department=Assembly");
    REQUIRE(reply.status == 200);
    const json ratings = json::parse(reply.body);
    CHECK(ratings["department"] == "Assembly");
    CHECK(ratings["threshold"] == 5);

    reply = pages.get("/dashboard/export/questions.csv");
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("'=cmd() is this safe?") != std::string::npos);

    reply = pages.get("/dashboard/export/questions.json");
    REQUIRE(reply.status == 200);
    const json questions = json::parse(reply.body);
    REQUIRE(questions["questions"].size() == 1);
    CHECK(questions["questions"][0]["text"] == "=cmd() is this safe?");
    CHECK(questions["questions"][0].count("kiosk_id") == 0);
}

TEST_CASE("the kiosks page shows the quarantined events a kiosk reported, and says when it never did") {
    // Built from records, as the page builds its rows: every case without depending on what an upload stored.
    floorsync::collector::KioskRecord kiosk;
    kiosk.id = "north-1";
    kiosk.created_at = "2026-11-02T08:00:00.000Z";
    kiosk.last_seen = "2026-11-02T09:00:00.000Z";
    const auto now = *floorsync::parse_rfc3339("2026-11-02T09:30:00.000Z");
    const auto row_for = [&](std::optional<std::int64_t> quarantined) {
        kiosk.quarantined = quarantined;
        return dash::kiosk_row(kiosk, nullptr, now, std::chrono::minutes(240));
    };
    CHECK(row_for(std::nullopt)["quarantined"] == "not reported (older kiosk)");
    CHECK(row_for(0)["quarantined"] == "none");
    CHECK(row_for(3)["quarantined"] == "3");
    CHECK(row_for(3)["quarantined_some"] == true);
    CHECK(row_for(std::nullopt)["silent"] == false);

    const json context = {{"kiosks", json::array({row_for(3), row_for(std::nullopt)})}, {"none", false},
                          {"silent_minutes", "240"}, {"silent_count", "0"}, {"any_silent", false}};
    const std::string html = dash::render_template("kiosks.mustache", context);
    CHECK(html.find("<th scope=\"col\" class=\"number\">Quarantined events</th>") != std::string::npos);
    CHECK(html.find("<td class=\"number\"><strong>3</strong></td>") != std::string::npos);
    CHECK(html.find("<td class=\"number muted\">not reported (older kiosk)</td>") != std::string::npos);
    CHECK(html.find("does not keep them") == std::string::npos);  // the old note that the collector knows nothing
}

TEST_CASE("the kiosks page shows the quarantined count of each kiosk's last upload") {
    // What the kiosk reported in `kiosk.quarantined` (storage keeps the last one), through an upload and the page.
    DashboardPages pages(KioskList{{"north-1", {"Assembly"}}, {"south-1", {"Bakery"}}});
    pages.upload("north-1", {rating_json("north-1", "Assembly")},
                 json{{"app_version", "test-1.1"}, {"backlog", 0}, {"quarantined", 2}});
    pages.upload("south-1", {rating_json("south-1", "Bakery")});  // an older kiosk: no count in its report
    const RawReply reply = pages.get("/dashboard/kiosks");
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("<td class=\"number\"><strong>2</strong></td>") != std::string::npos);
    CHECK(reply.body.find("<td class=\"number muted\">not reported (older kiosk)</td>") != std::string::npos);
}

TEST_CASE("every data- attribute the dashboard's script reads is set by some template") {
    const auto script = dash::asset("dashboard.js");
    REQUIRE(script);
    const std::string text(*script);
    CHECK(text.find("confirm(") == std::string::npos);  // confirmation is the required checkbox, checked on the server
    static const std::regex read(R"(\.dataset\.([a-zA-Z]+))");  // element.dataset.name, not a chart dataset
    int attributes = 0;
    for (std::sregex_iterator it(text.begin(), text.end(), read), end; it != end; ++it) {
        std::string attribute = "data-";
        for (const char c : (*it)[1].str()) {
            if (std::isupper(static_cast<unsigned char>(c))) {
                attribute += '-';
                attribute += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            } else {
                attribute += c;
            }
        }
        ++attributes;
        bool set = false;
        for (const char* name : {"layout.mustache", "overview.mustache", "series_figure.mustache", "questions.mustache",
                                 "kiosks.mustache", "alerts.mustache", "publish.mustache", "publish_form.mustache",
                                 "ambassadors.mustache", "message.mustache", "error.mustache", "signin.mustache"}) {
            const auto page = dash::asset(name);
            REQUIRE(page);
            set = set || std::string(*page).find(attribute + "=") != std::string::npos;
        }
        CHECK_MESSAGE(set, attribute << " is read by dashboard.js but set by no template");
    }
    CHECK(attributes > 0);
}

TEST_CASE("messages for the browser carry no command-line hints; the command line keeps them") {
    CHECK(dash::browser_message("no question with id 'abc' (see: question list)") == "no question with id 'abc'");
    CHECK(dash::browser_message("there is no content item 'x' (see: kiosk-collector content list --all)") ==
          "there is no content item 'x'");
    CHECK(dash::browser_message("milestone 'm' (\"Go\") is already the go-live; withdraw it, or edit it with "
                                "--no-go-live, before marking another one") ==
          "milestone 'm' (\"Go\") is already the go-live; withdraw it, or edit it and untick “This is the go-live”, "
          "before marking another one");
    CHECK(dash::form_message("--text is empty", {{"--text", "The answer"}}) == "The answer is empty");
    CHECK(dash::browser_message("a plain message") == "a plain message");
}

TEST_CASE("answering without a question id says the question is missing; an unknown id has no command-line hint") {
    DashboardPages pages(KioskList{{"north-1", {"Assembly"}}});
    const json question = question_json("north-1", "Assembly", "When does it start?");
    pages.upload("north-1", {question});

    RawReply reply = pages.post("/dashboard/questions/answer", {{"text", ""}, {"by", "Central team"}});
    CHECK(reply.status == 400);
    CHECK(reply.body.find("The form did not say which question it is about") != std::string::npos);
    CHECK(reply.body.find("The answer is empty") == std::string::npos);
    reply = pages.post("/dashboard/questions/publish", {});
    CHECK(reply.status == 400);
    CHECK(reply.body.find("The form did not say which question it is about") != std::string::npos);

    reply = pages.post("/dashboard/questions/answer",
                       {{"id", std::string(32, 'a')}, {"text", "Soon."}, {"by", "Central team"}});
    CHECK(reply.status == 400);
    CHECK(reply.body.find("no question with id &apos;" + std::string(32, 'a') + "&apos;") != std::string::npos);
    CHECK(reply.body.find("(see:") == std::string::npos);
    CHECK(pages.storage().open_questions()->find(public_id_of(question))->view.state == State::open);
}

TEST_CASE("an empty text is false in a template section: the sign-in page shows no empty message boxes") {
    const std::string fresh = dash::render_template(
        "signin.mustache", json{{"csrf", "t"}, {"name", ""}, {"next", ""}, {"error", ""}, {"notice", ""}});
    CHECK(fresh.find("class=\"error\"") == std::string::npos);
    CHECK(fresh.find("class=\"notice\"") == std::string::npos);
    // Without a name typed the name field takes the focus; after an error with a name, the password field.
    CHECK(fresh.find("maxlength=\"64\" autofocus") != std::string::npos);
    const std::string retry = dash::render_template(
        "signin.mustache", json{{"csrf", "t"}, {"name", "anna"}, {"next", ""}, {"error", "Wrong name or password."}});
    CHECK(retry.find("<p class=\"error\" role=\"alert\" id=\"signin-error\">Wrong name or password.</p>") !=
          std::string::npos);
    CHECK(retry.find("maxlength=\"256\" autofocus") != std::string::npos);
    CHECK(retry.find("value=\"anna\"") != std::string::npos);
}

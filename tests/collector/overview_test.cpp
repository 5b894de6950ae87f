// The overview's figures on crafted counts: weeks and periods, the threshold, subtraction across a breakdown, filters
// and time, the daily view's merged weeks, barriers, and the aggregated exports.
#include "overview_test_support.hpp"

#include "collector/dashboard/anonymity.hpp"
#include "collector/dashboard/overview.hpp"
#include "collector/dashboard/ratings_export.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <set>
#include <sstream>

using namespace floorsync::collector;
using namespace overview_test;
using collector_test::FigureAudit;

TEST_CASE("overview: ISO weeks and Mondays") {
    CHECK(iso_week_of("2026-11-16") == "2026-W47");
    CHECK(iso_week_of("2026-11-22") == "2026-W47");
    CHECK(iso_week_of("2027-01-01") == "2026-W53");  // 2026 starts on a Thursday: it has 53 weeks
    CHECK(iso_week_of("2024-12-30") == "2025-W01");
    CHECK(iso_week_of("2021-01-03") == "2020-W53");
    CHECK(monday_of("2026-11-22") == "2026-11-16");
    CHECK(monday_of("2026-03-01") == "2026-02-23");
    CHECK(monday_of("2024-03-01") == "2024-02-26");  // across a leap day
    CHECK_THROWS_AS(monday_of("2026-02-30"), std::invalid_argument);
    CHECK_THROWS_AS(iso_week_of("yesterday"), std::invalid_argument);
}

TEST_CASE("overview: a period is whole ISO weeks that have ended") {
    OverviewQuery asked;
    asked.from_day = "2026-11-04";
    asked.to_day = "2026-11-10";
    OverviewQuery resolved = resolve_query(asked, "2026-11-18");
    CHECK(resolved.from_day == "2026-11-02");
    CHECK(resolved.to_day == "2026-11-15");
    // Empty, reversed or bad: the 8 weeks before today's week (which is still running).
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"", ""}, {"2026-11-10", "2026-11-04"}, {"2026-13-01", "2026-11-10"}, {"2026-11-01", "soon"}}) {
        asked.from_day = from;
        asked.to_day = to;
        resolved = resolve_query(asked, "2026-11-18");
        CHECK(resolved.from_day == "2026-09-21");
        CHECK(resolved.to_day == "2026-11-15");
    }
    // One end: the other is the last ended week, or 8 weeks before the end.
    asked.from_day = "2026-11-04";
    asked.to_day = "";
    CHECK(resolve_query(asked, "2026-11-18").to_day == "2026-11-15");
    asked.from_day = "";
    asked.to_day = "2026-11-04";
    CHECK(resolve_query(asked, "2026-11-18").from_day == "2026-09-14");
    // At most 106 weeks, the last ones.
    asked.from_day = "2020-01-01";
    asked.to_day = "2026-11-18";
    const Overview overview = build(Data{}, resolve_query(asked, "2026-11-18"));
    CHECK(overview.weeks.size() == 106);
    CHECK(overview.weeks.back() == "2026-W46");
    CHECK(overview.query.to_day == "2026-11-15");
    CHECK(overview.days.size() == 742);
}

TEST_CASE("overview: a group below, at and above the threshold") {
    for (const std::int64_t count : {4, 5, 6}) {
        CAPTURE(count);
        Data data;
        data.site("k1", "North").rate(0, "k1", "Sales", count - 1, 2).rate(1, "k1", "Sales", 1, 2);
        const Overview overview = build(data, query(1));
        REQUIRE(overview.departments.size() == 1);
        const Figure& figure = overview.departments[0].points.at(0).figure;
        CHECK(figure.shown == (count >= 5));
        CHECK(overview.total.points.at(0).figure.shown == (count >= 5));
        if (figure.shown) {
            CHECK(figure.count == count);
            CHECK(figure.faces == std::array<std::int64_t, 5>{0, count, 0, 0, 0});
            CHECK(figure.face_shown == std::array<bool, 5>{true, true, true, true, true});
            CHECK(figure.mean == doctest::Approx(2.0));
        } else {
            CHECK(figure.count == 0);  // a hidden figure carries no numbers
            CHECK(figure.faces == std::array<std::int64_t, 5>{});
            CHECK_FALSE(overview.departments[0].period.shown);
            CHECK(overview.departments[0].hidden_weeks == 1);
        }
    }
}

TEST_CASE("overview: the threshold may be set to 3, never to 2") {
    Data data;
    data.rate(0, "k1", "Sales", 3);
    CHECK(build(data, query(1), 3).total.points[0].figure.shown);
    CHECK_FALSE(build(data, query(1), 4).total.points[0].figure.shown);
    CHECK_THROWS_AS(build(data, query(1), 2), anonymity::ThresholdError);
}

TEST_CASE("overview: one small department of a site hides the next smallest, so no subtraction reveals it") {
    Data data;
    data.site("k1", "North").rate(0, "k1", "Sales", 3).rate(0, "k1", "IT", 8).rate(0, "k1", "Care", 20);
    const Overview overview = build(data, query(1, "North"));
    const Figure& sales = named(overview.departments, "Sales").points[0].figure;
    const Figure& it = named(overview.departments, "IT").points[0].figure;
    const Figure& care = named(overview.departments, "Care").points[0].figure;
    CHECK_FALSE(sales.shown);
    CHECK_FALSE(it.shown);  // 8 is above the threshold, hidden as the next smallest
    CHECK(care.shown);
    const Figure& site = overview.total.points[0].figure;
    REQUIRE(site.shown);
    const std::int64_t rest = site.count - care.count;
    CHECK(rest == 11);
    CHECK(rest != 3);
    CHECK(rest != 8);
}

TEST_CASE("overview: across filters the same ratings show the same figure, and nothing subtracts to a small one") {
    Data data;
    data.site("n1", "North").site("n2", "North").site("s1", "South");
    // Week 0: Sales is small at North; week 1: IT is small at South.
    data.rate(0, "n1", "Sales", 2).rate(1, "n2", "Sales", 1).rate(0, "n1", "IT", 9).rate(2, "n2", "Care", 30);
    data.rate(0, "s1", "Sales", 12).rate(3, "s1", "IT", 6).rate(4, "s1", "Care", 7);
    data.rate(7, "n1", "Sales", 11).rate(8, "n1", "IT", 14).rate(9, "s1", "IT", 4).rate(9, "s1", "Care", 25);
    const std::vector<std::optional<std::string>> sites{std::nullopt, "North", "South"};
    const std::vector<std::optional<std::string>> departments{std::nullopt, "Sales", "IT", "Care"};
    Universe universe{{"North", "South"}, {"Care", "IT", "Sales"}, 14, {}};
    universe.load(data);
    FigureAudit audit;
    for (const auto& site : sites)
        for (const auto& department : departments)
            for (const auto granularity : {Granularity::weekly, Granularity::daily})
                add_overview(audit, universe, build(data, query(2, site, department, granularity)));
    CHECK(audit.size() > 200);
    const auto violations = audit.violations(5);
    INFO(joined(violations));
    CHECK(violations.empty());
    CHECK(joined(audit.determined()).empty());

    // The cell North x Sales of week 0 under the site filter, the department filter and both.
    const Figure by_site = named(build(data, query(2, "North")).departments, "Sales").points[0].figure;
    const Figure by_department = named(build(data, query(2, std::nullopt, "Sales")).sites, "North").points[0].figure;
    const Figure by_both = build(data, query(2, "North", "Sales")).total.points[0].figure;
    CHECK_FALSE(by_site.shown);
    CHECK_FALSE(by_department.shown);
    CHECK_FALSE(by_both.shown);
    // Sales' column total minus its shown cells never equals the one hidden cell (3 at North).
    const Overview all_sales = build(data, query(2, std::nullopt, "Sales"));
    const Figure& column = all_sales.total.points[0].figure;
    if (column.shown) {
        std::int64_t rest = column.count;
        for (const auto& series : all_sales.sites)
            if (series.points[0].figure.shown) rest -= series.points[0].figure.count;
        CHECK(rest != 3);
        CHECK((rest == 0 || rest >= 5));
    }
}

TEST_CASE("overview: two periods that differ by one small week have the same period figure") {
    Data data;
    data.rate(0, "k1", "Sales", 6, 4).rate(7, "k1", "Sales", 8, 3).rate(14, "k1", "Sales", 2, 1);
    const Overview two = build(data, query(2));
    const Overview three = build(data, query(3));
    const Series& short_period = named(two.departments, "Sales");
    const Series& long_period = named(three.departments, "Sales");
    CHECK(short_period.period.shown);
    CHECK(short_period.period.count == 14);
    CHECK(long_period.period.count == short_period.period.count);
    CHECK(long_period.period.faces == short_period.period.faces);
    CHECK(long_period.period.mean == doctest::Approx(short_period.period.mean));
    CHECK(long_period.hidden_weeks == 1);
    CHECK(short_period.hidden_weeks == 0);
    CHECK_FALSE(long_period.points[2].figure.shown);
    // Starting one week later: the sum of that period's shown weeks, never the small week by difference.
    CHECK(build(data, query(2, std::nullopt, std::nullopt, Granularity::weekly, 1)).total.period.count == 8);
}

TEST_CASE("overview: the daily view merges a week with a small day into one point") {
    Data data;
    // Week 0: Monday 2 (small), Tuesday 10: merged. Week 1: 6 on Monday and 7 on Wednesday: days.
    data.rate(0, "k1", "Sales", 2).rate(1, "k1", "Sales", 10).rate(7, "k1", "Sales", 6).rate(9, "k1", "Sales", 7);
    const Overview overview = build(data, query(2, std::nullopt, std::nullopt, Granularity::daily));
    const Series& sales = named(overview.departments, "Sales");
    REQUIRE(sales.points.size() == 8);
    const Point& merged = sales.points[0];
    CHECK(merged.merged);
    CHECK(merged.label == "2026-W45");
    CHECK(merged.first_day == "2026-11-02");
    CHECK(merged.last_day == "2026-11-08");
    CHECK(merged.figure.shown);
    CHECK(merged.figure.count == 12);
    for (std::size_t i = 1; i < 8; ++i) {
        CHECK_FALSE(sales.points[i].merged);
        CHECK(sales.points[i].first_day == sales.points[i].last_day);
        CHECK(sales.points[i].label == sales.points[i].first_day);
    }
    CHECK(sales.points[1].figure.count == 6);
    CHECK(sales.points[2].figure.count == 0);
    CHECK(sales.points[3].figure.count == 7);
    CHECK(sales.period.count == 25);
    CHECK(overview.days.size() == 14);
    CHECK(overview.weeks == std::vector<std::string>{"2026-W45", "2026-W46"});
}

TEST_CASE("overview: the barrier is the pillar most reasons name, ties in the order of a change") {
    DashboardSettings settings;
    const auto barrier_of = [&](const Data& data) {
        const Overview overview = build_overview(data.data, query(1), settings);
        REQUIRE(overview.barriers.size() == 1);
        return overview.barriers[0];
    };
    Data tie;
    tie.rate(0, "k1", "Sales", 12, 2, 10)
        .reason(0, "k1", "Sales", "need_help", 6)
        .reason(0, "k1", "Sales", "need_training", 6)
        .reason(0, "k1", "Sales", "works_for_me", 9);  // in no pillar: counts for none
    Barrier barrier = barrier_of(tie);
    CHECK(barrier.shown);
    CHECK(barrier.department == "Sales");
    CHECK(barrier.with_reasons == 10);
    CHECK(barrier.pillar == "training");  // training comes before support
    CHECK(barrier.pillars == std::map<std::string, std::int64_t>{{"support", 6}, {"training", 6}});

    Data why;
    why.rate(0, "k1", "Sales", 12, 2, 10)
        .reason(0, "k1", "Sales", "dont_see_why", 7)
        .reason(0, "k1", "Sales", "need_training", 7)
        .reason(0, "k1", "Sales", "dont_know_what", 5);
    CHECK(barrier_of(why).pillar == "why");

    Data most;
    most.rate(0, "k1", "Sales", 12, 2, 10)
        .reason(0, "k1", "Sales", "need_help", 8)
        .reason(0, "k1", "Sales", "dont_know_what", 6)
        .reason(0, "k1", "Sales", "need_training", 2);  // too few on its own: not counted
    barrier = barrier_of(most);
    CHECK(barrier.pillar == "support");
    CHECK(barrier.pillars.count("training") == 0);

    Data few;
    few.rate(0, "k1", "Sales", 12, 2, 4).reason(0, "k1", "Sales", "need_help", 4);
    barrier = barrier_of(few);
    CHECK_FALSE(barrier.shown);
    CHECK(barrier.pillar.empty());
    CHECK(barrier.with_reasons == 0);

    // Settings decide which reason names which pillar.
    settings.pillars["support"].push_back("works_for_me");
    CHECK(barrier_of(tie).pillar == "support");
}

TEST_CASE("overview: filter choices, the empty site and department, a filter without data") {
    Data data;
    data.site("k1", "North").rate(0, "k1", "Sales", 6).rate(0, "k2", "", 7);  // k2: no site, no department
    const Overview overview = build(data, query(1));
    CHECK(overview.all_sites == std::vector<std::string>{"", "North"});
    CHECK(overview.all_departments == std::vector<std::string>{"", "Sales"});
    CHECK(named(overview.sites, "").period.count == 7);
    CHECK(named(overview.departments, "").period.count == 7);
    const Overview nowhere = build(data, query(1, "Atlantis"));
    CHECK(nowhere.total.period.shown);
    CHECK(nowhere.total.period.count == 0);
    CHECK(nowhere.departments.empty());
    CHECK(nowhere.participation.empty());
}

TEST_CASE("overview: seeded organisations hold up against subtraction across filters, time and granularity") {
    std::mt19937 random(4711);
    const auto pick = [&](std::uint32_t below) { return static_cast<std::int64_t>(random() % below); };
    const std::vector<std::string> kiosks{"n1", "n2", "s1"};
    Universe universe{{"North", "South"}, {"A", "B", "C"}, 14, {}};
    std::size_t hidden_faces = 0;
    for (int round = 0; round < 12; ++round) {
        Data data;
        data.site("n1", "North").site("n2", "North").site("s1", "South");
        for (int day = 0; day < 14; ++day)
            for (const auto& kiosk : kiosks)
                for (const char* department : {"A", "B", "C"})
                    if (pick(3) == 0) data.rate(day, kiosk, department, 1 + pick(7), static_cast<int>(1 + pick(5)));
        universe.load(data);
        FigureAudit audit;
        for (const std::optional<std::string>& site : {std::optional<std::string>(), std::optional<std::string>("North"),
                                                      std::optional<std::string>("South")})
            for (const std::optional<std::string>& department :
                 {std::optional<std::string>(), std::optional<std::string>("A"), std::optional<std::string>("B")})
                for (const auto granularity : {Granularity::weekly, Granularity::daily})
                    for (int weeks = 1; weeks <= 2; ++weeks)
                        add_overview(audit, universe, build(data, query(weeks, site, department, granularity)));
        INFO("round " << round);
        CHECK(joined(audit.violations(5)).empty());
        CHECK(joined(audit.determined()).empty());
        const Overview weekly = build(data, query(2));
        for (const auto& series : weekly.departments)
            for (const auto& point : series.points)
                if (point.figure.shown)
                    for (const bool face : point.figure.face_shown) hidden_faces += face ? 0 : 1;
    }
    CHECK(hidden_faces > 0);  // the seeded data do exercise the face rule
}

TEST_CASE("ratings export: CSV and JSON carry the figures, hidden ones empty with a note") {
    Data data;
    data.site("k1", "North").rate(0, "k1", "Sales", 3).rate(0, "k1", "=IT", 8, 5).rate(0, "k1", "Care", 20, 2, 6);
    data.reason(0, "k1", "Care", "need_help", 6);
    const Overview overview = build(data, query(1));
    std::ostringstream csv;
    const std::size_t rows = write_ratings_csv(overview, csv, CsvOptions{true});
    const std::string text = csv.str();
    CHECK(text.rfind("\xEF\xBB\xBFkind,name,period,first_day,last_day,shown,responses,mean,face_1,face_2,face_3,"
                     "face_4,face_5,note\r\n", 0) == 0);
    // total + 3 departments + 1 site: a point and a period row each, then 3 barriers.
    CHECK(rows == 5 * 2 + 3);
    // The total's faces [0,20,0,3,8]: 3 is too few, and 8 and 20 are hidden with it (two hidden faces would follow
    // from the count and the mean). Its hidden face 2 is then Care's only face, so Care is hidden too.
    CHECK(text.find("total,,2026-W45,2026-11-02,2026-11-08,true,31,2.97,0,too few responses,0,too few responses,"
                    "too few responses,\r\n") != std::string::npos);
    CHECK(text.find("department,Sales,2026-W45,2026-11-02,2026-11-08,false,,,,,,,,too few responses\r\n") !=
          std::string::npos);
    CHECK(text.find("department,'=IT,2026-W45,") != std::string::npos);  // a spreadsheet never runs a name
    CHECK(text.find("department,Care,all,2026-11-02,2026-11-08,false,,,,,,,,too few responses\r\n") != std::string::npos);
    CHECK(text.find("barrier,Care,all,2026-11-02,2026-11-08,true,6,,,,,,,support\r\n") != std::string::npos);
    CHECK(text.find("barrier,Sales,all,2026-11-02,2026-11-08,false,,,,,,,,too few responses\r\n") != std::string::npos);

    std::ostringstream out;
    CHECK(write_ratings_json(overview, out) == 5);
    const auto json = nlohmann::json::parse(out.str());
    CHECK(json["from"] == "2026-11-02");
    CHECK(json["granularity"] == "weekly");
    CHECK(json["site"].is_null());
    CHECK(json["threshold"] == 5);
    CHECK(json["total"]["points"][0]["responses"] == 31);
    CHECK(json["total"]["points"][0]["faces"] == nlohmann::json::parse("[0,null,0,null,null]"));
    for (const auto& series : json["departments"]) {
        if (series["name"] != "Sales") continue;
        CHECK(series["points"][0]["shown"] == false);
        CHECK(series["points"][0]["note"] == "too few responses");
        CHECK_FALSE(series["points"][0].contains("responses"));
    }
    CHECK(json["barriers"][0]["department"] == "=IT");
}

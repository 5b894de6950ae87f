// The overview's privacy fixes on crafted counts: only ended weeks (no typed day an error), participation per site
// and day that never gives a hidden site away, and the five faces under the rule; each audited by brute force.
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

TEST_CASE("overview: the running week is never shown, and no typed day is an error") {
    const auto resolved = [](const std::string& from, const std::string& to, const std::string& today = "2026-11-18") {
        OverviewQuery asked;
        asked.from_day = from;
        asked.to_day = to;
        const OverviewQuery query = resolve_query(asked, today);
        return std::pair{query.from_day, query.to_day};
    };
    using Days = std::pair<std::string, std::string>;
    // Today, tomorrow, next year, the calendar's last day: all cut to the Sunday before today's week.
    CHECK(resolved("2026-11-02", "2026-11-18") == Days{"2026-11-02", "2026-11-15"});
    CHECK(resolved("2026-11-02", "2026-11-19") == Days{"2026-11-02", "2026-11-15"});
    CHECK(resolved("2026-11-02", "2027-06-01") == Days{"2026-11-02", "2026-11-15"});
    CHECK(resolved("2026-11-02", "9999-12-31") == Days{"2026-11-02", "2026-11-15"});
    CHECK(resolved("", "9999-12-31") == Days{"2026-09-21", "2026-11-15"});
    // On a Monday the week before has just ended; on a Sunday it is still the week before that.
    CHECK(resolved("", "", "2026-11-16").second == "2026-11-15");
    CHECK(resolved("", "", "2026-11-22").second == "2026-11-15");
    // A start in the running week or later leaves no ended week: the default period.
    CHECK(resolved("2026-11-16", "") == Days{"2026-09-21", "2026-11-15"});
    CHECK(resolved("9999-12-31", "9999-12-31") == Days{"2026-09-21", "2026-11-15"});
    // Before 1970: counted from 1970-01-01 (a Thursday, so its week starts in 1969), still at most 106 weeks.
    CHECK(resolved("0001-01-01", "1900-01-01") == Days{"1969-12-29", "1970-01-04"});
    CHECK(resolved("0001-01-01", "1970-03-01") == Days{"1969-12-29", "1970-03-01"});
    CHECK(resolved("0001-01-01", "").second == "2026-11-15");
    // Every one of them builds.
    for (const auto& [from, to] : std::vector<Days>{{"0001-01-01", "9999-12-31"}, {"", "9999-12-31"},
                                                    {"9999-12-31", ""}, {"1969-12-31", "1970-01-01"}}) {
        OverviewQuery asked;
        asked.from_day = from;
        asked.to_day = to;
        CHECK_NOTHROW(build(Data{}, resolve_query(asked, "2026-11-18")));
    }
    // A rating made today is in no figure: two exports a minute apart cannot differ by it.
    Data data;
    data.rate(0, "k1", "Sales", 9).rate(14, "k1", "Sales", 1);  // 2026-11-02 and today, 2026-11-16
    OverviewQuery asked;
    asked.from_day = "2026-11-02";
    asked.to_day = "2026-11-22";
    const Overview overview = build(data, resolve_query(asked, "2026-11-16"));
    CHECK(overview.weeks == std::vector<std::string>{"2026-W45", "2026-W46"});
    CHECK(overview.total.period.count == 9);
}

TEST_CASE("overview: participation per site and day, from the same tables, never giving away a hidden site") {
    // The reviewer's case: one week, one department; site A (kiosk lobby: Monday 15), B (kiosk depot: Tuesday 3),
    // C (two kiosks, 12 + 12). Per kiosk, lobby's Monday 15 would give B = 42 - 24 - 15 = 3.
    Data data;
    data.site("lobby", "A").site("depot", "B").site("c1", "C").site("c2", "C");
    data.rate(0, "lobby", "Sales", 15).rate(1, "depot", "Sales", 3).rate(2, "c1", "Sales", 12).rate(3, "c2", "Sales", 12);
    Universe universe{{"A", "B", "C"}, {"Sales"}, 7, {}};
    universe.load(data);
    FigureAudit audit;
    for (const auto granularity : {Granularity::weekly, Granularity::daily})
        for (const std::optional<std::string>& site : {std::optional<std::string>(), std::optional<std::string>("A"),
                                                      std::optional<std::string>("B"), std::optional<std::string>("C")})
            add_overview(audit, universe, build(data, query(1, site, std::nullopt, granularity)));
    INFO(joined(audit.violations(5)));
    CHECK(audit.violations(5).empty());
    CHECK(joined(audit.determined()).empty());

    const Overview overview = build(data, query(1));
    CHECK(overview.total.points[0].figure.count == 42);
    CHECK_FALSE(named(overview.sites, "B").points[0].figure.shown);
    CHECK_FALSE(named(overview.sites, "A").points[0].figure.shown);
    REQUIRE(overview.participation.size() == 3);
    // Participation is the sites' daily series: A's and B's weeks are hidden, so they are one hidden point each.
    const Series& a = named(overview.participation, "A");
    REQUIRE(a.points.size() == 1);
    CHECK(a.points[0].merged);
    CHECK_FALSE(a.points[0].figure.shown);
    CHECK_FALSE(named(overview.participation, "B").points[0].figure.shown);
    // Nothing shown in participation rests on fewer than 5, and lobby's 15 appears nowhere.
    for (const auto& series : overview.participation)
        for (const auto& point : series.points) {
            if (point.figure.shown) CHECK((point.figure.count == 0 || point.figure.count >= 5));
            if (point.figure.shown) CHECK(point.figure.count != 15);
        }
    // The site filter picks the rows; the department filter does not narrow them.
    CHECK(build(data, query(1, "C")).participation.size() == 1);
    const Overview sales = build(data, query(1, std::nullopt, "Sales"));
    REQUIRE(sales.participation.size() == 3);
    CHECK(named(sales.participation, "C").points.size() == named(overview.participation, "C").points.size());
}

TEST_CASE("overview: the five faces are suppressed like counts, within a figure and across a breakdown") {
    // The reviewer's case: 12 ratings with faces [1,0,3,6,2] would show that one person chose face 1.
    Data data;
    data.site("k1", "North");
    for (const auto& [score, count] : std::vector<std::pair<int, std::int64_t>>{{1, 1}, {3, 3}, {4, 6}, {5, 2}})
        data.rate(0, "k1", "Sales", count, score);
    Overview overview = build(data, query(1));
    const Figure& twelve = overview.total.points[0].figure;
    REQUIRE(twelve.shown);
    CHECK(twelve.count == 12);
    CHECK(twelve.mean == doctest::Approx((1 + 9 + 24 + 10) / 12.0));  // the mean is over all twelve
    // Faces 1, 3 and 5 are hidden together (two would follow from the count and the mean); 6 and the empty 2 show.
    CHECK(twelve.face_shown == std::array<bool, 5>{false, true, false, true, false});
    CHECK(twelve.faces == std::array<std::int64_t, 5>{0, 0, 0, 6, 0});
    CHECK(twelve.count - twelve.faces[3] == 6);  // what the shown faces leave over is never a small number
    // The period shows the same, and the export marks the hidden faces.
    CHECK(overview.total.period.face_shown == twelve.face_shown);
    std::ostringstream csv;
    write_ratings_csv(overview, csv);
    CHECK(csv.str().find("total,,2026-W45,2026-11-02,2026-11-08,true,12,3.67,too few responses,0,too few responses,6,"
                         "too few responses,\r\n") != std::string::npos);
    std::ostringstream json_out;
    write_ratings_json(overview, json_out);
    const auto json = nlohmann::json::parse(json_out.str());
    CHECK(json["total"]["points"][0]["faces"] == nlohmann::json::parse("[null,0,null,6,null]"));

    // Across a breakdown: face 1 is 3 at North/Sales and 10 at South/Sales; the column's face 1 (13) minus South's
    // would give North's 3, so a face table hides its complement too.
    Data across;
    across.site("n", "North").site("s", "South");
    across.rate(0, "n", "Sales", 3, 1).rate(0, "n", "Sales", 9, 4).rate(0, "s", "Sales", 10, 1).rate(0, "s", "Sales", 9, 4);
    across.rate(0, "n", "IT", 8, 4).rate(0, "s", "IT", 8, 1).rate(0, "s", "IT", 7, 4);
    Universe universe{{"North", "South"}, {"IT", "Sales"}, 7, {}};
    universe.load(across);
    FigureAudit audit;
    for (const std::optional<std::string>& site : {std::optional<std::string>(), std::optional<std::string>("North"),
                                                  std::optional<std::string>("South")})
        for (const std::optional<std::string>& department :
             {std::optional<std::string>(), std::optional<std::string>("IT"), std::optional<std::string>("Sales")})
            add_overview(audit, universe, build(across, query(1, site, department)));
    CHECK(joined(audit.violations(5)).empty());
    CHECK(joined(audit.determined()).empty());
    overview = build(across, query(1, std::nullopt, "Sales"));
    const Figure& north = named(overview.sites, "North").points[0].figure;
    const Figure& south = named(overview.sites, "South").points[0].figure;
    const Figure& column = overview.total.points[0].figure;
    CHECK_FALSE(north.face_shown[0]);
    if (column.face_shown[0] && south.face_shown[0]) CHECK(column.faces[0] - south.faces[0] != 3);
}

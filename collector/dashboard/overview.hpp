// The overview's figures under the anonymity rule: confidence over time per department and per site, response
// counts, the five faces, participation per kiosk per day, and each department's barrier. Pure: counts in, figures out.
#pragma once

#include "collector/dashboard/dashboard_settings.hpp"
#include "collector/storage/storage.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace floorsync::collector {

enum class Granularity { weekly, daily };

// What the central team asked for. Days are "YYYY-MM-DD"; the period is widened to whole ISO weeks (Monday to
// Sunday), so every period is a union of the same weeks and two periods never differ by part of a week.
struct OverviewQuery {
    std::string from_day;
    std::string to_day;
    std::optional<std::string> site;        // only this site's kiosks
    std::optional<std::string> department;  // only this department ("" : "prefer not to say")
    Granularity granularity = Granularity::weekly;
};

// The query as used: the period snapped to whole weeks (an empty or reversed period, or a bad day, becomes the
// 8 weeks ending with the week of `today`; a period longer than 106 weeks is cut to the last 106).
OverviewQuery resolve_query(const OverviewQuery& asked, const std::string& today);

// What the figures are made of, as the read model holds it for the resolved period.
struct OverviewData {
    std::vector<RatingCount> ratings;
    std::vector<ReasonCount> reasons;
    std::map<std::string, std::string> kiosk_sites;  // kiosk id -> site ("" : none set); kiosks missing here: ""
};

// One figure: a group in one period. When !shown, count, mean and faces are 0 and the page says "too few responses".
struct Figure {
    bool shown = false;
    std::int64_t count = 0;               // ratings
    double mean = 0;                      // 1..5
    std::array<std::int64_t, 5> faces{};  // ratings per score 1..5
};

// One point of a line: a bucket of consecutive days. Weekly: one week. Daily: one day, or (merged) a whole week when
// a day of this series' week would have been hidden: small periods are merged into their week before anything is
// hidden.
struct Point {
    std::string first_day;
    std::string last_day;
    std::string label;  // "2026-W47" (a week, also a merged one in the daily view) or "2026-11-16" (a day)
    bool merged = false;
    Figure figure;
};

// A line: a department, a site, or everything the filter selects.
struct Series {
    std::string name;  // department or site; "" : no department / no site (pages show "(none)")
    std::vector<Point> points;  // in time order, covering the period
    // The whole period: the sum of the shown weeks only, so that no two periods or filters can be subtracted to
    // reveal a hidden week. hidden_weeks says how many weeks were left out.
    Figure period;
    std::size_t hidden_weeks = 0;
};

// A department's barrier: of the pillars, the one its follow-up reasons name most in the period (the sum of its weeks
// whose ratings with reasons reach the threshold, under the same suppression as the figures).
struct Barrier {
    std::string department;
    bool shown = false;
    std::string pillar;                           // "" when no reason names a pillar
    std::int64_t with_reasons = 0;                // ratings with any reason counted
    std::map<std::string, std::int64_t> pillars;  // pillar -> ratings naming it
};

// Ratings per kiosk per day (participation), counts only, suppressed as a kiosk x day table.
struct ParticipationRow {
    std::string kiosk_id;
    std::string site;
    std::vector<std::optional<std::int64_t>> counts;  // one per day of Overview::days; nullopt: too few responses
};

struct Overview {
    OverviewQuery query;  // resolved
    int threshold = 5;
    std::vector<std::string> weeks;  // "2026-W47", in order
    std::vector<std::string> days;   // every day of the period, in order
    Series total;                    // everything the filter selects
    std::vector<Series> departments; // the departments within the filter, by name
    std::vector<Series> sites;       // the sites within the filter, by name
    std::vector<Barrier> barriers;   // one per department in `departments`
    std::vector<ParticipationRow> participation;  // the kiosks within the filter, by id
    std::vector<std::string> all_sites;        // for the filter's choices: every site with data in the period
    std::vector<std::string> all_departments;  // every department with data in the period
};

// The figures for `query` (resolved) from `data` under settings.anonymity_threshold and settings.pillars.
// Every breakdown is suppressed on the whole organisation's table (sites x departments, per week and per day),
// whatever the filter, so that no filter combination shows a different cut of the same people.
Overview build_overview(const OverviewData& data, const OverviewQuery& query, const DashboardSettings& settings);

// "2026-W47" for a day; the Monday of that week.
std::string iso_week_of(const std::string& day);
std::string monday_of(const std::string& day);

}  // namespace floorsync::collector

// The overview's figures under the anonymity rule: confidence over time per department and per site, response
// counts, the five faces, participation per site per day, and each department's barrier. Pure: counts in, figures out.
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

// The query as used: the period snapped to whole weeks that have ended. Only ended weeks are ever shown: the week
// of `today` is still running, and each new rating in it would change a figure by exactly that rating. So the period
// ends at the latest on the Sunday before `today`'s week (a later or far-future `to` is cut to it); days before
// 1970-01-01 count as that day. An empty, reversed or bad period, or one starting after the last ended week, becomes
// the 8 ended weeks before `today`'s week; a period longer than 106 weeks is cut to the last 106. Never throws for a
// typed day; throws std::invalid_argument only when `today` is not a day.
OverviewQuery resolve_query(const OverviewQuery& asked, const std::string& today);

// What the figures are made of, as the read model holds it for the resolved period.
struct OverviewData {
    std::vector<RatingCount> ratings;
    std::vector<ReasonCount> reasons;
    std::map<std::string, std::string> kiosk_sites;  // kiosk id -> site ("" : none set); kiosks missing here: ""
};

// One figure: a group in one period. When !shown, count, mean and faces are 0 and the page says "too few responses".
// Each face is itself a figure under the rule (its own suppressed tables, and the five faces a breakdown of the
// count): a face with !face_shown[i] reads "too few responses" and its faces[i] is 0, so the shown faces need not add
// up to the count (what they leave over is never a small number).
struct Figure {
    bool shown = false;
    std::int64_t count = 0;               // ratings
    double mean = 0;                      // 1..5, over all the figure's ratings
    std::array<std::int64_t, 5> faces{};  // ratings per score 1..5; 0 where the face is hidden
    std::array<bool, 5> face_shown{};     // per face: shown; all false for a hidden figure
    std::int64_t score_sum = 0;           // the scores added up (mean × count), to take the mean of a sum of figures
};

// One point of a line: a bucket of consecutive days. Weekly: one week. Daily: one day, or (merged) a whole week when
// a day of this series' week (or a face of a day, where the week's face is shown) would have been hidden, or the
// week itself is: small periods are merged into their week before anything is
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
    // reveal a hidden week. hidden_weeks says how many weeks were left out. A face hidden in any of those weeks is
    // hidden in the period too (a period face is always the exact sum of its weeks, never a part of one).
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

struct Overview {
    OverviewQuery query;  // resolved
    int threshold = 5;
    std::vector<std::string> weeks;  // "2026-W47", in order
    std::vector<std::string> days;   // every day of the period, in order
    Series total;                    // everything the filter selects
    std::vector<Series> departments; // the departments within the filter, by name
    std::vector<Series> sites;       // the sites within the filter, by name
    std::vector<Barrier> barriers;   // one per department in `departments`
    // Participation: ratings per site and day, over all departments, for the sites within the site filter: each is
    // the site's series in the daily view (a week whose day would be hidden is one merged point). Not per kiosk: a
    // kiosk's days would add up to its site's figures and give away a hidden site (docs/DASHBOARD.md).
    std::vector<Series> participation;
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

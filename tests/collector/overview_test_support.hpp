// Helpers of the overview tests: crafted rating counts, queries, and the brute-force audit of every figure of an
// overview (counts, the scores behind means, each face) over (site, department, day, face) leaves.
#pragma once

#include "figure_audit.hpp"

#include "collector/dashboard/overview.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace overview_test {

using namespace floorsync::collector;
using collector_test::FigureAudit;

// Monday 2026-11-02 (2026-W45) is the first day of the crafted data.
inline const std::string kW45 = "2026-11-02";

inline std::string day_of(int offset) {
    // Days of November 2026 from the 2nd; offsets stay within the month in these tests.
    const int day = 2 + offset;
    return std::string("2026-11-") + (day < 10 ? "0" : "") + std::to_string(day);
}

struct Data {
    OverviewData data;
    // `count` ratings of `score` at `kiosk` for `department` on day `offset` (from 2026-11-02).
    Data& rate(int offset, const std::string& kiosk, const std::string& department, std::int64_t count, int score = 4,
               std::int64_t with_reasons = 0) {
        data.ratings.push_back(RatingCount{day_of(offset), kiosk, department, score, count, with_reasons});
        return *this;
    }
    Data& reason(int offset, const std::string& kiosk, const std::string& department, const std::string& reason,
                 std::int64_t count) {
        data.reasons.push_back(ReasonCount{day_of(offset), kiosk, department, reason, count});
        return *this;
    }
    Data& site(const std::string& kiosk, const std::string& site) {
        data.kiosk_sites[kiosk] = site;
        return *this;
    }
};

inline OverviewQuery query(int weeks = 2, std::optional<std::string> site = std::nullopt,
                    std::optional<std::string> department = std::nullopt, Granularity granularity = Granularity::weekly,
                    int first_week = 0) {
    OverviewQuery q;
    q.from_day = day_of(first_week * 7);
    q.to_day = day_of((first_week + weeks) * 7 - 1);
    q.site = std::move(site);
    q.department = std::move(department);
    q.granularity = granularity;
    return q;
}

inline Overview build(const Data& data, const OverviewQuery& q, int threshold = 5) {
    DashboardSettings settings;
    settings.anonymity_threshold = threshold;
    return build_overview(data.data, q, settings);
}

inline const Series& named(const std::vector<Series>& all, const std::string& name) {
    for (const auto& series : all)
        if (series.name == name) return series;
    FAIL("no series named '" << name << "'");
    return all.front();
}

inline std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

inline std::size_t day_index(const std::string& day) { return static_cast<std::size_t>(std::stoi(day.substr(8)) - 2); }

// The leaves of the audits: (site, department, day, face) of a fixed universe, with the true count of each, so that
// hidden figures (which carry no numbers) are audited with what they would have shown.
struct Universe {
    std::vector<std::string> sites, departments;
    std::size_t days = 0;
    std::vector<std::int64_t> truth;

    std::size_t size() const { return sites.size() * departments.size() * days * 5; }
    std::size_t leaf(std::size_t site, std::size_t department, std::size_t day, std::size_t face) const {
        return ((site * departments.size() + department) * days + day) * 5 + face;
    }
    // Fills `truth` from the crafted ratings.
    Universe& load(const Data& data) {
        truth.assign(size(), 0);
        const auto index = [](const std::vector<std::string>& names, const std::string& name) {
            return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
        };
        for (const auto& row : data.data.ratings) {
            const auto found = data.data.kiosk_sites.find(row.kiosk_id);
            const std::size_t site = index(sites, found == data.data.kiosk_sites.end() ? "" : found->second);
            const std::size_t department = index(departments, row.department);
            REQUIRE(site < sites.size());
            REQUIRE(department < departments.size());
            truth[leaf(site, department, day_index(row.day), static_cast<std::size_t>(row.score - 1))] += row.count;
        }
        return *this;
    }
    // A figure's leaves: the selected sites and departments over the days, all faces or one.
    std::vector<bool> leaves(const std::optional<std::string>& site, const std::optional<std::string>& department,
                             std::size_t first_day, std::size_t last_day,
                             std::optional<std::size_t> face = std::nullopt) const {
        std::vector<bool> out(size(), false);
        for (std::size_t s = 0; s < sites.size(); ++s) {
            if (site && sites[s] != *site) continue;
            for (std::size_t d = 0; d < departments.size(); ++d) {
                if (department && departments[d] != *department) continue;
                for (std::size_t day = first_day; day <= last_day; ++day)
                    for (std::size_t f = 0; f < 5; ++f)
                        if (!face || *face == f) out[leaf(s, d, day, f)] = true;
            }
        }
        return out;
    }
    std::int64_t count(const std::vector<bool>& leaves) const {
        std::int64_t sum = 0;
        for (std::size_t i = 0; i < leaves.size(); ++i)
            if (leaves[i]) sum += truth[i];
        return sum;
    }
    // The scores behind a mean: each leaf weighted by its face.
    std::vector<double> scores(const std::vector<bool>& leaves) const {
        std::vector<double> weights(leaves.size(), 0);
        for (std::size_t i = 0; i < leaves.size(); ++i)
            if (leaves[i]) weights[i] = static_cast<double>(i % 5 + 1);
        return weights;
    }
    std::int64_t score_sum(const std::vector<bool>& leaves) const {
        std::int64_t sum = 0;
        for (std::size_t i = 0; i < leaves.size(); ++i)
            if (leaves[i]) sum += truth[i] * static_cast<std::int64_t>(i % 5 + 1);
        return sum;
    }
};

// One figure into `audit`: its count, the scores behind its mean, and each of its five faces, with their true values;
// a shown one must show them.
inline void add_figure(FigureAudit& audit, const Universe& universe, const std::string& what, const std::vector<bool>& leaves,
                const Figure& figure) {
    const std::int64_t count = universe.count(leaves);
    audit.add(what, leaves, figure.shown, count);
    audit.add_weighted(what + " scores", universe.scores(leaves), figure.shown, universe.score_sum(leaves));
    if (figure.shown) {
        CHECK_MESSAGE(figure.count == count, what);
        if (count > 0) CHECK_MESSAGE(figure.mean == doctest::Approx(double(universe.score_sum(leaves)) / double(count)), what);
    }
    for (std::size_t face = 0; face < 5; ++face) {
        std::vector<bool> face_leaves = leaves;
        for (std::size_t i = 0; i < face_leaves.size(); ++i) face_leaves[i] = face_leaves[i] && i % 5 == face;
        const bool shown = figure.shown && figure.face_shown[face];
        audit.add(what + " face " + std::to_string(face + 1), face_leaves, shown, universe.count(face_leaves));
        if (shown) CHECK_MESSAGE(figure.faces[face] == universe.count(face_leaves), what << " face " << face + 1);
    }
}

// Every point and period figure of an overview into `audit`, with the leaves it sums, and the participation per site
// and day. Periods: the series' shown weeks (read from its weekly points, so only from weekly overviews).
inline void add_overview(FigureAudit& audit, const Universe& universe, const Overview& overview) {
    const auto add_series = [&](const Series& series, std::optional<std::string> site,
                                std::optional<std::string> department, const std::string& what, bool weekly) {
        std::vector<bool> period(universe.size(), false);
        for (const auto& point : series.points) {
            const auto leaves = universe.leaves(site, department, day_index(point.first_day), day_index(point.last_day));
            add_figure(audit, universe, what + " " + point.label, leaves, point.figure);
            if (point.figure.shown)
                for (std::size_t i = 0; i < leaves.size(); ++i) period[i] = period[i] || leaves[i];
        }
        // A period of hidden weeks only is hidden as a whole: it carries no numbers and is no sum of anything shown.
        if (weekly && series.period.shown) add_figure(audit, universe, what + " period", period, series.period);
    };
    const auto& q = overview.query;
    const bool weekly = q.granularity == Granularity::weekly;
    const std::string filter = "[" + q.from_day + " " + q.site.value_or("*") + "/" + q.department.value_or("*") + "]";
    add_series(overview.total, q.site, q.department, filter + " total", weekly);
    for (const auto& series : overview.departments)
        add_series(series, q.site, series.name, filter + " department " + series.name, weekly);
    for (const auto& series : overview.sites)
        add_series(series, series.name, q.department, filter + " site " + series.name, weekly);
    for (const auto& series : overview.participation)
        add_series(series, series.name, std::nullopt, filter + " participation " + series.name, false);
}

}  // namespace overview_test

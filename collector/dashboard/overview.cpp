// The overview's figures: the period resolved to whole ISO weeks, the organisation's tables per week and day through
// the anonymity rule, and the series, barriers and participation the page's filter picks from them.
#include "collector/dashboard/overview.hpp"

#include "collector/dashboard/iso_week.hpp"
#include "collector/dashboard/overview_tables.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace floorsync::collector {

using overview_detail::Axis;
using overview_detail::BucketTable;
using overview_detail::Selector;

namespace {

constexpr std::int64_t kDefaultWeeks = 8;
constexpr std::int64_t kLongestWeeks = 106;

// The weeks and days of a resolved period: day numbers, `first` a Monday, `last` a Sunday.
struct Period {
    std::int64_t first = 0;
    std::int64_t last = 0;
    std::size_t weeks() const { return static_cast<std::size_t>((last - first + 1) / 7); }
    std::size_t days() const { return static_cast<std::size_t>(last - first + 1); }
    // The day's index in the period, or nullopt outside it (or not a day).
    std::optional<std::size_t> index_of(const std::string& day) const {
        const auto number = calendar::parse_day(day);
        if (!number || *number < first || *number > last) return std::nullopt;
        return static_cast<std::size_t>(*number - first);
    }
};

// The organisation's tables for the period, whatever the filter: the filter only picks among their figures.
struct Tables {
    std::vector<BucketTable> rating_weeks;  // sites x departments: ratings, with faces
    std::vector<BucketTable> rating_days;   // the same per day (the daily view, and participation per site and day)
    std::vector<BucketTable> reason_weeks;  // sites x departments: ratings with reasons
    std::map<std::string, std::vector<BucketTable>> pillar_weeks;  // per pillar: ratings naming it
};

std::vector<std::string> sorted(const std::set<std::string>& names) { return {names.begin(), names.end()}; }

// Rating rows that count: a score 1..5 and a positive count. The read model only holds such rows; anything else would
// falsify means, so it is left out rather than trusted.
bool counts(const RatingCount& row) { return row.count > 0 && row.score >= 1 && row.score <= 5; }

// reason key -> the pillars that name it (a key in no pillar counts for none).
std::map<std::string, std::vector<std::string>> pillars_of_reasons(const DashboardSettings& settings) {
    std::map<std::string, std::vector<std::string>> pillars;
    for (const auto& [pillar, reasons] : settings.pillars)
        for (const auto& reason : reasons) pillars[reason].push_back(pillar);
    return pillars;
}

Tables build_tables(const OverviewData& data, const Period& period, const Axis& sites, const Axis& departments,
                    const std::map<std::string, std::string>& site_of_kiosk, const DashboardSettings& settings,
                    int threshold) {
    // The read model's rows come ordered by day, then kiosk: remembering the last day's and the last kiosk's lookups
    // saves a date parse and two map searches on nearly every one of the (up to hundreds of thousands of) rows.
    static const std::string kNoSite;
    const std::string* last_day = nullptr;
    std::optional<std::size_t> last_day_index;
    const auto day_index = [&](const std::string& day) {
        if (last_day == nullptr || *last_day != day) {
            last_day = &day;
            last_day_index = period.index_of(day);
        }
        return last_day_index;
    };
    const std::string* last_kiosk = nullptr;
    std::size_t last_site = sites.size();
    const auto site_index = [&](const std::string& kiosk) {
        if (last_kiosk == nullptr || *last_kiosk != kiosk) {
            last_kiosk = &kiosk;
            const auto found = site_of_kiosk.find(kiosk);
            last_site = sites.find(found == site_of_kiosk.end() ? kNoSite : found->second);
        }
        return last_site;
    };
    Tables tables;
    const std::size_t weeks = period.weeks();
    tables.rating_weeks.assign(weeks, BucketTable(sites.size(), departments.size(), true));
    tables.reason_weeks.assign(weeks, BucketTable(sites.size(), departments.size(), false));
    tables.rating_days.assign(period.days(), BucketTable(sites.size(), departments.size(), true));
    for (const auto& [pillar, reasons] : settings.pillars)
        tables.pillar_weeks[pillar].assign(weeks, BucketTable(sites.size(), departments.size(), false));

    for (const RatingCount& row : data.ratings) {
        if (!counts(row)) continue;
        const auto day = day_index(row.day);
        if (!day) continue;
        const std::size_t site = site_index(row.kiosk_id);
        const std::size_t department = departments.find(row.department);
        BucketTable& week = tables.rating_weeks[*day / 7];
        week.add(site, department, row.count);
        week.add_face(site, department, row.score, row.count);
        tables.reason_weeks[*day / 7].add(site, department, std::max<std::int64_t>(row.with_reasons, 0));
        tables.rating_days[*day].add(site, department, row.count);
        tables.rating_days[*day].add_face(site, department, row.score, row.count);
    }
    const auto reason_pillars = pillars_of_reasons(settings);
    for (const ReasonCount& row : data.reasons) {
        const auto pillars = reason_pillars.find(row.reason);
        if (pillars == reason_pillars.end() || row.count <= 0) continue;
        const auto day = day_index(row.day);
        const std::size_t site = site_index(row.kiosk_id);
        const std::size_t department = departments.find(row.department);
        // A reason cell without ratings in the same cell cannot come from the read model; it is left out.
        if (!day || site == sites.size() || department == departments.size()) continue;
        for (const auto& pillar : pillars->second) tables.pillar_weeks[pillar][*day / 7].add(site, department, row.count);
    }

    for (auto* group : {&tables.rating_weeks, &tables.rating_days, &tables.reason_weeks})
        for (auto& table : *group) table.suppress(threshold);
    for (auto& [pillar, group] : tables.pillar_weeks)
        for (auto& table : group) table.suppress(threshold);
    return tables;
}

// Whether a week of one series may be shown as its days in the daily view. The week's figures and its days' figures
// are breakdowns of each other (the week is the sum of its days), so the days are shown only when that breakdown is
// safe: the week is shown and so is every non-empty day (were a hidden week shown as its days, their sum would give it
// back); and per face, the days' hidden faces are none, or at least two that together reach the threshold, where the
// week shows that face, and not all shown where the week hides it (else the days would add up to the hidden face).
bool days_may_show(const Figure& week_figure, const Selector& selector, const Tables& tables, std::size_t week,
                   int threshold) {
    if (!week_figure.shown) return false;
    std::array<std::size_t, 5> hidden{};
    std::array<std::int64_t, 5> hidden_sum{};
    std::array<std::int64_t, 5> week_face{};
    for (std::size_t day = week * 7; day < week * 7 + 7; ++day) {
        const BucketTable& table = tables.rating_days[day];
        if (overview_detail::count_of(table, selector) == 0) continue;
        if (!overview_detail::shown_in(table, selector)) return false;
        for (std::size_t face = 0; face < 5; ++face) {
            const std::int64_t count = overview_detail::face_count_of(table, selector, face);
            week_face[face] += count;
            if (count != 0 && !overview_detail::face_shown_in(table, selector, face)) {
                ++hidden[face];
                hidden_sum[face] += count;
            }
        }
    }
    for (std::size_t face = 0; face < 5; ++face) {
        if (week_figure.face_shown[face]) {
            if (hidden[face] > 0 && (hidden[face] < 2 || hidden_sum[face] < threshold)) return false;
        } else if (week_face[face] != 0 && hidden[face] == 0) {
            return false;
        }
    }
    return true;
}

// One line of the overview: its points (weeks, or days with weeks merged where a day or the week would be hidden) and
// its period figure, the sum of its shown weeks.
Series make_series(const std::string& name, const Selector& selector, const Tables& tables, const Period& period,
                   bool daily, int threshold) {
    Series series;
    series.name = name;
    series.period = overview_detail::sum_start();
    for (std::size_t week = 0; week < period.weeks(); ++week) {
        const std::int64_t monday = period.first + static_cast<std::int64_t>(week) * 7;
        const Figure week_figure = overview_detail::figure_of(tables.rating_weeks[week], selector);
        if (week_figure.shown) {
            overview_detail::add_figure(series.period, week_figure);
        } else {
            ++series.hidden_weeks;
        }
        if (!daily || !days_may_show(week_figure, selector, tables, week, threshold)) {
            series.points.push_back(Point{calendar::format_day(monday), calendar::format_day(monday + 6),
                                          calendar::iso_week_label(monday), daily, week_figure});
            continue;
        }
        for (std::size_t day = week * 7; day < week * 7 + 7; ++day) {
            const std::string text = calendar::format_day(period.first + static_cast<std::int64_t>(day));
            series.points.push_back(
                Point{text, text, text, false, overview_detail::figure_of(tables.rating_days[day], selector)});
        }
    }
    // Every shown week is empty or reaches the threshold, so the sum does too; only "nothing but hidden weeks" is
    // itself hidden (an empty figure would read as "no responses").
    if (series.period.count == 0 && series.hidden_weeks > 0) series.period = Figure{};
    return series;
}

std::int64_t period_count(const Tables& tables, const Selector& selector) {
    std::int64_t count = 0;
    for (const auto& table : tables.rating_weeks) count += overview_detail::count_of(table, selector);
    return count;
}

// The barrier of one department's figures (the same selector as its series): the with-reasons counts of the weeks
// whose with-reasons figure is shown, and per pillar the counts of the weeks whose pillar figure is shown as well
// (each pillar has its own suppressed tables, so pillar counts cannot be subtracted across filters or periods either).
Barrier make_barrier(const std::string& department, const Selector& selector, const Tables& tables,
                     const DashboardSettings& settings, int threshold) {
    Barrier barrier;
    barrier.department = department;
    std::map<std::string, std::int64_t> pillars;
    for (std::size_t week = 0; week < tables.reason_weeks.size(); ++week) {
        if (!overview_detail::shown_in(tables.reason_weeks[week], selector)) continue;
        barrier.with_reasons += overview_detail::count_of(tables.reason_weeks[week], selector);
        for (const auto& [pillar, weeks] : tables.pillar_weeks)
            if (overview_detail::shown_in(weeks[week], selector)) {
                const std::int64_t count = overview_detail::count_of(weeks[week], selector);
                if (count > 0) pillars[pillar] += count;
            }
    }
    barrier.shown = barrier.with_reasons >= threshold;
    if (!barrier.shown) {
        barrier.with_reasons = 0;  // a hidden figure carries no numbers
        return barrier;
    }
    // Ties go to the earlier pillar in the order of a change: knowing, why, training, support; other pillar keys of
    // the settings after them, by name.
    static const std::vector<std::string> kOrder{kPillarKnowing, kPillarWhy, kPillarTraining, kPillarSupport};
    std::vector<std::string> order = kOrder;
    for (const auto& [pillar, reasons] : settings.pillars)
        if (std::find(kOrder.begin(), kOrder.end(), pillar) == kOrder.end()) order.push_back(pillar);
    std::int64_t best = 0;
    for (const auto& pillar : order) {
        const auto found = pillars.find(pillar);
        if (found == pillars.end()) continue;
        if (found->second > best) {
            best = found->second;
            barrier.pillar = pillar;
        }
    }
    barrier.pillars = std::move(pillars);
    return barrier;
}

}  // namespace

OverviewQuery resolve_query(const OverviewQuery& asked, const std::string& today) {
    const auto today_number = calendar::parse_day(today);
    if (!today_number) throw std::invalid_argument("resolve_query: today '" + today + "' is not a day (YYYY-MM-DD)");
    // The Sunday that ended the last whole week: the week of today is still running and never shown.
    const std::int64_t last_ended = calendar::monday(*today_number) - 1;
    const auto ended_weeks_before = [](std::int64_t last) { return Period{last - kDefaultWeeks * 7 + 1, last}; };
    Period period = ended_weeks_before(last_ended);

    const auto from = calendar::parse_day(asked.from_day);
    const auto to = calendar::parse_day(asked.to_day);
    const bool bad = (!asked.from_day.empty() && !from) || (!asked.to_day.empty() && !to);
    if (!bad && (from || to)) {
        // Days before 1970 count as 1970-01-01 (nothing was rated then); a `to` after the last ended week is cut to it
        // before any arithmetic, so no typed day reaches past the calendar's end (9999-12-31's week ends in 10000).
        const auto clamped = [&](std::int64_t day) { return std::clamp<std::int64_t>(day, 0, last_ended); };
        // One end given: the other is the last ended week (no end) or 8 weeks before the end (no start).
        const std::int64_t last = to ? std::min(calendar::monday(clamped(*to)) + 6, last_ended) : last_ended;
        const std::int64_t first = from ? calendar::monday(clamped(*from)) : last - kDefaultWeeks * 7 + 1;
        // A start within the running week (or later) leaves no ended week: the default period instead.
        if (first <= last && (!from || *from <= last_ended)) period = Period{first, last};
    }
    if (static_cast<std::int64_t>(period.weeks()) > kLongestWeeks) period.first = period.last - kLongestWeeks * 7 + 1;

    OverviewQuery query = asked;
    query.from_day = calendar::format_day(period.first);
    query.to_day = calendar::format_day(period.last);
    return query;
}

Overview build_overview(const OverviewData& data, const OverviewQuery& query, const DashboardSettings& settings) {
    const int threshold = anonymity::checked_threshold(settings.anonymity_threshold);
    const auto from = calendar::parse_day(query.from_day);
    const auto to = calendar::parse_day(query.to_day);
    if (!from || !to || *to < *from)
        throw std::invalid_argument("build_overview: the period '" + query.from_day + "' to '" + query.to_day +
                                    "' is not resolved (resolve_query)");
    // Snapping again is harmless for a resolved query and keeps every table a whole week for any other.
    const Period period{calendar::monday(*from), calendar::monday(*to) + 6};
    const bool daily = query.granularity == Granularity::daily;

    Overview overview;
    overview.query = query;
    overview.query.from_day = calendar::format_day(period.first);
    overview.query.to_day = calendar::format_day(period.last);
    overview.threshold = threshold;
    for (std::size_t week = 0; week < period.weeks(); ++week)
        overview.weeks.push_back(calendar::iso_week_label(period.first + static_cast<std::int64_t>(week) * 7));
    for (std::size_t day = 0; day < period.days(); ++day)
        overview.days.push_back(calendar::format_day(period.first + static_cast<std::int64_t>(day)));

    const auto site_of = [&](const std::string& kiosk) {
        const auto found = data.kiosk_sites.find(kiosk);
        return found == data.kiosk_sites.end() ? std::string() : found->second;
    };
    std::set<std::string> site_names, department_names;
    for (const RatingCount& row : data.ratings) {
        if (!counts(row) || !period.index_of(row.day)) continue;
        site_names.insert(site_of(row.kiosk_id));
        department_names.insert(row.department);
    }
    const Axis sites(sorted(site_names));
    const Axis departments(sorted(department_names));
    overview.all_sites = sites.names();
    overview.all_departments = departments.names();
    const Tables tables =
        build_tables(data, period, sites, departments, data.kiosk_sites, settings, threshold);

    // The filter: a row, a column, or both. A filter naming nothing in the data selects an empty figure.
    Selector filter;
    bool site_absent = false;
    if (query.site) {
        filter.row = sites.find(*query.site);
        site_absent = *filter.row == sites.size();
        filter.absent = site_absent;
    }
    if (query.department) {
        filter.column = departments.find(*query.department);
        if (*filter.column == departments.size()) filter.absent = true;
    }
    if (filter.absent) filter.row = filter.column = std::nullopt;
    overview.total = make_series("", filter, tables, period, daily, threshold);

    // The departments within the site filter (cells of its row, or column totals), only the chosen one when a
    // department is chosen; lines without any rating in the selection are left out (their points would all be 0).
    for (std::size_t column = 0; column < departments.size() && !filter.absent; ++column) {
        if (filter.column && *filter.column != column) continue;
        const Selector selector{filter.row, column, false};
        if (!filter.column && period_count(tables, selector) == 0) continue;
        overview.departments.push_back(make_series(departments.names()[column], selector, tables, period, daily, threshold));
        overview.barriers.push_back(make_barrier(departments.names()[column], selector, tables, settings, threshold));
    }
    for (std::size_t row = 0; row < sites.size() && !filter.absent; ++row) {
        if (filter.row && *filter.row != row) continue;
        const Selector selector{row, filter.column, false};
        if (!filter.row && period_count(tables, selector) == 0) continue;
        overview.sites.push_back(make_series(sites.names()[row], selector, tables, period, daily, threshold));
    }

    // Participation: ratings per site and day over all departments, for every site of the site filter with ratings
    // in the period: the site's row of the organisation's day tables, as the site's series in the daily view (a week
    // whose day would be hidden is one merged point), so these are the very figures the daily view shows. The
    // department filter does not narrow it. Not per kiosk: a site's figure is the sum of its kiosks' days, so kiosk
    // counts would give away a hidden site (its total minus the shown sites minus the other sites' kiosks).
    for (std::size_t row = 0; row < sites.size() && !site_absent; ++row) {
        if (filter.row && *filter.row != row) continue;
        const Selector selector{row, std::nullopt, false};
        if (period_count(tables, selector) == 0) continue;
        overview.participation.push_back(make_series(sites.names()[row], selector, tables, period, true, threshold));
    }
    return overview;
}

}  // namespace floorsync::collector

// The overview page (GET /dashboard/): filters, and every chart of the figures with the same figures as a table,
// under the anonymity rule (hidden figures read "too few responses" in tables and are gaps in charts).
#include "collector/dashboard/page_helpers.hpp"

#include "collector/local_time.hpp"

#include <algorithm>
#include <cmath>

namespace floorsync::collector::dashboard {

namespace {

using nlohmann::json;

constexpr const char* kTooFew = "too few responses";
constexpr const char* kNoResponses = "\u2013";  // an en dash: nothing to show, nothing hidden

const char* const kFaceLabels[5] = {"1 (lowest)", "2", "3", "4", "5 (highest)"};

bool daily(const Overview& overview) { return overview.query.granularity == Granularity::daily; }

// The columns of the time tables and the labels of the line charts: the weeks, or the days.
const std::vector<std::string>& columns_of(const Overview& overview) {
    return daily(overview) ? overview.days : overview.weeks;
}

// Where a point sits among the columns: its week, or (daily) its first day; a merged week sits at its Monday.
std::size_t column_of(const Overview& overview, const Point& point) {
    const auto& columns = columns_of(overview);
    const std::string& key = daily(overview) ? point.first_day : point.label;
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), key) - columns.begin());
}

// One chart value per column: the mean (or count) of the point there, null for hidden points, empty ones and the
// other days of a merged week.
json series_values(const Overview& overview, const Series& series, bool counts) {
    json values = json::array();
    for (std::size_t i = 0; i < columns_of(overview).size(); ++i) values.push_back(nullptr);
    for (const auto& point : series.points) {
        const std::size_t column = column_of(overview, point);
        if (column >= values.size() || !point.figure.shown || point.figure.count == 0) continue;
        if (counts) {
            values[column] = point.figure.count;
        } else {
            values[column] = std::round(point.figure.mean * 100) / 100;
        }
    }
    return values;
}

std::string figure_text(const Figure& figure, bool counts) {
    if (!figure.shown) return kTooFew;
    if (figure.count == 0) return kNoResponses;
    if (counts) return std::to_string(figure.count);
    return format_mean(figure.mean) + " (" + std::to_string(figure.count) + ")";
}

json figure_cell(const Figure& figure, bool counts, int span = 1, bool merged = false) {
    return {{"text", figure_text(figure, counts)}, {"hidden", !figure.shown}, {"span", std::to_string(span)},
            {"merged", merged}};
}

// A table row per series: one cell per point (a merged week spans its days), then the period figure.
json series_row(const Overview& overview, const Series& series, bool counts) {
    json cells = json::array();
    for (const auto& point : series.points) {
        const int span = daily(overview) ? days_between(point.first_day, point.last_day) + 1 : 1;
        cells.push_back(figure_cell(point.figure, counts, std::max(span, 1), point.merged));
    }
    json row = {{"name", department_label(series.name)}, {"cells", cells},
                {"period", figure_text(series.period, counts)}, {"period_hidden", !series.period.shown},
                {"hidden_weeks", series.hidden_weeks > 0},
                {"hidden_weeks_count", std::to_string(series.hidden_weeks)}};
    return row;
}

json line_chart(const Overview& overview, const std::vector<const Series*>& series, bool counts,
                const std::string& y_title) {
    json datasets = json::array();
    for (const Series* one : series)
        datasets.push_back({{"label", department_label(one->name)}, {"data", series_values(overview, *one, counts)}});
    json chart = {{"type", counts ? "bar" : "line"}, {"labels", columns_of(overview)}, {"datasets", datasets},
                  {"y_title", y_title}};
    if (!counts) {
        chart["y_min"] = 1;
        chart["y_max"] = 5;
    }
    return chart;
}

// A chart and its table: the JSON block (script-safe), and the rows.
json time_section(const Overview& overview, const std::string& id, const std::vector<const Series*>& series,
                  bool counts, const std::string& y_title) {
    json rows = json::array();
    for (const Series* one : series) rows.push_back(series_row(overview, *one, counts));
    return {{"chart_id", id}, {"data_id", id + "-data"},
            {"json", script_safe_json(line_chart(overview, series, counts, y_title))}, {"rows", rows},
            {"empty", series.empty()}};
}

std::vector<const Series*> pointers(const std::vector<Series>& series) {
    std::vector<const Series*> out;
    for (const auto& one : series) out.push_back(&one);
    return out;
}

// The five faces per department over the period (its period figure): stacked bars and a table. A hidden face reads
// "too few responses" in the table and is null in the chart; the shown faces then add up to less than "All".
json faces_section(const Overview& overview) {
    json labels = json::array();
    json datasets = json::array();
    for (int face = 0; face < 5; ++face) datasets.push_back({{"label", kFaceLabels[face]}, {"data", json::array()}});
    json rows = json::array();
    for (const auto& series : overview.departments) {
        labels.push_back(department_label(series.name));
        const Figure& figure = series.period;
        const bool shown = figure.shown && figure.count > 0;
        json cells = json::array();
        for (int face = 0; face < 5; ++face) {
            const bool face_shown = figure.shown && figure.face_shown[face];
            datasets[face]["data"].push_back(shown && face_shown ? json(figure.faces[face]) : json(nullptr));
            cells.push_back({{"text", face_shown ? std::to_string(figure.faces[face]) : kTooFew},
                             {"hidden", !face_shown}});
        }
        rows.push_back({{"name", department_label(series.name)}, {"cells", cells},
                        {"total", figure_text(figure, true)}, {"total_hidden", !figure.shown}});
    }
    json chart = {{"type", "bar"}, {"stacked", true}, {"labels", labels}, {"datasets", datasets},
                  {"y_title", "Ratings"}};
    json faces = json::array();
    for (const char* label : kFaceLabels) faces.push_back({{"label", label}});
    return {{"chart_id", "faces"}, {"data_id", "faces-data"}, {"json", script_safe_json(chart)}, {"rows", rows},
            {"faces", faces}, {"empty", overview.departments.empty()}};
}

// Ratings per site and day: one cell per point of the site's daily series (a merged week spans its seven days).
json participation_section(const Overview& overview) {
    json days = json::array();
    for (const auto& day : overview.days) days.push_back({{"day", day}});
    json rows = json::array();
    for (const auto& series : overview.participation) {
        json cells = json::array();
        for (const auto& point : series.points) {
            const int span = days_between(point.first_day, point.last_day) + 1;
            cells.push_back(figure_cell(point.figure, true, std::max(span, 1), point.merged));
        }
        rows.push_back({{"site", department_label(series.name)}, {"cells", cells}});
    }
    return {{"days", days}, {"rows", rows}, {"empty", overview.participation.empty()}};
}

json barrier_section(const Overview& overview, const DashboardSettings& settings) {
    json pillars = json::array();
    for (const auto& [pillar, reasons] : settings.pillars) pillars.push_back({{"label", pillar_label(pillar)}});
    json rows = json::array();
    for (const auto& barrier : overview.barriers) {
        json counts = json::array();
        for (const auto& [pillar, reasons] : settings.pillars) {
            const auto found = barrier.pillars.find(pillar);
            const std::int64_t count = found == barrier.pillars.end() ? 0 : found->second;
            counts.push_back({{"text", barrier.shown ? std::to_string(count) : kTooFew}, {"hidden", !barrier.shown}});
        }
        std::string pillar = kTooFew;
        if (barrier.shown) pillar = barrier.pillar.empty() ? "no pillar named" : pillar_label(barrier.pillar);
        rows.push_back({{"department", department_label(barrier.department)}, {"shown", barrier.shown},
                        {"pillar", pillar},
                        {"with_reasons", barrier.shown ? std::to_string(barrier.with_reasons) : kTooFew},
                        {"counts", counts}});
    }
    return {{"pillars", pillars}, {"rows", rows}, {"empty", overview.barriers.empty()}};
}

// The choices of a filter: "all", then each value ("" shown as "(none)", sent as kNoneValue).
json choices(const std::vector<std::string>& values, const std::optional<std::string>& selected,
             const std::string& all_label) {
    json options = json::array();
    options.push_back({{"value", ""}, {"label", all_label}, {"selected", !selected}});
    for (const auto& value : values)
        options.push_back({{"value", value.empty() ? std::string(kNoneValue) : value},
                           {"label", department_label(value)},
                           {"selected", selected && *selected == value}});
    return options;
}

HttpResponse overview_page(const PageRequest& request, Resources& resources) {
    const Overview overview = load_overview(resources, overview_query_from(request.query), request.now);
    json columns = json::array();
    for (const auto& column : columns_of(overview)) columns.push_back({{"label", column}});

    json context;
    context["from"] = overview.query.from_day;
    context["to"] = overview.query.to_day;
    context["daily"] = daily(overview);
    context["sites"] = choices(overview.all_sites, overview.query.site, "All sites");
    context["departments"] = choices(overview.all_departments, overview.query.department, "All departments");
    context["threshold"] = std::to_string(overview.threshold);
    context["columns"] = columns;
    context["export_query"] = overview_query_string(overview.query);
    // The whole selection is its own line among the counts; its name is not a department.
    Series total = overview.total;
    total.name = "All selected";
    context["total_confidence"] = figure_text(overview.total.period, false);
    context["total_count"] = figure_text(overview.total.period, true);
    context["confidence_departments"] = time_section(overview, "confidence-departments", pointers(overview.departments),
                                                     false, "Mean confidence (1 to 5)");
    context["confidence_sites"] =
        time_section(overview, "confidence-sites", pointers(overview.sites), false, "Mean confidence (1 to 5)");
    std::vector<const Series*> counted{&total};
    for (const auto& series : overview.departments) counted.push_back(&series);
    context["counts"] = time_section(overview, "response-counts", counted, true, "Responses");
    context["faces"] = faces_section(overview);
    context["participation"] = participation_section(overview);
    context["barriers"] = barrier_section(overview, resources.settings);
    return render_page(request, "overview", "Overview", "overview.mustache", std::move(context));
}

}  // namespace

std::vector<Route> overview_page_routes() {
    return {{"GET", "/dashboard/", overview_page}};
}

}  // namespace floorsync::collector::dashboard

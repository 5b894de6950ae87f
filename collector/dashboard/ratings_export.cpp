// The overview's figures as CSV and JSON exports: one row per series point, period and barrier, hidden ones empty.
#include "collector/dashboard/ratings_export.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace floorsync::collector {

namespace {

using nlohmann::json;

const char* granularity_name(Granularity granularity) {
    return granularity == Granularity::daily ? "daily" : "weekly";
}

std::string two_decimals(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

// Every series of the overview with the kind the exports name it by.
struct NamedSeries {
    const char* kind;
    const Series* series;
};
std::vector<NamedSeries> all_series(const Overview& overview) {
    std::vector<NamedSeries> all{{"total", &overview.total}};
    for (const auto& series : overview.departments) all.push_back({"department", &series});
    for (const auto& series : overview.sites) all.push_back({"site", &series});
    return all;
}

class CsvWriter {
public:
    explicit CsvWriter(std::ostream& out) : out_(out) {}
    void row(const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0) out_ << ',';
            out_ << fields[i];
        }
        out_ << "\r\n";
    }
    // kind, name, period, first_day, last_day, then the figure's columns.
    void figure(const char* kind, const std::string& name, const std::string& period, const std::string& first_day,
                const std::string& last_day, const Figure& figure) {
        std::vector<std::string> fields{kind, csv_field(name, true), csv_field(period), first_day, last_day,
                                        figure.shown ? "true" : "false"};
        if (!figure.shown) {
            for (int i = 0; i < 7; ++i) fields.emplace_back();
            fields.emplace_back(kTooFewResponses);
        } else {
            fields.push_back(std::to_string(figure.count));
            fields.push_back(figure.count == 0 ? std::string() : two_decimals(figure.mean));
            for (std::size_t face = 0; face < 5; ++face)
                fields.push_back(figure.face_shown[face] ? std::to_string(figure.faces[face]) : kTooFewResponses);
            fields.emplace_back();
        }
        row(fields);
        ++rows_;
    }
    void barrier(const Barrier& barrier, const OverviewQuery& query) {
        std::vector<std::string> fields{"barrier", csv_field(barrier.department, true), "all", query.from_day,
                                        query.to_day, barrier.shown ? "true" : "false"};
        fields.push_back(barrier.shown ? std::to_string(barrier.with_reasons) : std::string());
        for (int i = 0; i < 6; ++i) fields.emplace_back();  // mean and faces: not figures of a barrier
        fields.push_back(barrier.shown ? csv_field(barrier.pillar) : std::string(kTooFewResponses));
        row(fields);
        ++rows_;
    }
    std::size_t rows() const { return rows_; }

private:
    std::ostream& out_;
    std::size_t rows_ = 0;
};

json figure_json(const Figure& figure) {
    if (!figure.shown) return {{"shown", false}, {"note", kTooFewResponses}};
    json faces = json::array();
    for (std::size_t face = 0; face < 5; ++face)
        faces.push_back(figure.face_shown[face] ? json(figure.faces[face]) : json(nullptr));
    json value = {{"shown", true}, {"responses", figure.count}, {"faces", faces}};
    value["mean"] = figure.count == 0 ? json(nullptr) : json(std::round(figure.mean * 100) / 100);
    return value;
}

json series_json(const Series& series, std::size_t& points) {
    json out_points = json::array();
    for (const auto& point : series.points) {
        json value = {{"label", point.label}, {"first_day", point.first_day}, {"last_day", point.last_day},
                      {"merged", point.merged}};
        value.update(figure_json(point.figure));
        out_points.push_back(std::move(value));
        ++points;
    }
    return {{"name", series.name}, {"points", out_points}, {"period", figure_json(series.period)},
            {"hidden_weeks", series.hidden_weeks}};
}

json optional_json(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

}  // namespace

std::size_t write_ratings_csv(const Overview& overview, std::ostream& out, const CsvOptions& options) {
    if (options.byte_order_mark) out << "\xEF\xBB\xBF";
    CsvWriter csv(out);
    csv.row({"kind", "name", "period", "first_day", "last_day", "shown", "responses", "mean", "face_1", "face_2",
             "face_3", "face_4", "face_5", "note"});
    const auto series = all_series(overview);
    for (const auto& [kind, one] : series)
        for (const auto& point : one->points)
            csv.figure(kind, one->name, point.label, point.first_day, point.last_day, point.figure);
    for (const auto& [kind, one] : series)
        csv.figure(kind, one->name, "all", overview.query.from_day, overview.query.to_day, one->period);
    for (const auto& barrier : overview.barriers) csv.barrier(barrier, overview.query);
    out.flush();
    return csv.rows();
}

std::size_t write_ratings_json(const Overview& overview, std::ostream& out) {
    std::size_t points = 0;
    json document = {{"from", overview.query.from_day},
                     {"to", overview.query.to_day},
                     {"granularity", granularity_name(overview.query.granularity)},
                     {"site", optional_json(overview.query.site)},
                     {"department", optional_json(overview.query.department)},
                     {"threshold", overview.threshold}};
    document["total"] = series_json(overview.total, points);
    document["departments"] = json::array();
    for (const auto& series : overview.departments) document["departments"].push_back(series_json(series, points));
    document["sites"] = json::array();
    for (const auto& series : overview.sites) document["sites"].push_back(series_json(series, points));
    document["barriers"] = json::array();
    for (const auto& barrier : overview.barriers) {
        json value = {{"department", barrier.department}, {"shown", barrier.shown}};
        if (barrier.shown) {
            value["pillar"] = barrier.pillar;
            value["with_reasons"] = barrier.with_reasons;
            value["pillars"] = barrier.pillars;
        } else {
            value["note"] = kTooFewResponses;
        }
        document["barriers"].push_back(std::move(value));
    }
    // Invalid UTF-8 in a name (it cannot come from validated events) is replaced rather than failing the export.
    out << document.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    out.flush();
    return points;
}

Overview overview_from_storage(Storage& storage, const OverviewQuery& asked, const DashboardSettings& settings,
                               const std::string& today) {
    const OverviewQuery query = resolve_query(asked, today);
    OverviewData data;
    {
        const auto ratings = storage.open_ratings();
        data.ratings = ratings->rating_counts(query.from_day, query.to_day);
        data.reasons = ratings->reason_counts(query.from_day, query.to_day);
    }
    for (const auto& kiosk : storage.open_kiosks()->list()) data.kiosk_sites[kiosk.id] = kiosk.site;
    return build_overview(data, query, settings);
}

}  // namespace floorsync::collector

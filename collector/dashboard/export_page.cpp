// The dashboard's downloads: the overview's figures (under the anonymity rule, with the overview's filters as query
// parameters) as CSV and JSON, and the questions as CSV and JSON (never the kiosk, never a time finer than the day).
#include "collector/dashboard/page_helpers.hpp"

#include "collector/dashboard/ratings_export.hpp"
#include "collector/export.hpp"

#include <sstream>

namespace floorsync::collector::dashboard {

namespace {

HttpResponse ratings_csv(const PageRequest& request, Resources& resources) {
    const Overview overview = load_overview(resources, overview_query_from(request.query), request.now);
    std::ostringstream out;
    write_ratings_csv(overview, out, CsvOptions{true});
    return download("text/csv; charset=utf-8", "ratings.csv", out.str());
}

HttpResponse ratings_json(const PageRequest& request, Resources& resources) {
    const Overview overview = load_overview(resources, overview_query_from(request.query), request.now);
    std::ostringstream out;
    write_ratings_json(overview, out);
    return download("application/json", "ratings.json", out.str());
}

HttpResponse questions_csv(const PageRequest&, Resources& resources) {
    std::ostringstream out;
    with_table(resources.questions, [&](QuestionTable& table) {
        return export_questions_csv(table, out, CsvOptions{true});
    });
    return download("text/csv; charset=utf-8", "questions.csv", out.str());
}

HttpResponse questions_json(const PageRequest&, Resources& resources) {
    std::ostringstream out;
    with_table(resources.questions, [&](QuestionTable& table) { return export_questions_json(table, out); });
    return download("application/json", "questions.json", out.str());
}

}  // namespace

std::vector<Route> export_page_routes() {
    return {
        {"GET", "/dashboard/export/ratings.csv", ratings_csv},
        {"GET", "/dashboard/export/ratings.json", ratings_json},
        {"GET", "/dashboard/export/questions.csv", questions_csv},
        {"GET", "/dashboard/export/questions.json", questions_json},
    };
}

}  // namespace floorsync::collector::dashboard

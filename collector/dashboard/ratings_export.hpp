// Exports of the overview's figures (aggregated ratings under the anonymity rule) as CSV and JSON: what the dashboard's
// export links and `kiosk-collector export --what ratings` give. Never a row per rating.
#pragma once

#include "collector/dashboard/dashboard_settings.hpp"
#include "collector/dashboard/overview.hpp"
#include "collector/export.hpp"
#include "collector/storage/storage.hpp"

#include <cstddef>
#include <ostream>
#include <string>

namespace floorsync::collector {

// The text of every hidden figure's `note`.
inline constexpr const char* kTooFewResponses = "too few responses";

// CSV (RFC 4180, UTF-8, CRLF). Columns: kind, name, period, first_day, last_day, shown, responses, mean, face_1 ..
// face_5, note. One row per series point (kind "total", "department" or "site"; period: the point's label, a week
// "2026-W47" or a day), then one row per series for the whole period (period "all", first and last day of the
// query), then one row per barrier (kind "barrier", name: the department, responses: ratings with reasons, mean:
// empty, note: the pillar, or "too few responses"). A hidden figure leaves responses, mean and faces empty and says
// "too few responses" in `note`; a hidden face of a shown figure says "too few responses" in its face column (the
// shown faces then add up to less than `responses`). The total's name is "" like "no department": its kind tells it
// apart. Only ended weeks appear (resolve_query).
// Returns the number of rows written (without the header).
std::size_t write_ratings_csv(const Overview& overview, std::ostream& out, const CsvOptions& options = {});

// JSON: {"from","to","granularity","site","department","threshold","total":{series},"departments":[series],
// "sites":[series],"barriers":[{"department","shown","pillar","with_reasons","pillars":{...}}]} where a series is
// {"name","points":[{"label","first_day","last_day","merged",figure}],"period":figure,"hidden_weeks"} and a figure is
// {"shown":true,"responses":N,"mean":3.8,"faces":[n1..n5]} (a hidden face: null, too few responses) or
// {"shown":false,"note":"too few responses"}; a filter
// that is not set is null. Returns the number of series points written.
std::size_t write_ratings_json(const Overview& overview, std::ostream& out);

// The overview for `asked` (resolved against `today`, "YYYY-MM-DD") from the ratings read model and the kiosks' sites
// of `storage`: what the command line exports.
Overview overview_from_storage(Storage& storage, const OverviewQuery& asked, const DashboardSettings& settings,
                               const std::string& today);

}  // namespace floorsync::collector

// What the dashboard's pages share: script-safe JSON, local times, department lists, notices, the overview's
// filters and the data behind them, and the routes each page file contributes (gathered by page_routes.cpp).
#pragma once

#include "collector/dashboard/overview.hpp"
#include "collector/dashboard/web.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::collector::dashboard {

// JSON text safe inside <script type="application/json">: '<', '>' and '&' become \u003c, \u003e and \u0026, so no
// string can close the script element or open a comment; invalid UTF-8 is replaced. Placed with {{{ }}}.
std::string script_safe_json(const nlohmann::json& value);

// A text for a template section ({{#error}}...{{/error}}): null (false to the engine) when empty, since the engine
// treats an empty string as true.
nlohmann::json text_or_null(const std::string& text);

// "2026-05-04 09:00" in the collector's local time zone for an RFC 3339 time; "" for ""; the text itself when
// malformed.
std::string local_minutes(const std::string& rfc3339);
// "2026-05-04T09:00" (an <input type="datetime-local"> value) for an RFC 3339 time; "" for "".
std::string local_datetime_input(const std::string& rfc3339);

// "YYYY-MM-DD" plus `days` (negative: earlier); the text itself when it is not a day.
std::string add_days(const std::string& day, int days);
// Whole days from `from_day` to `to_day` (negative when earlier); 0 when either is not a day.
int days_between(const std::string& from_day, const std::string& to_day);

// A department as pages show it: "" is "(none)".
std::string department_label(const std::string& department);
// Every department some kiosk serves, sorted, unique (the choices of audience and ambassador forms).
std::vector<std::string> kiosk_departments(Resources& resources);

// The fixed message for a notice key after a redirect ("?notice=answered"); "" for an unknown key.
std::string notice_text(const std::map<std::string, std::string>& messages, const PageRequest& request);

// A service's message for the browser: the command-line hints it carries for the CLI are left out or reworded
// ("no question with id 'x' (see: question list)" becomes "no question with id 'x'"). The services keep their
// messages as they are for the command line.
std::string browser_message(std::string message);

// browser_message, with the command-line option the message begins with named as the form names the field: with
// {"--text", "The answer"}, "--text is empty" becomes "The answer is empty".
std::string form_message(std::string message, const std::map<std::string, std::string>& fields);

// A mean as the pages show it: one decimal ("3.8").
std::string format_mean(double mean);

// The overview's filters as query parameters (from, to, site, department, granularity); "~none" as a site or
// department is the kiosks without a site or the ratings without a department; empty or absent: all. Bad days fall
// back to resolve_query's default period.
inline constexpr const char* kNoneValue = "~none";
OverviewQuery overview_query_from(const FormFields& query);
// The same filters as a query string ("from=...&to=...&granularity=weekly"), for links to exports.
std::string overview_query_string(const OverviewQuery& query);

// The overview for `asked` (resolved against today in the local time zone): the read model's counts for the
// period and the kiosks' sites, through build_overview.
Overview load_overview(Resources& resources, const OverviewQuery& asked, SystemTime now);

// A table from `pool` for one use; a connection that failed with StorageError is discarded, not reused.
template <class Pool, class Use>
auto with_table(Pool& pool, Use&& use) {
    auto lease = pool.acquire();
    try {
        return use(*lease);
    } catch (const StorageError&) {
        lease.discard();
        throw;
    }
}

// The routes of each page file.
std::vector<Route> overview_page_routes();
std::vector<Route> questions_page_routes();
std::vector<Route> kiosks_page_routes();
std::vector<Route> alerts_page_routes();
std::vector<Route> publish_page_routes();
std::vector<Route> ambassadors_page_routes();
std::vector<Route> export_page_routes();

}  // namespace floorsync::collector::dashboard

// What the dashboard's pages share: script-safe JSON, local times, department lists, notices, the overview's data.
#include "collector/dashboard/page_helpers.hpp"

#include "collector/local_time.hpp"
#include "sync/shared/clock.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <optional>
#include <set>

namespace floorsync::collector::dashboard {

namespace {

std::optional<std::chrono::sys_days> parse_day(const std::string& day) {
    int year = 0;
    unsigned month = 0;
    unsigned day_of_month = 0;
    char extra = 0;
    if (day.size() != 10 || std::sscanf(day.c_str(), "%4d-%2u-%2u%c", &year, &month, &day_of_month, &extra) != 3)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                           std::chrono::day(day_of_month)};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days(date);
}

std::string format_day(std::chrono::sys_days days) {
    const std::chrono::year_month_day date(days);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

}  // namespace

std::string script_safe_json(const nlohmann::json& value) {
    const std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string safe;
    safe.reserve(text.size() + 16);
    // Outside strings JSON never holds these characters, so replacing them everywhere only touches string contents,
    // where \u escapes mean the same characters to JSON.parse.
    for (const char c : text) {
        switch (c) {
            case '<': safe += "\\u003c"; break;
            case '>': safe += "\\u003e"; break;
            case '&': safe += "\\u0026"; break;
            default: safe += c;
        }
    }
    return safe;
}

nlohmann::json text_or_null(const std::string& text) {
    if (text.empty()) return nullptr;
    return text;
}

std::string local_minutes(const std::string& rfc3339) {
    if (rfc3339.empty()) return "";
    const auto time = parse_rfc3339(rfc3339);
    return time ? format_local_minutes(*time) : rfc3339;
}

std::string local_datetime_input(const std::string& rfc3339) {
    std::string text = local_minutes(rfc3339);
    if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
    return text;
}

std::string add_days(const std::string& day, int days) {
    const auto parsed = parse_day(day);
    return parsed ? format_day(*parsed + std::chrono::days(days)) : day;
}

int days_between(const std::string& from_day, const std::string& to_day) {
    const auto from = parse_day(from_day);
    const auto to = parse_day(to_day);
    if (!from || !to) return 0;
    return static_cast<int>((*to - *from).count());
}

std::string department_label(const std::string& department) { return department.empty() ? "(none)" : department; }

std::vector<std::string> kiosk_departments(Resources& resources) {
    const auto kiosks = with_table(resources.kiosks, [](KioskTable& table) { return table.list(); });
    std::set<std::string> names;
    for (const auto& kiosk : kiosks)
        for (const auto& department : kiosk.departments) names.insert(department);
    return {names.begin(), names.end()};
}

std::string notice_text(const std::map<std::string, std::string>& messages, const PageRequest& request) {
    const auto found = messages.find(request.query.get("notice"));
    return found == messages.end() ? std::string() : found->second;
}

std::string browser_message(std::string message) {
    // " (see: kiosk-collector content list --all)": where to look on the command line; the page itself lists them.
    for (auto at = message.find(" (see: "); at != std::string::npos; at = message.find(" (see: ", at)) {
        const auto close = message.find(')', at);
        if (close == std::string::npos) break;
        message.erase(at, close - at + 1);
    }
    // Options a message names as the way out, said as the form says them.
    static const std::pair<const char*, const char*> kReworded[] = {
        {"edit it with --no-go-live", "edit it and untick “This is the go-live”"},
    };
    for (const auto& [cli, browser] : kReworded)
        if (const auto at = message.find(cli); at != std::string::npos) message.replace(at, std::strlen(cli), browser);
    return message;
}

std::string form_message(std::string message, const std::map<std::string, std::string>& fields) {
    for (const auto& [option, label] : fields) {
        if (message.rfind(option + " ", 0) == 0) return browser_message(label + message.substr(option.size()));
    }
    return browser_message(std::move(message));
}

std::string format_mean(double mean) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", mean);
    return buffer;
}

OverviewQuery overview_query_from(const FormFields& query) {
    OverviewQuery asked;
    asked.from_day = query.get("from");
    asked.to_day = query.get("to");
    const auto choice = [&](const std::string& name) -> std::optional<std::string> {
        const std::string value = query.get(name);
        if (value.empty()) return std::nullopt;
        return value == kNoneValue ? std::string() : value;
    };
    asked.site = choice("site");
    asked.department = choice("department");
    asked.granularity = query.get("granularity") == "daily" ? Granularity::daily : Granularity::weekly;
    return asked;
}

std::string overview_query_string(const OverviewQuery& query) {
    std::string text = "from=" + url_encode(query.from_day) + "&to=" + url_encode(query.to_day);
    if (query.site) text += "&site=" + url_encode(query.site->empty() ? kNoneValue : *query.site);
    if (query.department)
        text += "&department=" + url_encode(query.department->empty() ? kNoneValue : *query.department);
    text += query.granularity == Granularity::daily ? "&granularity=daily" : "&granularity=weekly";
    return text;
}

Overview load_overview(Resources& resources, const OverviewQuery& asked, SystemTime now) {
    const OverviewQuery query = resolve_query(asked, local_day(now));
    OverviewData data;
    // The two reads are independent and each takes tens of milliseconds over a large read model (on PostgreSQL
    // mostly waiting for the server): the reasons are read on a second connection of the pool meanwhile. The
    // future's destructor waits for it, also when the first read throws.
    auto reasons = std::async(std::launch::async, [&] {
        return with_table(resources.ratings,
                          [&](RatingTable& table) { return table.reason_counts(query.from_day, query.to_day); });
    });
    data.ratings = with_table(resources.ratings,
                              [&](RatingTable& table) { return table.rating_counts(query.from_day, query.to_day); });
    for (const auto& kiosk : with_table(resources.kiosks, [](KioskTable& table) { return table.list(); }))
        data.kiosk_sites[kiosk.id] = kiosk.site;
    data.reasons = reasons.get();
    return build_overview(data, query, resources.settings);
}

}  // namespace floorsync::collector::dashboard

// The kiosks page (GET /dashboard/kiosks): each kiosk's site, departments, state, last contact, app version,
// backlog, quarantined events and suspect repeated taps; a kiosk not seen for kiosk_silent_minutes is marked silent.
#include "collector/dashboard/kiosks_page.hpp"

#include "collector/dashboard/page_helpers.hpp"

#include "collector/local_time.hpp"
#include "sync/shared/clock.hpp"

#include <chrono>

namespace floorsync::collector::dashboard {

namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

// "12 min ago", "5 h ago", "3 days ago".
std::string ago(SystemTime then, SystemTime now) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(now - then).count();
    if (minutes < 1) return "just now";
    if (minutes < 120) return std::to_string(minutes) + " min ago";
    if (minutes < 48 * 60) return std::to_string(minutes / 60) + " h ago";
    return std::to_string(minutes / (24 * 60)) + " days ago";
}

}  // namespace

std::string quarantined_text(const std::optional<std::int64_t>& quarantined) {
    if (!quarantined) return "not reported (older kiosk)";
    return *quarantined == 0 ? std::string("none") : std::to_string(*quarantined);
}

json kiosk_row(const KioskRecord& kiosk, const SuspectCount* suspect, SystemTime now, std::chrono::minutes silent_after) {
    const bool active = kiosk.revoked_at.empty();
    // Never seen: silent counts from when it was added, as the alerts do.
    const std::string& seen_or_added = kiosk.last_seen.empty() ? kiosk.created_at : kiosk.last_seen;
    const auto seen = parse_rfc3339(seen_or_added);
    const bool silent = active && seen && now - *seen > silent_after;
    return {
        {"id", kiosk.id},
        {"site", kiosk.site.empty() ? std::string("(not set)") : kiosk.site},
        {"departments", kiosk.departments.empty() ? std::string("(none)") : join(kiosk.departments)},
        {"active", active},
        {"revoked_at", local_minutes(kiosk.revoked_at)},
        {"last_seen", kiosk.last_seen.empty() ? std::string("never") : local_minutes(kiosk.last_seen)},
        {"last_seen_ago", text_or_null(kiosk.last_seen.empty() || !seen ? std::string() : ago(*seen, now))},
        {"app_version", kiosk.app_version.empty() ? std::string("\u2013") : kiosk.app_version},
        {"backlog", kiosk.backlog ? std::to_string(*kiosk.backlog) : std::string("\u2013")},
        {"quarantined", quarantined_text(kiosk.quarantined)},
        {"quarantined_unknown", !kiosk.quarantined.has_value()},
        {"quarantined_some", kiosk.quarantined.value_or(0) > 0},
        {"suspect", suspect == nullptr ? std::string("0") : std::to_string(suspect->count)},
        {"suspect_last_day", text_or_null(suspect == nullptr ? std::string() : suspect->last_day)},
        {"silent", silent},
    };
}

namespace {

HttpResponse kiosks_page(const PageRequest& request, Resources& resources) {
    const auto kiosks = with_table(resources.kiosks, [](KioskTable& table) { return table.list(); });
    // Suspect taps of every day kept: they are counted here only, never in the figures.
    const auto suspects = with_table(resources.ratings, [](RatingTable& table) {
        return table.suspect_counts("0000-01-01", "9999-12-31");
    });
    std::map<std::string, const SuspectCount*> suspect_of;
    for (const auto& count : suspects) suspect_of[count.kiosk_id] = &count;

    const auto silent_after = std::chrono::minutes(resources.settings.kiosk_silent_minutes);
    json rows = json::array();
    std::size_t silent_count = 0;
    for (const auto& kiosk : kiosks) {
        const auto suspect = suspect_of.find(kiosk.id);
        json row = kiosk_row(kiosk, suspect == suspect_of.end() ? nullptr : suspect->second, request.now, silent_after);
        silent_count += row["silent"].get<bool>() ? 1 : 0;
        rows.push_back(std::move(row));
    }
    json context = {
        {"kiosks", rows},
        {"none", kiosks.empty()},
        {"silent_minutes", std::to_string(resources.settings.kiosk_silent_minutes)},
        {"silent_count", std::to_string(silent_count)},
        {"any_silent", silent_count > 0},
    };
    return render_page(request, "kiosks", "Kiosks", "kiosks.mustache", std::move(context));
}

}  // namespace

std::vector<Route> kiosks_page_routes() {
    return {{"GET", "/dashboard/kiosks", kiosks_page}};
}

}  // namespace floorsync::collector::dashboard

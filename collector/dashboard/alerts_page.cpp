// The alerts page (GET /dashboard/alerts, POST /dashboard/alerts/ack): the alerts computed from the data now, open
// ones first with an Acknowledge button, acknowledged ones with who and when.
#include "collector/dashboard/page_helpers.hpp"

#include "collector/dashboard/alerts.hpp"
#include "collector/local_time.hpp"
#include "sync/shared/clock.hpp"

namespace floorsync::collector::dashboard {

namespace {

using nlohmann::json;

const std::map<std::string, std::string> kNotices = {
    {"acknowledged", "The alert is acknowledged."},
};

const char* kind_label(AlertKind kind) {
    switch (kind) {
        case AlertKind::confidence_drop: return "Confidence drop";
        case AlertKind::question_waiting: return "Question waiting";
        case AlertKind::kiosk_silent: return "Kiosk silent";
    }
    return "";
}

std::vector<Alert> current_alerts(Resources& resources, SystemTime now) {
    // The last three whole weeks and this one, without filters: compute_alerts compares the last two whole weeks.
    OverviewQuery weekly;
    weekly.to_day = local_day(now);
    weekly.from_day = add_days(weekly.to_day, -21);
    const Overview overview = load_overview(resources, weekly, now);
    const auto questions = with_table(resources.questions, [](QuestionTable& table) { return table.list(); });
    const auto kiosks = with_table(resources.kiosks, [](KioskTable& table) { return table.list(); });
    const auto acks = with_table(resources.accounts, [](AccountTable& table) { return table.acknowledgements(); });
    return compute_alerts(overview, questions, kiosks, acks, resources.settings, now);
}

HttpResponse render_alerts(const PageRequest& request, Resources& resources, const std::string& error, int status) {
    json open = json::array();
    json acknowledged = json::array();
    for (const auto& alert : current_alerts(resources, request.now)) {
        json entry = {
            {"key", alert.key},
            {"kind", kind_label(alert.kind)},
            {"kind_key", to_string(alert.kind)},
            {"subject", department_label(alert.subject)},
            {"message", alert.message},
            {"since", local_minutes(alert.since)},
        };
        if (alert.ack) {
            entry["by"] = alert.ack->by;
            entry["at"] = local_minutes(alert.ack->at);
            acknowledged.push_back(std::move(entry));
        } else {
            open.push_back(std::move(entry));
        }
    }
    json context = {
        {"notice", text_or_null(notice_text(kNotices, request))},
        {"error", text_or_null(error)},
        {"open", open},
        {"acknowledged", acknowledged},
        {"no_open", open.empty()},
    };
    return render_page(request, "alerts", "Alerts", "alerts.mustache", std::move(context), status);
}

HttpResponse alerts_page(const PageRequest& request, Resources& resources) {
    return render_alerts(request, resources, "", 200);
}

// Only the key of a current alert is stored: a made-up or stale key is refused.
HttpResponse acknowledge_alert(const PageRequest& request, Resources& resources) {
    const std::string key = request.form.get("key");
    bool current = false;
    for (const auto& alert : current_alerts(resources, request.now)) current = current || alert.key == key;
    if (!current)
        return render_alerts(request, resources, "That alert is no longer current (the situation has changed).", 400);
    with_table(resources.accounts, [&](AccountTable& table) {
        // false: someone acknowledged it first; their acknowledgement is kept and shown.
        return table.acknowledge(AlertAck{key, request.account.name, format_rfc3339_utc(request.now)});
    });
    return see_other("/dashboard/alerts?notice=acknowledged");
}

}  // namespace

std::vector<Route> alerts_page_routes() {
    return {
        {"GET", "/dashboard/alerts", alerts_page},
        {"POST", "/dashboard/alerts/ack", acknowledge_alert},
    };
}

}  // namespace floorsync::collector::dashboard

// The dashboard's alerts, derived from the data each time: confidence drops, waiting questions, silent kiosks.
#include "collector/dashboard/alerts.hpp"

#include "collector/local_time.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

namespace floorsync::collector {

namespace {

std::string one_decimal(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

// Local midnight of a day as RFC 3339 UTC; the day itself when it cannot be read.
std::string start_of_day(const std::string& day) {
    try {
        return format_rfc3339_utc(parse_time_point(day));
    } catch (const TimeFormatError&) {
        return day;
    }
}

// Drops between consecutive weeks of each department, both shown and with ratings. A week still running (its last
// day is today or later) is never compared: its figure is not final.
void add_drops(std::vector<Alert>& alerts, const Overview& weekly, const DashboardSettings& settings,
               const std::string& today) {
    for (const Series& series : weekly.departments) {
        for (std::size_t i = 1; i < series.points.size(); ++i) {
            const Point& before = series.points[i - 1];
            const Point& after = series.points[i];
            if (after.last_day >= today) continue;
            if (!before.figure.shown || !after.figure.shown || before.figure.count == 0 || after.figure.count == 0)
                continue;
            // Compare the figures as shown (one decimal), so the alert never contradicts what the page says.
            const double drop = std::round(before.figure.mean * 10) / 10 - std::round(after.figure.mean * 10) / 10;
            if (drop + 1e-9 < settings.alert_confidence_drop) continue;
            Alert alert;
            alert.kind = AlertKind::confidence_drop;
            alert.key = "drop:" + series.name + ":" + after.label;
            alert.subject = series.name;
            alert.message = "Confidence fell from " + one_decimal(before.figure.mean) + " to " +
                            one_decimal(after.figure.mean) + " (week " + after.label + " against " + before.label + ")";
            alert.since = start_of_day(after.first_day);
            alerts.push_back(std::move(alert));
        }
    }
}

// New questions waiting longer than the setting. The text is shown (it was asked to be answered), the time only as
// its day and a whole number of days, never finer.
void add_waiting_questions(std::vector<Alert>& alerts, const std::vector<QuestionRecord>& questions,
                           const DashboardSettings& settings, SystemTime now) {
    const auto limit = std::chrono::hours(settings.alert_question_wait_hours);
    for (const QuestionRecord& question : questions) {
        if (question.view.state != questions::State::open) continue;
        const auto asked = parse_rfc3339(question.created_at);
        if (!asked || now - *asked < limit) continue;
        const auto days = std::chrono::duration_cast<std::chrono::hours>(now - *asked).count() / 24;
        Alert alert;
        alert.kind = AlertKind::question_waiting;
        alert.key = "question:" + question.view.id;
        alert.subject = question.view.department;
        alert.message = (days == 0   ? std::string("Waiting less than a day")
                         : days == 1 ? std::string("Waiting 1 day")
                                     : "Waiting " + std::to_string(days) + " days") +
                        " for an answer: " + question.view.text;
        alert.since = question.view.day.empty() ? start_of_day(local_day(*asked)) : start_of_day(question.view.day);
        alerts.push_back(std::move(alert));
    }
}

// Active kiosks not seen for longer than the setting; a kiosk never seen counts from when it was added.
void add_silent_kiosks(std::vector<Alert>& alerts, const std::vector<KioskRecord>& kiosks,
                       const DashboardSettings& settings, SystemTime now) {
    const auto limit = std::chrono::minutes(settings.kiosk_silent_minutes);
    for (const KioskRecord& kiosk : kiosks) {
        if (!kiosk.revoked_at.empty()) continue;
        const bool never_seen = kiosk.last_seen.empty();
        const std::string& since = never_seen ? kiosk.created_at : kiosk.last_seen;
        const auto time = parse_rfc3339(since);
        if (!time || now - *time < limit) continue;
        Alert alert;
        alert.kind = AlertKind::kiosk_silent;
        alert.key = "silent:" + kiosk.id + ":" + (never_seen ? std::string("never") : kiosk.last_seen);
        alert.subject = kiosk.id;
        alert.message = never_seen ? "Never seen since it was added on " + format_local_minutes(*time)
                                   : "Not seen since " + format_local_minutes(*time);
        alert.since = since;
        alerts.push_back(std::move(alert));
    }
}

}  // namespace

const char* to_string(AlertKind kind) {
    switch (kind) {
        case AlertKind::confidence_drop: return "confidence_drop";
        case AlertKind::question_waiting: return "question_waiting";
        case AlertKind::kiosk_silent: return "kiosk_silent";
    }
    return "kiosk_silent";
}

std::vector<Alert> compute_alerts(const Overview& weekly, const std::vector<QuestionRecord>& questions,
                                  const std::vector<KioskRecord>& kiosks, const std::vector<AlertAck>& acks,
                                  const DashboardSettings& settings, SystemTime now) {
    std::vector<Alert> alerts;
    add_drops(alerts, weekly, settings, local_day(now));
    add_waiting_questions(alerts, questions, settings, now);
    add_silent_kiosks(alerts, kiosks, settings, now);

    std::map<std::string, const AlertAck*> by_key;
    for (const AlertAck& ack : acks) by_key.emplace(ack.alert_key, &ack);  // the first acknowledgement is kept
    for (Alert& alert : alerts) {
        const auto found = by_key.find(alert.key);
        if (found != by_key.end()) alert.ack = *found->second;
    }
    // Newest first. Times are RFC 3339 UTC, mostly of one form; compare instants where they parse.
    std::stable_sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) {
        const auto ta = parse_rfc3339(a.since), tb = parse_rfc3339(b.since);
        if (ta && tb && *ta != *tb) return *ta > *tb;
        if (ta.has_value() != tb.has_value()) return ta.has_value();
        return a.key < b.key;
    });
    return alerts;
}

}  // namespace floorsync::collector

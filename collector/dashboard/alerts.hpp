// The dashboard's alerts, computed from the data each time (only acknowledgements are stored): a department's
// confidence dropping against its previous week, a question waiting too long, a kiosk that has gone silent.
#pragma once

#include "collector/dashboard/dashboard_settings.hpp"
#include "collector/dashboard/overview.hpp"
#include "collector/storage/storage.hpp"
#include "sync/shared/clock.hpp"

#include <optional>
#include <string>
#include <vector>

namespace floorsync::collector {

enum class AlertKind { confidence_drop, question_waiting, kiosk_silent };
const char* to_string(AlertKind kind);  // "confidence_drop", "question_waiting", "kiosk_silent"

struct Alert {
    AlertKind kind = AlertKind::kiosk_silent;
    // Stable while the situation lasts, new when it happens again: "drop:DEPT:2026-W47" (the week that dropped),
    // "question:ID", "silent:KIOSK:LAST_SEEN".
    std::string key;
    std::string subject;  // the department, the question's department, the kiosk id
    std::string message;  // "Confidence fell from 3.9 to 3.1 (week 2026-W47 against 2026-W46)",
                          // "Waiting 5 days for an answer: <question text>", "Not seen since 2026-11-30 14:02"
    std::string since;    // RFC 3339 UTC: when the situation began (the week's Monday, the question, last_seen)
    std::optional<AlertAck> ack;
};

// Every current alert, newest first; acknowledged ones carry their acknowledgement.
// weekly: the overview of (at least) the last two whole weeks before now's week, without filters, weekly: a drop
// counts only between two shown figures. Questions: those in state new older than alert_question_wait_hours.
// Kiosks: active kiosks last seen longer ago than kiosk_silent_minutes (never seen: counted from created_at).
std::vector<Alert> compute_alerts(const Overview& weekly, const std::vector<QuestionRecord>& questions,
                                  const std::vector<KioskRecord>& kiosks, const std::vector<AlertAck>& acks,
                                  const DashboardSettings& settings, SystemTime now);

}  // namespace floorsync::collector

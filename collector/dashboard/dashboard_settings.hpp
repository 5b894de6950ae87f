// The dashboard's settings ([dashboard] in the collector's config file): anonymity, sessions, throttling, alerts.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace floorsync::collector {

// The change pillars a follow-up reason can name; a department's barrier is the one its reasons name most.
inline constexpr const char* kPillarKnowing = "knowing";    // knowing what changes
inline constexpr const char* kPillarWhy = "why";            // seeing why
inline constexpr const char* kPillarTraining = "training";
inline constexpr const char* kPillarSupport = "support";

struct DashboardSettings {
    bool enabled = true;
    // No figure rests on fewer ratings than this (docs/DASHBOARD.md). Never below anonymity::kLowestThreshold.
    int anonymity_threshold = 5;
    int session_idle_minutes = 30;     // a session unused this long is over
    int session_absolute_hours = 12;   // and every session ends this long after sign-in
    // "auto": Secure cookies when the collector serves HTTPS itself; "always": also behind a TLS proxy; "never".
    std::string secure_cookies = "auto";
    int signin_free_failures = 3;          // failed sign-ins per account or address before the delay starts
    int signin_delay_seconds = 2;          // the first delay; it doubles with each further failure
    int signin_max_delay_seconds = 900;    // up to this
    // Reverse proxies (IP addresses) whose X-Forwarded-For names the client for sign-in throttling; empty: none.
    std::vector<std::string> trusted_proxies;
    int kiosk_silent_minutes = 240;        // a kiosk not seen this long is marked silent (and an alert)
    double alert_confidence_drop = 0.5;    // a department's weekly mean falling this much against the week before
    int alert_question_wait_hours = 72;    // a new question waiting this long for an answer or publication
    std::string chart_js = "/usr/share/javascript/chart.js/chart.min.js";  // Debian's libjs-chart.js
    // pillar -> the reason keys that name it. Default: the kiosk's five default reasons (works_for_me names none).
    std::map<std::string, std::vector<std::string>> pillars = {
        {kPillarKnowing, {"dont_know_what"}},
        {kPillarWhy, {"dont_see_why"}},
        {kPillarTraining, {"need_training"}},
        {kPillarSupport, {"need_help"}},
    };
};

// "Knowing what changes", "Seeing why", "Training", "Support"; the key itself for anything else.
const char* pillar_label(const std::string& pillar);

}  // namespace floorsync::collector

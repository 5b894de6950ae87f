// The dashboard's alerts from crafted figures, questions and kiosks: drops only between shown weeks, waiting
// questions, silent and never-seen kiosks, acknowledgements carried, newest first.
#include "collector/dashboard/alerts.hpp"

#include <doctest/doctest.h>

using namespace floorsync;
using namespace floorsync::collector;

namespace {

SystemTime at(const std::string& rfc3339) { return *parse_rfc3339(rfc3339); }

// Two weeks from Monday 2026-11-02 (2026-W45, 2026-W46) plus `extra_weeks`: Sales rates `first` in week one and
// `second` in week two, `count` ratings each.
Overview weekly(int first, int second, std::int64_t count = 10, int extra_weeks = 0) {
    OverviewData data;
    data.ratings.push_back(RatingCount{"2026-11-03", "k1", "Sales", first, 10, 0});
    data.ratings.push_back(RatingCount{"2026-11-10", "k1", "Sales", second, count, 0});
    data.ratings.push_back(RatingCount{"2026-11-11", "k1", "IT", 4, 10, 0});  // steady: never an alert
    data.ratings.push_back(RatingCount{"2026-11-04", "k1", "IT", 4, 10, 0});
    OverviewQuery query;
    query.from_day = "2026-11-02";
    query.to_day = extra_weeks == 0 ? "2026-11-15" : "2026-11-22";
    return build_overview(data, query, DashboardSettings{});
}

QuestionRecord question(const std::string& id, const std::string& created_at, questions::State state) {
    QuestionRecord record;
    record.view.id = id;
    record.view.department = "Sales";
    record.view.day = created_at.substr(0, 10);
    record.view.text = "Why the new rota?";
    record.view.state = state;
    record.created_at = created_at;
    return record;
}

KioskRecord kiosk(const std::string& id, const std::string& last_seen, const std::string& revoked_at = "") {
    KioskRecord record;
    record.id = id;
    record.created_at = "2026-11-01T08:00:00.000Z";
    record.last_seen = last_seen;
    record.revoked_at = revoked_at;
    return record;
}

const SystemTime kNow = at("2026-11-18T12:00:00Z");

}  // namespace

TEST_CASE("alerts: a drop between two shown weeks, none when a week is hidden or still running") {
    const DashboardSettings settings;
    auto alerts = compute_alerts(weekly(5, 3), {}, {}, {}, settings, kNow);
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].kind == AlertKind::confidence_drop);
    CHECK(std::string(to_string(alerts[0].kind)) == "confidence_drop");
    CHECK(alerts[0].key == "drop:Sales:2026-W46");
    CHECK(alerts[0].subject == "Sales");
    CHECK(alerts[0].message == "Confidence fell from 5.0 to 3.0 (week 2026-W46 against 2026-W45)");
    CHECK(parse_rfc3339(alerts[0].since).has_value());
    CHECK_FALSE(alerts[0].ack.has_value());

    // Less than the configured drop, or a rise: nothing.
    CHECK(compute_alerts(weekly(4, 4), {}, {}, {}, settings, kNow).empty());
    CHECK(compute_alerts(weekly(3, 5), {}, {}, {}, settings, kNow).empty());
    DashboardSettings sensitive = settings;
    sensitive.alert_confidence_drop = 3;
    CHECK(compute_alerts(weekly(5, 3), {}, {}, {}, sensitive, kNow).empty());
    // The second week rests on too few ratings: it is hidden, so there is nothing to compare.
    CHECK(compute_alerts(weekly(5, 1, 3), {}, {}, {}, settings, kNow).empty());
    // A week that has not ended yet is not final: the drop into it waits.
    CHECK(compute_alerts(weekly(5, 3), {}, {}, {}, settings, at("2026-11-12T12:00:00Z")).empty());
    // An empty week after the drop changes nothing about the drop itself.
    CHECK(compute_alerts(weekly(5, 3, 10, 1), {}, {}, {}, settings, at("2026-11-25T12:00:00Z")).size() == 1);
}

TEST_CASE("alerts: a question waiting too long, shown with its day only") {
    const DashboardSettings settings;  // 72 hours
    const std::vector<QuestionRecord> questions{
        question("q-old", "2026-11-10T09:13:27.456Z", questions::State::open),
        question("q-new", "2026-11-18T11:00:00.000Z", questions::State::open),
        question("q-published", "2026-11-01T09:00:00.000Z", questions::State::published),
        question("q-dismissed", "2026-11-01T09:00:00.000Z", questions::State::dismissed),
    };
    const auto alerts = compute_alerts(weekly(4, 4), questions, {}, {}, settings, kNow);
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].kind == AlertKind::question_waiting);
    CHECK(alerts[0].key == "question:q-old");
    CHECK(alerts[0].subject == "Sales");
    CHECK(alerts[0].message == "Waiting 8 days for an answer: Why the new rota?");
    CHECK(alerts[0].since.find("09:13") == std::string::npos);  // never the exact time
}

TEST_CASE("alerts: silent and never-seen kiosks, acknowledgements carried, newest first") {
    const DashboardSettings settings;  // 240 minutes
    const std::vector<KioskRecord> kiosks{
        kiosk("k-silent", "2026-11-18T06:00:00.000Z"),
        kiosk("k-fine", "2026-11-18T11:00:00.000Z"),
        kiosk("k-never", ""),
        kiosk("k-revoked", "2026-11-02T06:00:00.000Z", "2026-11-03T06:00:00.000Z"),
    };
    const std::vector<QuestionRecord> questions{question("q-old", "2026-11-10T09:00:00.000Z", questions::State::open)};
    const std::vector<AlertAck> acks{{"silent:k-never:never", "anna", "2026-11-18T10:00:00.000Z"},
                                     {"silent:k-never:never", "bert", "2026-11-18T11:00:00.000Z"},
                                     {"silent:k-gone:never", "anna", "2026-11-18T10:00:00.000Z"}};
    const auto alerts = compute_alerts(weekly(5, 3), questions, kiosks, acks, settings, kNow);
    REQUIRE(alerts.size() == 4);
    CHECK(alerts[0].key == "silent:k-silent:2026-11-18T06:00:00.000Z");
    CHECK(alerts[0].kind == AlertKind::kiosk_silent);
    CHECK(alerts[0].subject == "k-silent");
    CHECK(alerts[0].message.rfind("Not seen since 2026-11-1", 0) == 0);  // local time: the 17th or 18th
    CHECK(alerts[0].since == "2026-11-18T06:00:00.000Z");
    CHECK_FALSE(alerts[0].ack.has_value());
    CHECK(alerts[1].key == "question:q-old");
    CHECK(alerts[2].key == "drop:Sales:2026-W46");
    CHECK(alerts[3].key == "silent:k-never:never");
    CHECK(alerts[3].message.rfind("Never seen since it was added on ", 0) == 0);
    CHECK(alerts[3].since == "2026-11-01T08:00:00.000Z");
    REQUIRE(alerts[3].ack.has_value());
    CHECK(alerts[3].ack->by == "anna");  // the first acknowledgement counts
    CHECK(alerts[3].ack->at == "2026-11-18T10:00:00.000Z");

    // Seen again: a new situation under a new key, not acknowledged.
    const auto later = compute_alerts(weekly(4, 4), {}, {kiosk("k-never", "2026-11-18T07:00:00.000Z")}, acks, settings,
                                      kNow);
    REQUIRE(later.size() == 1);
    CHECK(later[0].key == "silent:k-never:2026-11-18T07:00:00.000Z");
    CHECK_FALSE(later[0].ack.has_value());
}

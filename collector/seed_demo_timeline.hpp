// The events of the demo organisation (seed_demo_cast.hpp), day by day, as its kiosks would have uploaded them:
// ratings with follow-up reasons, suspect repeated taps, questions with "me too" votes, ambassadors' signed actions
// and "I'll be there" taps. Deterministic for a seed and a `now`; only event ids hold random bits.
#pragma once

#include "collector/seed_demo_cast.hpp"
#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace floorsync::collector::demo {

// splitmix64: the same seed gives the same demo with every compiler and standard library (std:: distributions
// do not promise that).
class DemoRandom {
public:
    explicit DemoRandom(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next();
    double uniform();                      // [0, 1)
    int between(int low, int high);        // [low, high]
    bool chance(double probability) { return uniform() < probability; }

private:
    std::uint64_t state_;
};

// The demo's local calendar: day 0 is the Monday `weeks` whole weeks before the Monday of now's week, the last day
// is today. Wall-clock hours are in this machine's time zone (TZ), like the collector's days.
class DemoCalendar {
public:
    DemoCalendar(SystemTime now, int weeks);
    int weeks() const { return weeks_; }    // whole weeks before this one
    int today() const { return today_; }    // the index of today
    int weekday(int day) const { return day % 7; }  // 0 Monday .. 6 Sunday
    int week_of(int day) const { return day / 7; }  // 0 .. weeks (weeks: this week)
    // `hour` (may have a fraction) on `day`, local time.
    SystemTime at(int day, double hour) const;
    SystemTime now() const { return now_; }
    // No event is made later than this (a little before now, so the last uploads come after them).
    SystemTime latest_event() const { return now_ - std::chrono::minutes(40); }

private:
    SystemTime now_;
    int weeks_;
    int today_;
    int year_ = 0, month_ = 0, mday_ = 0;  // day 0's local date
};

// One kiosk's upload, as EventWriter gets it from ingest.
struct DemoUpload {
    std::size_t kiosk = 0;  // index in demo_kiosks()
    std::vector<CheckedEvent> events;
    KioskReport report;
};

// An ambassador as the demo signs with: the stored id and the MAC key a kiosk derives from the PIN.
struct SigningAmbassador {
    std::string id;
    std::string department;
    ambassador::MacKey key;
};

// A published training session that kiosks tap "I'll be there" for.
struct DemoSession {
    std::string id;
    std::vector<std::string> audience;  // empty: everyone
    int interested = 0;
    int published_day = 0;
};

// What the central team does on a question, after the events are stored (CentralQuestionService at `at`).
struct CentralAction {
    std::string question;  // public id
    std::string action;    // events::moderation_action publish / answer
    std::string text;
    SystemTime at;
};

struct TimelineCounts {
    std::size_t ratings = 0;
    std::size_t suspect = 0;
    std::size_t reasons = 0;
    std::size_t questions = 0;
    std::size_t votes = 0;
    std::size_t moderations = 0;
    std::size_t interest = 0;
};

class DemoTimeline {
public:
    // Plans the questions (pickup codes are derived here: Argon2id, about 70 ms each), votes, actions and taps.
    DemoTimeline(const DemoCalendar& calendar, std::uint64_t seed, std::vector<SigningAmbassador> ambassadors,
                 std::vector<DemoSession> sessions);
    DemoTimeline(const DemoTimeline&) = delete;
    DemoTimeline& operator=(const DemoTimeline&) = delete;

    // The uploads of `day` (0 .. calendar.today()), each kiosk's events in time order. Call with increasing days:
    // an action's question must have been made (and stored) on an earlier day. Today: every kiosk that still
    // reports sends one upload, possibly empty, with its last report.
    std::vector<DemoUpload> day(int day);

    // The central team's actions; complete once every day was made.
    const std::vector<CentralAction>& central_actions() const { return central_; }
    const TimelineCounts& counts() const { return counts_; }

private:
    enum class Kind { rating, reasons, question, vote, moderation, interest };
    // One event to make: its time and what it says; the id is given when the kiosk's day is put in time order.
    struct Planned {
        SystemTime at;
        Kind kind = Kind::rating;
        std::size_t kiosk = 0;
        std::string department;
        std::string language = "nl";
        int score = 0;
        bool suspect = false;
        std::vector<std::string> reasons;
        std::size_t rating = 0;    // reasons: the index of its rating in the same kiosk's day
        std::size_t question = 0;  // question, vote, moderation: the index in questions_
        std::string action;        // moderation
        std::string text;          // moderation: the answer (sealed hex for a private one)
        std::size_t ambassador = 0;
        std::string session;       // interest
        std::string id;
    };
    struct QuestionPlan {
        const DemoQuestion* question = nullptr;
        int day = 0;
        std::size_t kiosk = 0;
        std::string pickup_id;
        std::string pickup_key;
        std::string public_id;  // known once its event is made
    };
    void plan_questions();
    void plan_sessions();
    void add_ratings(int day, std::size_t kiosk, std::vector<Planned>& out);
    Event build(std::size_t kiosk, Planned& planned, const std::vector<Planned>& day);
    SystemTime time_on(int day, double from_hour, double to_hour);
    std::size_t kiosk_for(const std::string& department);
    int score_for(const std::string& department, const std::string& site, int day);
    std::vector<std::string> reasons_for(const std::string& department, int score);

    const DemoCalendar& calendar_;
    DemoRandom random_;
    std::vector<SigningAmbassador> ambassadors_;
    std::vector<DemoSession> sessions_;
    std::vector<TimeOrderedUuids> ids_;  // one generator per kiosk, as each kiosk makes its own ids
    std::vector<QuestionPlan> questions_;
    std::multimap<int, Planned> extra_;  // questions, votes, actions and taps by day
    std::vector<CentralAction> central_;
    std::vector<std::size_t> central_question_;  // per central action: its question (index in questions_)
    TimelineCounts counts_;
};

}  // namespace floorsync::collector::demo

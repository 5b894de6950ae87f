// What every screen may use: the config, the visit (language, what it already did), content, clocks, the recorder.
#pragma once

#include "kiosk/logic/config.hpp"
#include "kiosk/logic/content_catalog.hpp"
#include "sync/recorder.hpp"
#include "sync/secret_checks.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace kiosk {

using TimePoint = std::chrono::steady_clock::time_point;

// The repeat-tap guard's memory. It outlives visits on purpose: a colleague next in line is a new visit, and the
// guard is about taps close together, whoever made them. It holds times only, nothing a person said.
class RepeatGuard {
public:
    // A rating tap at `now`: true when it came within `interval` of the previous one (stored as suspect).
    bool record(TimePoint now, std::chrono::milliseconds interval);
    // The last rating could not be stored: it never happened.
    void undo_last() { last_ = before_last_; }

private:
    std::optional<TimePoint> last_;
    std::optional<TimePoint> before_last_;
};

// One person's use of the kiosk, from the first tap until the idle timeout or the cleaning lock ends it. Ending a
// visit replaces this whole value, so nothing of it can reach the next person.
struct Visit {
    std::string language;
    std::set<std::string> trainings_attended;           // "I'll be there" given in this visit (content ids)
    std::map<std::uint64_t, std::string> trainings_saving;  // recorder ticket -> session, until the answer comes
    std::set<std::string> trainings_failed;              // could not be stored: offered again
    std::set<std::string> questions_voted;               // "I have this question too" given in this visit (question ids)
    std::map<std::uint64_t, std::string> votes_saving;   // recorder ticket -> question id, until the answer comes
    std::set<std::string> votes_failed;                  // could not be stored: offered again

    bool used(const std::string& default_language) const {
        return language != default_language || !trainings_attended.empty() || !questions_voted.empty();
    }
    void forget_training_answers() {
        trainings_attended.clear();
        trainings_saving.clear();
        trainings_failed.clear();
    }
    // The recorder's answer for an "I'll be there" of this visit, wherever the person is now; false: not one of them.
    bool settle_training(const floorsync::RecordResult& result);
    // The same for an "I have this question too" of this visit; a vote the store refused is offered again.
    bool settle_vote(const floorsync::RecordResult& result);
    void forget_votes() {
        questions_voted.clear();
        votes_saving.clear();
        votes_failed.clear();
    }
};

class ScreenHost {
public:
    using WallClock = std::function<SystemTime()>;
    using IdGenerator = std::function<std::string()>;

    // Keeps references to config, sink and secrets; all must outlive it. Without `secrets`, every PIN check, pickup
    // lookup and new code fails with "not available here" (tools and tests that never unlock).
    ScreenHost(const KioskConfig& config, floorsync::EventSink& sink, WallClock wall_clock, IdGenerator new_id,
               floorsync::SecretChecks* secrets = nullptr);

    const KioskConfig& config() const { return config_; }
    const std::string& language() const { return visit_.language; }
    void set_language(std::string code) { visit_.language = std::move(code); }
    Visit& visit() { return visit_; }
    const Visit& visit() const { return visit_; }
    void start_new_visit();

    SystemTime wall_now() const { return wall_clock_(); }
    ContentCatalog& catalog() { return catalog_; }
    const ContentCatalog& catalog() const { return catalog_; }
    const VisibleContent& content() const { return catalog_.visible(); }

    RepeatGuard& ratings() { return ratings_; }
    floorsync::SecretChecks& secrets() { return *secrets_; }
    const floorsync::SecretChecks& secrets() const { return *secrets_; }

    // A new event of this kiosk, in the visit's language, for `department` ("" = not said).
    floorsync::Event make_event(std::string id, const char* type, std::string payload, std::string department) const;
    std::string new_id() { return new_id_(); }
    // Hands the event to the recorder; the result arrives through the shell as Screen::stored() with this ticket.
    std::uint64_t submit(floorsync::Event event);
    std::uint64_t events_submitted() const { return events_submitted_; }

private:
    const KioskConfig& config_;
    floorsync::EventSink& sink_;
    WallClock wall_clock_;
    IdGenerator new_id_;
    std::unique_ptr<floorsync::SecretChecks> no_secrets_;  // only when none was given
    floorsync::SecretChecks* secrets_;
    Visit visit_;
    ContentCatalog catalog_;
    RepeatGuard ratings_;
    std::uint64_t events_submitted_ = 0;
};

}  // namespace kiosk

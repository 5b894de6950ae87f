// The services screens share: making and submitting events, the visit, the repeat-tap guard.
#include "kiosk/logic/screen_host.hpp"

#include "kiosk/logic/public_questions.hpp"
#include "sync/shared/clock.hpp"

#include <utility>

namespace kiosk {

bool RepeatGuard::record(TimePoint now, std::chrono::milliseconds interval) {
    const bool suspect = last_ && interval.count() > 0 && now - *last_ < interval;
    before_last_ = last_;
    last_ = now;
    return suspect;
}

bool Visit::settle_training(const floorsync::RecordResult& result) {
    const auto found = trainings_saving.find(result.ticket);
    if (found == trainings_saving.end()) return false;
    if (!result.stored) {
        trainings_attended.erase(found->second);
        trainings_failed.insert(found->second);
    }
    trainings_saving.erase(found);
    return true;
}

bool Visit::settle_vote(const floorsync::RecordResult& result) {
    const auto found = votes_saving.find(result.ticket);
    if (found == votes_saving.end()) return false;
    if (!result.stored) {
        questions_voted.erase(found->second);
        votes_failed.insert(found->second);
    }
    votes_saving.erase(found);
    return true;
}

namespace {

// For a shell without a secret worker: every request fails at once, and says why.
class NoSecretChecks final : public floorsync::SecretChecks {
public:
    std::uint64_t check_pin(std::string, std::vector<floorsync::ambassador::Credential>) override { return fail(); }
    std::uint64_t look_up_pickup(std::string, std::vector<std::string>) override { return fail(); }
    std::uint64_t new_pickup() override { return fail(); }
    floorsync::Lockout lockout(floorsync::LockKind) const override { return {}; }
    std::vector<floorsync::SecretResult> take_results() override { return std::exchange(results_, {}); }

private:
    std::uint64_t fail() {
        floorsync::SecretResult result;
        result.ticket = ++last_ticket_;
        result.outcome = floorsync::SecretResult::Outcome::failed;
        result.error = "PIN and code checks are not available here";
        results_.push_back(std::move(result));
        return last_ticket_;
    }
    std::uint64_t last_ticket_ = 0;
    std::vector<floorsync::SecretResult> results_;
};

}  // namespace

ScreenHost::ScreenHost(const KioskConfig& config, floorsync::EventSink& sink, WallClock wall_clock, IdGenerator new_id,
                       floorsync::SecretChecks* secrets)
    : config_(config),
      sink_(sink),
      wall_clock_(wall_clock ? std::move(wall_clock) : WallClock([] { return std::chrono::system_clock::now(); })),
      new_id_(new_id ? std::move(new_id) : IdGenerator([] { return floorsync::new_uuid_v7(); })),
      no_secrets_(secrets ? nullptr : std::make_unique<NoSecretChecks>()),
      secrets_(secrets ? secrets : no_secrets_.get()) {
    catalog_.set_departments(served_departments(config_));
    start_new_visit();
}

void ScreenHost::start_new_visit() {
    visit_ = Visit{};
    visit_.language = config_.default_language;
}

floorsync::Event ScreenHost::make_event(std::string id, const char* type, std::string payload, std::string department) const {
    floorsync::Event event;
    event.id = std::move(id);
    event.type = type;
    event.created_at = floorsync::format_rfc3339_utc(wall_now());
    event.kiosk_id = config_.kiosk_id;
    event.department = std::move(department);
    event.language = visit_.language;
    event.payload = std::move(payload);
    return event;
}

std::uint64_t ScreenHost::submit(floorsync::Event event) {
    ++events_submitted_;
    return sink_.submit(std::move(event));
}

}  // namespace kiosk

// Training: "I'll be there" becomes one training_interest event per session and visit, naming no person.
#include "kiosk/logic/screens/training_screen.hpp"

#include "sync/shared/event_types.hpp"

namespace kiosk {

Transition TrainingScreen::handle_own(const Input& input, ScreenHost& host, TimePoint) {
    if (input.kind != Input::Kind::attend_training) return Transition::stay();
    const std::string& session = input.text;
    const auto* item = host.catalog().find(session);
    if (!item || item->kind != floorsync::content::Kind::training) return Transition::stay();
    // A second tap in the same visit does not count again.
    if (!host.visit().trainings_attended.insert(session).second) return Transition::stay();
    failed_.erase(session);
    const floorsync::events::TrainingInterest payload{session};
    // A kiosk serving several departments does not ask which: the tap says only "one more person".
    const std::string department = host.config().picks_department() ? "" : host.config().department;
    const std::uint64_t ticket =
        host.submit(host.make_event(host.new_id(), payload.type, floorsync::events::encode(payload), department));
    saving_[ticket] = session;
    return Transition::stay();
}

Transition TrainingScreen::stored(const floorsync::RecordResult& result, ScreenHost& host, TimePoint) {
    const auto found = saving_.find(result.ticket);
    if (found == saving_.end()) return Transition::stay();
    if (!result.stored) {
        host.visit().trainings_attended.erase(found->second);
        failed_.insert(found->second);
    }
    saving_.erase(found);
    return Transition::stay();
}

TrainingScreen::Interest TrainingScreen::interest(const ScreenHost& host, const std::string& session_id) const {
    for (const auto& [ticket, id] : saving_)
        if (id == session_id) return Interest::saving;
    if (failed_.count(session_id)) return Interest::failed;
    return host.visit().trainings_attended.count(session_id) ? Interest::given : Interest::none;
}

}  // namespace kiosk

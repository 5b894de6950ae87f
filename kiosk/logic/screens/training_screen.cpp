// Training: "I'll be there" becomes one training_interest event per session and visit, naming no person.
#include "kiosk/logic/screens/training_screen.hpp"

#include "sync/shared/event_types.hpp"

#include <algorithm>

namespace kiosk {

Transition TrainingScreen::handle_own(const Input& input, ScreenHost& host, TimePoint) {
    if (input.kind != Input::Kind::attend_training) return Transition::stay();
    const std::string& session = input.text;
    // Only a session the screen offers now (not one that ended since the frame was drawn).
    const auto& offered = host.content().trainings;
    if (std::none_of(offered.begin(), offered.end(), [&](const auto* item) { return item->id == session; }))
        return Transition::stay();
    Visit& visit = host.visit();
    // A second tap in the same visit does not count again.
    if (!visit.trainings_attended.insert(session).second) return Transition::stay();
    visit.trainings_failed.erase(session);
    const floorsync::events::TrainingInterest payload{session};
    // A kiosk serving several departments does not ask which: the tap says only "one more person".
    const std::string department = host.config().picks_department() ? "" : host.config().department;
    const std::uint64_t ticket =
        host.submit(host.make_event(host.new_id(), payload.type, floorsync::events::encode(payload), department));
    visit.trainings_saving[ticket] = session;
    return Transition::stay();
}

TrainingScreen::Interest TrainingScreen::interest(const ScreenHost& host, const std::string& session_id) const {
    const Visit& visit = host.visit();
    for (const auto& [ticket, id] : visit.trainings_saving)
        if (id == session_id) return Interest::saving;
    if (visit.trainings_failed.count(session_id)) return Interest::failed;
    return visit.trainings_attended.count(session_id) ? Interest::given : Interest::none;
}

}  // namespace kiosk

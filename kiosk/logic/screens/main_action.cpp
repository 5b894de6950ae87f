// Building the rating or question event and choosing the screens it passes through.
#include "kiosk/logic/screens/main_action.hpp"

#include "kiosk/logic/screens/department_screen.hpp"
#include "kiosk/logic/screens/saving_screen.hpp"
#include "sync/shared/event_types.hpp"

namespace kiosk {

MainAction MainAction::rating(int score, bool suspect, std::string id) {
    MainAction action;
    action.subject = Subject::rating;
    action.score = score;
    action.suspect = suspect;
    action.rating_id = std::move(id);
    return action;
}

MainAction MainAction::question(std::string text, std::optional<PickupCode> pickup) {
    MainAction action;
    action.subject = Subject::question;
    action.question_text = std::move(text);
    action.pickup = std::move(pickup);
    return action;
}

floorsync::Event MainAction::event(ScreenHost& host, std::string department) const {
    namespace events = floorsync::events;
    if (subject == Subject::rating) {
        const events::Rating payload{score, suspect};
        return host.make_event(rating_id, payload.type, events::encode(payload), std::move(department));
    }
    events::Question payload{question_text};
    if (pickup) {
        payload.pickup_id = pickup->id;
        payload.pickup_key = pickup->public_key;
    }
    return host.make_event(host.new_id(), payload.type, events::encode(payload), std::move(department));
}

Transition begin(MainAction action, ScreenHost& host, TimePoint now) {
    if (host.config().picks_department()) return go_to<DepartmentScreen>(std::move(action));
    return submit(std::move(action), host.config().department, host, now);
}

Transition submit(MainAction action, std::string department, ScreenHost& host, TimePoint) {
    action.department = std::move(department);
    // A question without a department belongs to no department's ambassadors: nobody on the kiosks can answer it,
    // and no kiosk's feed brings it back, so a code would only ever say "not found" (and count towards the lock).
    if (action.department.empty()) action.pickup.reset();
    const std::uint64_t ticket = host.submit(action.event(host, action.department));
    return go_to<SavingScreen>(ticket, std::move(action));
}

}  // namespace kiosk

// Follow-up: toggling reasons, and the one rating_reasons event that names the rating (never a second rating).
#include "kiosk/logic/screens/follow_up_screen.hpp"

#include "kiosk/logic/screens/saving_screen.hpp"
#include "kiosk/logic/screens/thank_you_screen.hpp"
#include "sync/shared/event_types.hpp"

#include <algorithm>

namespace kiosk {

ScreenPtr FollowUpScreen::sample(ScreenHost& host) {
    auto screen = std::make_unique<FollowUpScreen>("", 4, host.config().reasons.size(), "");
    for (std::size_t i = 0; i < screen->chosen_.size(); i += 2) screen->chosen_[i] = true;
    return screen;
}

bool FollowUpScreen::any_selected() const { return std::find(chosen_.begin(), chosen_.end(), true) != chosen_.end(); }

std::vector<std::string> FollowUpScreen::selected_keys(const KioskConfig& config) const {
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < chosen_.size() && i < config.reasons.size(); ++i)
        if (chosen_[i]) keys.push_back(config.reasons[i].key);
    return keys;
}

Transition FollowUpScreen::handle(const Input& input, ScreenHost& host, TimePoint) {
    switch (input.kind) {
    case Input::Kind::toggle_reason:
        if (input.index < chosen_.size()) chosen_[input.index] = !chosen_[input.index];
        return Transition::stay();
    case Input::Kind::finish_follow_up: {
        if (!any_selected()) return go_to<ThankYouScreen>(Subject::rating);
        const floorsync::events::RatingReasons amendment{rating_id_, selected_keys(host.config())};
        const std::uint64_t ticket =
            host.submit(host.make_event(host.new_id(), amendment.type, floorsync::events::encode(amendment), department_));
        MainAction saving;
        saving.subject = Subject::reasons;
        return go_to<SavingScreen>(ticket, std::move(saving));
    }
    case Input::Kind::skip_follow_up: return go_to<ThankYouScreen>(Subject::rating);
    default: return Transition::stay();
    }
}

}  // namespace kiosk

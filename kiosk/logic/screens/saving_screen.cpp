// Saving: on the recorder's answer, the follow-up for a rating, the thank-you, or the error screen.
#include "kiosk/logic/screens/saving_screen.hpp"

#include "kiosk/logic/screens/follow_up_screen.hpp"
#include "kiosk/logic/screens/store_error_screen.hpp"
#include "kiosk/logic/screens/thank_you_screen.hpp"

namespace kiosk {

ScreenPtr SavingScreen::sample(ScreenHost&) { return std::make_unique<SavingScreen>(0, MainAction::rating(4, false, "")); }

Transition SavingScreen::stored(const floorsync::RecordResult& result, ScreenHost& host, TimePoint) {
    if (result.ticket != ticket_) return Transition::stay();
    if (!result.stored) {
        if (action_.subject == Subject::rating) host.ratings().undo_last();  // it never happened
        return go_to<StoreErrorScreen>(action_.subject, result.error, std::move(action_.question_text));
    }
    if (action_.subject == Subject::rating && !host.config().reasons.empty())
        return go_to<FollowUpScreen>(action_.rating_id, action_.score, host.config().reasons.size(), action_.department);
    // The pickup code goes on to the thank-you, the one place it is shown; it is not kept anywhere else.
    return go_to<ThankYouScreen>(action_.subject, action_.pickup ? std::move(action_.pickup->code) : std::string());
}

}  // namespace kiosk

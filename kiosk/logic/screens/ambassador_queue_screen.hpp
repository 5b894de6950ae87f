// The ambassador's queue: every question of their department in every state, newest, oldest or most asked first,
// with counts per state; a tap opens one. Built once per snapshot, so a long list costs nothing per frame.
#pragma once

#include "kiosk/logic/screens/ambassador_screen.hpp"

namespace kiosk {

class AmbassadorQueueScreen final : public AmbassadorScreen {
public:
    static constexpr std::string_view kName = "ambassador_queue";
    // `saved`: an action was just stored ("Saved, it will reach all kiosks of …").
    AmbassadorQueueScreen(Unlocked unlocked, const ScreenHost& host, bool saved = false);
    // Screenshots: "Sanne" of the kiosk's department, with the kiosk's questions of it, else built-in ones.
    static ScreenPtr sample(ScreenHost& host);

    std::string_view name() const override { return kName; }
    // A new snapshot rebuilds the list (the sync engine brought questions, or this kiosk's own actions).
    Transition tick(ScreenHost& host, TimePoint now) override;

    const AmbassadorQueue& queue() const { return queue_; }
    float scroll_em() const { return unlocked().scroll_em; }
    bool just_saved() const { return saved_; }

protected:
    Transition handle_own(const Input& input, ScreenHost& host, TimePoint now) override;

private:
    AmbassadorQueue queue_;
    bool saved_ = false;
};

// Questions for the screenshots of the ambassador screens: a week of a department's questions in every state.
std::shared_ptr<const floorsync::ContentSnapshot> sample_questions(const std::string& department, SystemTime now);

}  // namespace kiosk

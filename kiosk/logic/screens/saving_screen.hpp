// Saving: waits until the recorder says the event is on disk; only then a thank-you (or the error screen).
#pragma once

#include "kiosk/logic/screens/main_action.hpp"

namespace kiosk {

class SavingScreen final : public Screen {
public:
    static constexpr std::string_view kName = "saving";
    SavingScreen(std::uint64_t ticket, MainAction action) : ticket_(ticket), action_(std::move(action)) {}
    static ScreenPtr sample(ScreenHost& host);

    std::string_view name() const override { return kName; }
    Transition handle(const Input&, ScreenHost&, TimePoint) override { return Transition::stay(); }
    Transition stored(const floorsync::RecordResult& result, ScreenHost& host, TimePoint now) override;

    Subject subject() const { return action_.subject; }
    int score() const { return action_.score; }  // the face being saved, 0 for anything but a rating

private:
    std::uint64_t ticket_;
    MainAction action_;
};

}  // namespace kiosk

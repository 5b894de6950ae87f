// Follow-up: optional "why?" chips for the rating just stored; "done" stores them as an amendment of that rating.
#pragma once

#include "kiosk/logic/screens/main_action.hpp"

#include <vector>

namespace kiosk {

class FollowUpScreen final : public Screen {
public:
    static constexpr std::string_view kName = "follow-up";
    FollowUpScreen(std::string rating_id, int score, std::size_t reason_count, std::string department)
        : rating_id_(std::move(rating_id)), score_(score), chosen_(reason_count, false), department_(std::move(department)) {}
    static ScreenPtr sample(ScreenHost& host);

    std::string_view name() const override { return kName; }
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;

    int score() const { return score_; }
    bool selected(std::size_t index) const { return index < chosen_.size() && chosen_[index]; }
    bool any_selected() const;
    std::vector<std::string> selected_keys(const KioskConfig& config) const;

private:
    std::string rating_id_;
    int score_;
    std::vector<bool> chosen_;
    std::string department_;  // the rating's
};

}  // namespace kiosk

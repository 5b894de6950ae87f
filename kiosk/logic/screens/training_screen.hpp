// Training: the coming sessions with date, place and seats, and one anonymous tap, "I'll be there".
#pragma once

#include "kiosk/logic/screens/content_screen.hpp"


namespace kiosk {

class TrainingScreen final : public ContentScreen {
public:
    static constexpr std::string_view kName = "training";
    static ScreenPtr sample(ScreenHost&) { return std::make_unique<TrainingScreen>(); }
    std::string_view name() const override { return kName; }

    enum class Interest { none, saving, given, failed };
    // What the "I'll be there" of this session shows in this visit.
    Interest interest(const ScreenHost& host, const std::string& session_id) const;

protected:
    Transition handle_own(const Input& input, ScreenHost& host, TimePoint now) override;
};

}  // namespace kiosk

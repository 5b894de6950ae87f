// Training: the coming sessions with date, place and seats, and one anonymous tap, "I'll be there".
#pragma once

#include "kiosk/logic/screens/content_screen.hpp"

#include <map>
#include <set>

namespace kiosk {

class TrainingScreen final : public ContentScreen {
public:
    static constexpr std::string_view kName = "training";
    static ScreenPtr sample(ScreenHost&) { return std::make_unique<TrainingScreen>(); }
    std::string_view name() const override { return kName; }

    Transition stored(const floorsync::RecordResult& result, ScreenHost& host, TimePoint now) override;

    enum class Interest { none, saving, given, failed };
    // What the "I'll be there" of this session shows in this visit.
    Interest interest(const ScreenHost& host, const std::string& session_id) const;

protected:
    Transition handle_own(const Input& input, ScreenHost& host, TimePoint now) override;

private:
    std::map<std::uint64_t, std::string> saving_;  // ticket -> session id, until the recorder answers
    std::set<std::string> failed_;                 // could not be stored: the button is offered again
};

}  // namespace kiosk

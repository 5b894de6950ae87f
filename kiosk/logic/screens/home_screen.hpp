// Home: the confidence question and five faces first; ask a question; the why, news, timeline, training and
// questions-and-answers screens one tap away; a strip with the newest item; the language switch, the cleaning lock
// and the ambassadors' entry.
#pragma once

#include "kiosk/logic/screen.hpp"

namespace kiosk {

class HomeScreen final : public Screen {
public:
    static constexpr std::string_view kName = "home";
    static ScreenPtr sample(ScreenHost&) { return std::make_unique<HomeScreen>(); }

    std::string_view name() const override { return kName; }
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;
    // The strip's next item.
    std::optional<TimePoint> deadline(const ScreenHost& host, TimePoint now) const override;
    Idle idle() const override { return Idle::ends_visit_if_used; }

    // The strip's item at `now` (it moves on every kStripInterval); nullptr when there is nothing to show.
    const floorsync::content::Item* strip_item(const ScreenHost& host, TimePoint now) const;
};

}  // namespace kiosk

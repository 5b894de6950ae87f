// Why: the reason for the change, "for the organisation" and "for you", one tab each.
#pragma once

#include "kiosk/logic/screens/content_screen.hpp"

namespace kiosk {

class WhyScreen final : public ContentScreen {
public:
    static constexpr std::string_view kName = "why";
    enum class Tab { organisation = 0, you = 1 };
    static ScreenPtr sample(ScreenHost&) { return std::make_unique<WhyScreen>(); }

    std::string_view name() const override { return kName; }
    Tab tab() const { return tab_; }

protected:
    Transition handle_own(const Input& input, ScreenHost& host, TimePoint now) override;

private:
    Tab tab_ = Tab::organisation;
};

}  // namespace kiosk

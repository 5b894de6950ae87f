// Department: which department the rating or question is for, when the kiosk serves several (or "prefer not to say").
#pragma once

#include "kiosk/logic/screens/main_action.hpp"

namespace kiosk {

class DepartmentScreen final : public Screen {
public:
    static constexpr std::string_view kName = "department";
    explicit DepartmentScreen(MainAction action) : action_(std::move(action)) {}
    static ScreenPtr sample(ScreenHost& host);

    std::string_view name() const override { return kName; }
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;
    // The rating or question was given; only the department is unknown: it is stored as "prefer not to say".
    void on_idle_timeout(ScreenHost& host) override;

    Subject subject() const { return action_.subject; }

private:
    MainAction action_;
};

}  // namespace kiosk

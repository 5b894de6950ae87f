// Department pick: a tap on a department or "prefer not to say" submits the waiting rating or question.
#include "kiosk/logic/screens/department_screen.hpp"

namespace kiosk {

ScreenPtr DepartmentScreen::sample(ScreenHost&) { return std::make_unique<DepartmentScreen>(MainAction::rating(4, false, "")); }

Transition DepartmentScreen::handle(const Input& input, ScreenHost& host, TimePoint now) {
    const auto& departments = host.config().departments;
    switch (input.kind) {
    case Input::Kind::choose_department:
        if (input.index >= departments.size()) return Transition::stay();
        return submit(std::move(action_), departments[input.index], host, now);
    case Input::Kind::prefer_not_to_say: return submit(std::move(action_), "", host, now);
    default: return Transition::stay();
    }
}

void DepartmentScreen::on_idle_timeout(ScreenHost& host) { host.submit(action_.event(host, "")); }

}  // namespace kiosk

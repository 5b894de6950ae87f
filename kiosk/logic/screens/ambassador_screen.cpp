// The ambassador screens' common ground: lock, the ambassador idle timeout, and the screenshots' sample session.
#include "kiosk/logic/screens/ambassador_screen.hpp"

namespace kiosk {

const std::string& kiosk_department(const KioskConfig& config) {
    return config.department.empty() && !config.departments.empty() ? config.departments.front() : config.department;
}

Unlocked sample_unlocked(const ScreenHost& host) {
    Unlocked unlocked;
    unlocked.session = std::make_unique<floorsync::AmbassadorSession>();
    unlocked.session->name = "Sanne";
    unlocked.session->department = kiosk_department(host.config());
    return unlocked;
}

Transition AmbassadorScreen::handle(const Input& input, ScreenHost& host, TimePoint now) {
    if (input.kind == Input::Kind::lock || input.kind == Input::Kind::go_home) return Transition::end_visit();
    return handle_own(input, host, now);
}

}  // namespace kiosk

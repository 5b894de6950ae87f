// What every unlocked ambassador screen shares: it owns the session (moved on to the next ambassador screen, never
// kept in the visit or the host), locks after the ambassador idle timeout, and "lock" ends the visit at once.
#pragma once

#include "kiosk/logic/ambassador_queue.hpp"
#include "kiosk/logic/screen.hpp"

#include <memory>

namespace kiosk {

// An unlocked session on its way from one ambassador screen to the next, with where the ambassador was in the list.
// Destroying it destroys the session and wipes its MAC key: leaving the ambassador screens leaves nothing behind.
struct Unlocked {
    std::unique_ptr<floorsync::AmbassadorSession> session;
    // Screenshots only (kiosk --screen): built-in questions shown instead of the kiosk's. A sample session has no
    // ambassador id, so nothing it does can be signed or stored.
    std::shared_ptr<const floorsync::ContentSnapshot> sample_questions;
    QueueOrder order = QueueOrder::newest;
    float scroll_em = 0.0f;
};

// The session of the screenshots: "Sanne" of the kiosk's department, no id, an all-zero key that signs nothing.
Unlocked sample_unlocked(const ScreenHost& host);
// The department a kiosk's samples and credentials are about: its fixed one, else the first of its list.
const std::string& kiosk_department(const KioskConfig& config);

class AmbassadorScreen : public Screen {
public:
    explicit AmbassadorScreen(Unlocked unlocked) : unlocked_(std::move(unlocked)) {}

    // "lock" (and home's way out) ends the visit, whatever the screen; everything else goes to handle_own().
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) final;
    Idle idle() const final { return Idle::ends_visit; }
    std::optional<std::chrono::seconds> idle_timeout(const ScreenHost& host) const final {
        return host.config().ambassador_idle_timeout;
    }

    const floorsync::AmbassadorSession& session() const { return *unlocked_.session; }
    // The questions these screens show: the kiosk's snapshot, or the screenshots' sample questions.
    const std::shared_ptr<const floorsync::ContentSnapshot>& questions_source(const ScreenHost& host) const {
        return unlocked_.sample_questions ? unlocked_.sample_questions : host.catalog().snapshot();
    }

protected:
    virtual Transition handle_own(const Input& input, ScreenHost& host, TimePoint now) = 0;
    Unlocked& unlocked() { return unlocked_; }
    const Unlocked& unlocked() const { return unlocked_; }
    // Hands the session to the next screen. Only in the transition that leaves this screen: it has none afterwards.
    Unlocked pass_on() { return std::move(unlocked_); }

private:
    Unlocked unlocked_;
};

}  // namespace kiosk

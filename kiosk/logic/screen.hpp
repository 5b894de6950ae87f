// One screen of the kiosk: its own state, the input it understands, its deadlines, and where it leads.
#pragma once

#include "kiosk/logic/input.hpp"
#include "kiosk/logic/screen_host.hpp"

#include <memory>
#include <optional>
#include <string_view>

namespace kiosk {

class Screen;
using ScreenPtr = std::unique_ptr<Screen>;

// What happens after an input or a tick. Leaving a screen destroys it, and with it every draft it held (a half-typed
// question, ticked reasons): privacy by structure, nothing to clear by hand.
class Transition {
public:
    static Transition stay() { return Transition(Kind::stay, nullptr); }
    static Transition go(ScreenPtr next) { return Transition(Kind::go, std::move(next)); }
    // The visit is over: the shell starts a new one on home in the default language.
    static Transition end_visit() { return Transition(Kind::end_visit, nullptr); }

    enum class Kind { stay, go, end_visit };
    Kind kind() const { return kind_; }
    ScreenPtr take_next() { return std::move(next_); }

private:
    Transition(Kind kind, ScreenPtr next) : kind_(kind), next_(std::move(next)) {}
    Kind kind_;
    ScreenPtr next_;
};

template <class S, class... Args>
Transition go_to(Args&&... args) {
    return Transition::go(std::make_unique<S>(std::forward<Args>(args)...));
}

class Screen {
public:
    virtual ~Screen() = default;

    // The screen's name in the registry, --screen, the targets file and the screenshot script.
    virtual std::string_view name() const = 0;

    // Input while this screen shows. Input it does not understand is ignored (Transition::stay()).
    virtual Transition handle(const Input& input, ScreenHost& host, TimePoint now) = 0;
    // Time passed (called before every input and frame): the screen's own timeouts.
    virtual Transition tick(ScreenHost&, TimePoint) { return Transition::stay(); }
    // The recorder's answer for an event; screens check whether the ticket is theirs.
    virtual Transition stored(const floorsync::RecordResult&, ScreenHost&, TimePoint) { return Transition::stay(); }
    // The secret worker's answer (a PIN check, a pickup lookup, a new pickup code); screens check the ticket.
    virtual Transition secret_result(const floorsync::SecretResult&, ScreenHost&, TimePoint) { return Transition::stay(); }
    // The screen's own next wake-up (a countdown second, the end of the thank-you, the strip's next item); the shell
    // adds the idle timeout. nullopt: none.
    virtual std::optional<TimePoint> deadline(const ScreenHost&, TimePoint) const { return std::nullopt; }

    // What the idle timeout does on this screen.
    enum class Idle {
        ends_visit,          // back to home in the default language; drafts are gone
        ends_visit_if_used,  // home: only when the visit changed something (language, a training tap)
        never,               // the cleaning lock has its own end
    };
    virtual Idle idle() const { return Idle::ends_visit; }
    // How long without a touch before idle() applies; nullopt: the kiosk's idle_timeout. The ambassador screens use
    // the ambassador idle timeout.
    virtual std::optional<std::chrono::seconds> idle_timeout(const ScreenHost&) const { return std::nullopt; }
    // Called when the idle timeout ends the visit on this screen, before the screen is destroyed.
    virtual void on_idle_timeout(ScreenHost&) {}
    // Whether a touch on this screen counts as activity (the cleaning lock ignores every touch).
    virtual bool takes_input() const { return true; }

    TimePoint shown_at() const { return shown_at_; }
    void set_shown_at(TimePoint at) { shown_at_ = at; }

private:
    TimePoint shown_at_{};
};

}  // namespace kiosk

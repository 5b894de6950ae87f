// The kiosk's shell: holds the one screen showing now, hands it input, time and recorder results, and ends the visit.
#pragma once

#include "kiosk/logic/config.hpp"
#include "kiosk/logic/input.hpp"
#include "kiosk/logic/screen.hpp"
#include "kiosk/logic/screen_host.hpp"

#include <memory>
#include <optional>
#include <string_view>

namespace kiosk {

class Shell {
public:
    using WallClock = ScreenHost::WallClock;
    using IdGenerator = ScreenHost::IdGenerator;

    // Keeps references to config and sink; both must outlive the shell. Starts on home.
    Shell(const KioskConfig& config, floorsync::EventSink& sink, TimePoint now, WallClock wall_clock = {},
          IdGenerator new_id = {}, floorsync::SecretChecks* secrets = nullptr);

    // Time: call before drawing each frame. Collects recorder results, applies timeouts, refreshes the content.
    void tick(TimePoint now);
    // When the UI loop must wake even without input (idle timeout, thank-you end, countdown second, strip, content
    // that starts or stops showing); nullopt: nothing changes by itself.
    std::optional<TimePoint> next_deadline() const;

    // Input: applies pending timeouts for `now` first, then hands the input to the screen showing.
    void input(const Input& input, TimePoint now);
    void inputs(const Inputs& inputs, TimePoint now);

    // The sync engine's latest content (cheap to call on every wake-up: only a new snapshot rebuilds anything).
    void set_content(std::shared_ptr<const floorsync::ContentSnapshot> snapshot);

    // For screenshots (kiosk --screen NAME): shows that screen with sample state; false for an unknown name.
    bool show_sample(std::string_view name, TimePoint now, std::string_view sample_question = {});

    const Screen& screen() const { return *screen_; }
    std::string_view screen_name() const { return screen_->name(); }
    template <class S>
    const S* screen_as() const {
        return dynamic_cast<const S*>(screen_.get());
    }
    // Changes with every new screen, also between two screens of the same kind.
    std::uint64_t screen_serial() const { return screen_serial_; }

    const ScreenHost& host() const { return host_; }
    const KioskConfig& config() const { return host_.config(); }
    const std::string& language() const { return host_.language(); }
    bool last_store_failed() const { return last_store_failed_; }  // for the status line
    std::uint64_t events_submitted() const { return host_.events_submitted(); }

private:
    void apply(Transition transition, TimePoint now);
    void show(ScreenPtr screen, TimePoint now);
    void end_visit(TimePoint now);
    void apply_timeouts(TimePoint now);
    void deliver_results(TimePoint now);
    void refresh_content();
    std::chrono::seconds idle_timeout() const;

    ScreenHost host_;
    ScreenPtr screen_;
    std::uint64_t screen_serial_ = 0;
    TimePoint last_input_;
    TimePoint last_seen_;  // the latest `now` given, for next_deadline()
    std::shared_ptr<const floorsync::ContentSnapshot> content_;
    floorsync::EventSink& sink_;
    bool last_store_failed_ = false;
};

}  // namespace kiosk

// The shell: routing input, time and recorder results to the current screen, and the idle timeout.
#include "kiosk/logic/shell.hpp"

#include "kiosk/logic/screen_registry.hpp"
#include "kiosk/logic/screens/home_screen.hpp"

#include <algorithm>

namespace kiosk {

Shell::Shell(const KioskConfig& config, floorsync::EventSink& sink, TimePoint now, WallClock wall_clock, IdGenerator new_id,
             floorsync::SecretChecks* secrets)
    : host_(config, sink, std::move(wall_clock), std::move(new_id), secrets), last_input_(now), last_seen_(now), sink_(sink) {
    show(std::make_unique<HomeScreen>(), now);
    refresh_content();
}

void Shell::show(ScreenPtr screen, TimePoint now) {
    screen->set_shown_at(now);
    screen_ = std::move(screen);  // the screen left is destroyed here, with its drafts
    ++screen_serial_;
}

void Shell::end_visit(TimePoint now) {
    host_.start_new_visit();
    last_input_ = now;
    show(std::make_unique<HomeScreen>(), now);
}

void Shell::apply(Transition transition, TimePoint now) {
    switch (transition.kind()) {
    case Transition::Kind::stay: break;
    case Transition::Kind::go: show(transition.take_next(), now); break;
    case Transition::Kind::end_visit: end_visit(now); break;
    }
}

void Shell::refresh_content() { host_.catalog().update(content_, host_.wall_now()); }

void Shell::set_content(std::shared_ptr<const floorsync::ContentSnapshot> snapshot) {
    if (snapshot == content_) return;
    content_ = std::move(snapshot);
    refresh_content();
}

void Shell::apply_timeouts(TimePoint now) {
    last_seen_ = std::max(last_seen_, now);
    refresh_content();
    deliver_results(now);
    apply(screen_->tick(host_, now), now);

    const bool idle = now >= last_input_ + idle_timeout();
    if (!idle) return;
    switch (screen_->idle()) {
    case Screen::Idle::never: break;
    case Screen::Idle::ends_visit_if_used:
        // The next person should find the kiosk in its default language, with nothing of this visit.
        if (host_.visit().used(host_.config().default_language)) end_visit(now);
        break;
    case Screen::Idle::ends_visit:
        screen_->on_idle_timeout(host_);
        end_visit(now);
        break;
    }
}

void Shell::tick(TimePoint now) { apply_timeouts(now); }

std::chrono::seconds Shell::idle_timeout() const { return screen_->idle_timeout(host_).value_or(host_.config().idle_timeout); }

void Shell::input(const Input& input, TimePoint now) {
    apply_timeouts(now);
    if (!screen_->takes_input()) return;
    last_input_ = now;
    apply(screen_->handle(input, host_, now), now);
    deliver_results(now);  // a sink may answer at once (one that stores synchronously)
}

// "I'll be there" and "I have this question too" answers belong to the visit (the person may have left the training screen meanwhile); every
// other answer goes to the screen showing, which checks that the ticket is its own.
void Shell::deliver_results(TimePoint now) {
    for (const floorsync::RecordResult& result : sink_.take_results()) {
        last_store_failed_ = !result.stored;
        if (host_.visit().settle_training(result) || host_.visit().settle_vote(result)) continue;
        apply(screen_->stored(result, host_, now), now);
    }
    // A result for a screen that is gone (a PIN check finishing after the idle timeout) reaches the screen showing,
    // which ignores a ticket that is not its own: an unlock can never land on another screen.
    for (floorsync::SecretResult& result : host_.secrets().take_results()) apply(screen_->secret_result(result, host_, now), now);
}

// The inputs of one frame were all made on the screen that frame showed: once one of them leads elsewhere, the rest
// were not meant for the new screen (a tap acts only on the screen on which it started).
void Shell::inputs(const Inputs& list, TimePoint now) {
    const std::uint64_t drawn = screen_serial_;
    for (const Input& one : list) {
        if (screen_serial_ != drawn) break;
        input(one, now);
    }
}

std::optional<TimePoint> Shell::next_deadline() const {
    std::optional<TimePoint> deadline = screen_->deadline(host_, last_seen_);
    auto consider = [&deadline](TimePoint at) { deadline = deadline ? std::min(*deadline, at) : at; };
    switch (screen_->idle()) {
    case Screen::Idle::never: break;
    case Screen::Idle::ends_visit_if_used:
        if (host_.visit().used(host_.config().default_language)) consider(last_input_ + idle_timeout());
        break;
    case Screen::Idle::ends_visit: consider(last_input_ + idle_timeout()); break;
    }
    // Content that starts or stops showing (or the countdown's next day) is due in wall-clock time.
    if (const auto change = host_.catalog().next_change()) {
        const auto wait = std::chrono::duration_cast<TimePoint::duration>(*change - host_.wall_now());
        consider(last_seen_ + std::max(wait, TimePoint::duration::zero()));
    }
    return deadline;
}

bool Shell::show_sample(std::string_view name, TimePoint now, std::string_view sample_question) {
    ScreenPtr sample = make_sample_screen(name, host_, sample_question);
    if (!sample) return false;
    show(std::move(sample), now);
    return true;
}

}  // namespace kiosk

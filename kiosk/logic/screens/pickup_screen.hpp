// Pickup code entry: a keypad of the 32 code symbols, erase and "Check"; the code is looked up off the frame loop
// among the questions this kiosk holds, with the lockout after wrong codes shown as a countdown.
#pragma once

#include "kiosk/logic/screen.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace kiosk {

class PickupScreen final : public Screen {
public:
    static constexpr std::string_view kName = "pickup";
    // The keypad: pickup::alphabet in rows of this many keys (press_key(row, column)). Three wide rows rather than
    // four narrow ones: on a 16:10 screen that keeps every key as tall as a touch target.
    static constexpr std::size_t kKeyColumns = 11;
    static std::size_t key_rows();
    // The symbol of the key at (row, column); '\0' outside the keypad.
    static char symbol_at(std::size_t row, std::size_t column);

    // Shows a lock from earlier at once (another person's wrong codes, or before a restart of the app).
    explicit PickupScreen(const ScreenHost& host);
    ~PickupScreen() override;  // wipes the typed code
    PickupScreen(const PickupScreen&) = delete;
    PickupScreen& operator=(const PickupScreen&) = delete;
    // For screenshots: a code half typed.
    static ScreenPtr sample(ScreenHost& host);

    std::string_view name() const override { return kName; }
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;
    Transition tick(ScreenHost& host, TimePoint now) override;
    Transition secret_result(const floorsync::SecretResult& result, ScreenHost& host, TimePoint now) override;
    // While locked: the countdown's next second.
    std::optional<TimePoint> deadline(const ScreenHost& host, TimePoint now) const override;

    enum class State {
        typing,    // nothing checked yet, or the code was changed since
        checking,  // the worker derives the code's keys
        refused,   // no question with this code here; tries_left() before the lock
        locked,    // too many wrong codes: lock_seconds_left()
        failed,    // the code could not be checked at all (no worker, no memory)
    };
    State state() const { return state_; }
    const std::string& typed() const { return typed_; }  // normalised symbols so far, at most pickup::code_symbols
    std::string typed_grouped() const;                   // "K7PX-4M", as the code is written down
    bool can_check() const;
    // Wrong codes that may still be tried before code entry locks; 0 once the lock has begun.
    int tries_left() const;
    // Whole seconds until the lock ends, rounded up; 0 when not locked.
    std::int64_t lock_seconds_left(const ScreenHost& host) const;

private:
    void append(char32_t symbol);
    void edited();
    void lock(const floorsync::Lockout& lockout);

    std::string typed_;
    State state_ = State::typing;
    std::uint64_t ticket_ = 0;
    floorsync::Lockout lockout_;
};

}  // namespace kiosk

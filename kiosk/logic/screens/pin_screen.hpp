// The PIN pad: digits (shown as dots only), erase, OK and cancel; the check runs off the frame loop, and a lock
// after too many wrong PINs disables the keys with a countdown. A right PIN opens the ambassador queue.
#pragma once

#include "kiosk/logic/screen.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

class PinScreen final : public Screen {
public:
    static constexpr std::string_view kName = "pin";
    static constexpr std::size_t kMaxDigits = floorsync::ambassador::pin_max_digits;
    static constexpr std::size_t kMinDigits = floorsync::ambassador::pin_min_digits;

    // Reads the lock as the secret worker last knew it, so a locked pad shows so at once.
    explicit PinScreen(const ScreenHost& host);
    ~PinScreen() override;  // wipes the digits
    PinScreen(const PinScreen&) = delete;
    PinScreen& operator=(const PinScreen&) = delete;
    // Screenshots: three digits entered ("pin"), or locked for 4:59 ("pin:locked").
    static ScreenPtr sample(ScreenHost& host);
    static ScreenPtr sample_variant(ScreenHost& host, std::string_view variant);
    static constexpr std::array<std::string_view, 1> kSampleVariants{"locked"};

    std::string_view name() const override { return kName; }
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;
    Transition secret_result(const floorsync::SecretResult& result, ScreenHost& host, TimePoint now) override;
    // While locked: every second, so the countdown moves; when the lock ends, the keys come back.
    std::optional<TimePoint> deadline(const ScreenHost& host, TimePoint now) const override;

    enum class Status {
        entering,        // nothing to say (yet)
        checking,        // "Checking…": the worker has the PIN
        too_short,       // OK with fewer than 6 digits
        refused,         // "Wrong PIN" and the tries left
        locked,          // "Too many wrong PINs. Try again in 4:59"; keys disabled
        failed,          // the PIN could not be checked (failure())
        no_ambassadors,  // the kiosk holds no credential of its departments (never synced, or none made yet)
    };
    Status status(const ScreenHost& host) const;
    bool keys_enabled(const ScreenHost& host) const;
    bool can_submit(const ScreenHost& host) const { return keys_enabled(host) && digit_count() > 0; }
    std::size_t digit_count() const { return count_; }
    // Wrong PINs left before the pad locks (0: the next wrong one locks it).
    int tries_left() const;
    // Whole seconds of the lock still to go (rounded up); 0 when not locked.
    std::int64_t lock_seconds_left(const ScreenHost& host) const;
    const std::string& failure() const { return failure_; }

    // The credentials a PIN is checked against: the snapshot's ambassadors of this kiosk's departments.
    static std::vector<floorsync::ambassador::Credential> kiosk_credentials(const ScreenHost& host);

private:
    void clear_digits();
    bool locked(const ScreenHost& host) const { return lockout_.locked(host.wall_now()); }

    std::array<char, kMaxDigits> digits_{};
    std::size_t count_ = 0;
    std::optional<std::uint64_t> ticket_;  // the check in progress
    floorsync::Lockout lockout_;
    Status last_ = Status::entering;
    std::string failure_;
    bool sample_ = false;  // screenshots: drawn as if the kiosk had ambassadors; OK checks nothing
};

}  // namespace kiosk

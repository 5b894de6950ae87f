// The PIN pad's rules: at most 12 digits, OK sends 6..12 of them to the secret worker, only its own answer counts.
#include "kiosk/logic/screens/pin_screen.hpp"

#include "kiosk/logic/screens/ambassador_queue_screen.hpp"
#include "kiosk/logic/screens/ambassador_screen.hpp"
#include "kiosk/logic/screens/home_screen.hpp"

#include <algorithm>

namespace kiosk {

PinScreen::PinScreen(const ScreenHost& host) : lockout_(host.secrets().lockout(floorsync::LockKind::pin)) {}

PinScreen::~PinScreen() { clear_digits(); }

void PinScreen::clear_digits() {
    floorsync::wipe_memory(digits_.data(), digits_.size());
    count_ = 0;
}

ScreenPtr PinScreen::sample(ScreenHost& host) {
    auto screen = std::make_unique<PinScreen>(host);
    screen->lockout_ = {};
    screen->sample_ = true;
    for (char digit : {'4', '7', '1'}) screen->digits_[screen->count_++] = digit;
    return screen;
}

ScreenPtr PinScreen::sample_variant(ScreenHost& host, std::string_view variant) {
    if (variant != "locked") return nullptr;
    auto screen = std::make_unique<PinScreen>(host);
    // The count is rounded up: 299 seconds show as 4:59 until a whole second has passed.
    screen->lockout_ = floorsync::Lockout{6, host.wall_now() + std::chrono::seconds(299)};
    screen->last_ = Status::locked;
    screen->sample_ = true;
    return screen;
}

std::vector<floorsync::ambassador::Credential> PinScreen::kiosk_credentials(const ScreenHost& host) {
    std::vector<floorsync::ambassador::Credential> credentials;
    const KioskConfig& config = host.config();
    // The feed already carries only this kiosk's departments; checking again keeps a credential that is not ours
    // (a department since removed from the config) from unlocking anything here.
    auto ours = [&config](const std::string& department) {
        if (!config.picks_department()) return department == config.department;
        return std::find(config.departments.begin(), config.departments.end(), department) != config.departments.end();
    };
    for (const auto& credential : host.catalog().ambassadors())
        if (ours(credential.department)) credentials.push_back(credential);
    return credentials;
}

PinScreen::Status PinScreen::status(const ScreenHost& host) const {
    if (ticket_) return Status::checking;
    if (locked(host)) return Status::locked;
    if (!sample_ && kiosk_credentials(host).empty()) return Status::no_ambassadors;
    return last_ == Status::locked ? Status::entering : last_;  // a lock that ran out says nothing more
}

bool PinScreen::keys_enabled(const ScreenHost& host) const {
    const Status now = status(host);
    return now != Status::checking && now != Status::locked && now != Status::no_ambassadors;
}

int PinScreen::tries_left() const { return std::max(0, floorsync::LockoutPolicy{}.free_attempts - lockout_.failures); }

std::int64_t PinScreen::lock_seconds_left(const ScreenHost& host) const {
    if (!locked(host)) return 0;
    return std::chrono::ceil<std::chrono::seconds>(*lockout_.locked_until - host.wall_now()).count();
}

std::optional<TimePoint> PinScreen::deadline(const ScreenHost& host, TimePoint now) const {
    if (!locked(host)) return std::nullopt;
    // The shown count drops when the time left passes a whole second.
    const auto left = *lockout_.locked_until - host.wall_now();
    const auto shown = std::chrono::ceil<std::chrono::seconds>(left);
    const auto until_change = left - (shown - std::chrono::seconds(1));
    return now + std::max(std::chrono::duration_cast<TimePoint::duration>(until_change), TimePoint::duration(std::chrono::milliseconds(1)));
}

Transition PinScreen::handle(const Input& input, ScreenHost& host, TimePoint) {
    switch (input.kind) {
    case Input::Kind::go_home:
    case Input::Kind::back:
    case Input::Kind::cancel_question: return go_to<HomeScreen>();
    case Input::Kind::press_digit:
        if (!keys_enabled(host) || input.index > 9 || count_ >= kMaxDigits) return Transition::stay();
        digits_[count_++] = static_cast<char>('0' + input.index);
        if (last_ != Status::refused) last_ = Status::entering;  // "wrong PIN" stays until the next OK
        return Transition::stay();
    case Input::Kind::backspace:
        if (!keys_enabled(host) || count_ == 0) return Transition::stay();
        digits_[--count_] = 0;
        return Transition::stay();
    case Input::Kind::submit: {
        if (!can_submit(host) || sample_) return Transition::stay();
        if (count_ < kMinDigits) {
            last_ = Status::too_short;
            clear_digits();
            return Transition::stay();
        }
        std::string pin(digits_.data(), count_);  // the worker wipes its copy after use
        clear_digits();
        ticket_ = host.secrets().check_pin(std::move(pin), kiosk_credentials(host));
        // Twelve digits fit in the string's own buffer, which a move copies and leaves as it was: wipe it too.
        pin.resize(pin.capacity());
        floorsync::wipe_memory(pin.data(), pin.size());
        return Transition::stay();
    }
    default: return Transition::stay();
    }
}

Transition PinScreen::secret_result(const floorsync::SecretResult& result, ScreenHost& host, TimePoint) {
    if (!ticket_ || result.ticket != *ticket_) return Transition::stay();
    ticket_.reset();
    using Outcome = floorsync::SecretResult::Outcome;
    switch (result.outcome) {
    case Outcome::accepted:
        if (result.session) {
            Unlocked unlocked;
            unlocked.session = std::make_unique<floorsync::AmbassadorSession>(*result.session);
            return go_to<AmbassadorQueueScreen>(std::move(unlocked), host);
        }
        last_ = Status::failed;
        failure_ = "the check accepted the PIN but named no ambassador";
        return Transition::stay();
    case Outcome::refused:
        lockout_ = result.lockout;
        last_ = Status::refused;
        return Transition::stay();
    case Outcome::locked:
        lockout_ = result.lockout;
        last_ = Status::locked;
        return Transition::stay();
    case Outcome::failed:
        last_ = Status::failed;
        failure_ = result.error.empty() ? "no reason given" : result.error;
        return Transition::stay();
    }
    return Transition::stay();
}

}  // namespace kiosk

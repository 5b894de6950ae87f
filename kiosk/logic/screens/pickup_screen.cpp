// Pickup code entry: symbols in, one lookup per "Check", and where its answer leads.
#include "kiosk/logic/screens/pickup_screen.hpp"

#include "kiosk/logic/screens/home_screen.hpp"
#include "kiosk/logic/screens/pickup_result_screen.hpp"
#include "kiosk/logic/screens/questions_screen.hpp"
#include "sync/shared/pickup_code.hpp"

#include <algorithm>

namespace kiosk {

namespace {

using Outcome = floorsync::SecretResult::Outcome;
namespace pickup = floorsync::pickup;

// The symbol a typed character stands for: letters in either case; nullopt for anything not in the alphabet.
std::optional<char> code_symbol(char32_t c) {
    if (c >= U'a' && c <= U'z') c = c - U'a' + U'A';
    if (c > 0x7F) return std::nullopt;
    const char ascii = static_cast<char>(c);
    if (pickup::alphabet.find(ascii) == std::string_view::npos) return std::nullopt;
    return ascii;
}

}  // namespace

std::size_t PickupScreen::key_rows() { return (pickup::alphabet.size() + kKeyColumns - 1) / kKeyColumns; }

char PickupScreen::symbol_at(std::size_t row, std::size_t column) {
    if (column >= kKeyColumns) return '\0';
    const std::size_t index = row * kKeyColumns + column;
    return index < pickup::alphabet.size() ? pickup::alphabet[index] : '\0';
}

PickupScreen::PickupScreen(const ScreenHost& host) {
    const floorsync::Lockout current = host.secrets().lockout(floorsync::LockKind::pickup);
    if (current.locked(host.wall_now())) lock(current);
}

PickupScreen::~PickupScreen() {
    typed_.resize(typed_.capacity());
    floorsync::wipe_memory(typed_.data(), typed_.size());
}

ScreenPtr PickupScreen::sample(ScreenHost& host) {
    auto screen = std::make_unique<PickupScreen>(host);
    screen->typed_ = "K7PX4";
    return screen;
}

std::string PickupScreen::typed_grouped() const {
    if (typed_.size() <= 4) return typed_;
    return typed_.substr(0, 4) + "-" + typed_.substr(4);
}

bool PickupScreen::can_check() const {
    return typed_.size() == pickup::code_symbols && state_ != State::checking && state_ != State::locked;
}

int PickupScreen::tries_left() const {
    return std::max(0, floorsync::LockoutPolicy{}.free_attempts - lockout_.failures);
}

std::int64_t PickupScreen::lock_seconds_left(const ScreenHost& host) const {
    if (state_ != State::locked || !lockout_.locked_until) return 0;
    const auto left = *lockout_.locked_until - host.wall_now();
    if (left <= left.zero()) return 0;
    return std::chrono::ceil<std::chrono::seconds>(left).count();
}

void PickupScreen::append(char32_t c) {
    const auto symbol = code_symbol(c);
    if (!symbol || typed_.size() >= pickup::code_symbols) return;
    typed_ += *symbol;
    edited();
}

// A changed code is a new attempt: the last refusal no longer applies to it.
void PickupScreen::edited() {
    if (state_ == State::refused || state_ == State::failed) state_ = State::typing;
}

void PickupScreen::lock(const floorsync::Lockout& lockout) {
    lockout_ = lockout;
    state_ = State::locked;
    typed_.clear();
}

Transition PickupScreen::handle(const Input& input, ScreenHost& host, TimePoint) {
    switch (input.kind) {
    case Input::Kind::go_home: return go_to<HomeScreen>();
    case Input::Kind::back: return go_to<QuestionsScreen>();
    default: break;
    }
    // Nothing is typed while a code is being checked, nor while code entry is locked.
    if (state_ == State::checking || state_ == State::locked) return Transition::stay();
    switch (input.kind) {
    case Input::Kind::press_key:
        if (const char symbol = symbol_at(input.index, input.column)) append(static_cast<char32_t>(symbol));
        break;
    case Input::Kind::type_codepoint: append(input.codepoint); break;
    case Input::Kind::type_text:
        // Spaces, dashes and other characters someone copies along are skipped.
        for (const char c : input.text) append(static_cast<unsigned char>(c));
        break;
    case Input::Kind::backspace:
        if (!typed_.empty()) typed_.pop_back();
        edited();
        break;
    case Input::Kind::submit:
        if (!can_check()) break;
        state_ = State::checking;
        ticket_ = host.secrets().look_up_pickup(typed_, host.catalog().pickup_ids());
        break;
    default: break;
    }
    return Transition::stay();
}

Transition PickupScreen::tick(ScreenHost& host, TimePoint) {
    const auto now = host.wall_now();
    if (state_ == State::locked) {
        if (!lockout_.locked(now)) state_ = State::typing;
        return Transition::stay();
    }
    // A lock that began elsewhere meanwhile (the worker loaded the count from disk) holds here too.
    if (state_ != State::checking) {
        const floorsync::Lockout current = host.secrets().lockout(floorsync::LockKind::pickup);
        if (current.locked(now)) lock(current);
    }
    return Transition::stay();
}

Transition PickupScreen::secret_result(const floorsync::SecretResult& result, ScreenHost& host, TimePoint) {
    if (state_ != State::checking || result.ticket != ticket_) return Transition::stay();
    lockout_ = result.lockout;
    switch (result.outcome) {
    case Outcome::accepted:
        if (result.pickup) {
            if (const auto* question = host.catalog().find_by_pickup_id(result.pickup->id))
                return go_to<PickupResultScreen>(*question, *result.pickup);
        }
        // The question left the kiosk's snapshot while the code was being checked.
        state_ = State::refused;
        break;
    case Outcome::refused:
        state_ = State::refused;
        if (lockout_.locked(host.wall_now())) lock(lockout_);
        break;
    case Outcome::locked: lock(result.lockout); break;
    case Outcome::failed: state_ = State::failed; break;
    }
    return Transition::stay();
}

std::optional<TimePoint> PickupScreen::deadline(const ScreenHost& host, TimePoint now) const {
    if (state_ != State::locked || !lockout_.locked_until) return std::nullopt;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*lockout_.locked_until - host.wall_now());
    if (left <= left.zero()) return now;
    // When the shown seconds change: the fraction of a second above the whole seconds left.
    const auto fraction = left % std::chrono::seconds(1);
    return now + (fraction == fraction.zero() ? std::chrono::milliseconds(1000) : fraction);
}

}  // namespace kiosk

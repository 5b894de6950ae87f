// Home: a face tap starts a rating; the other controls open their screens.
#include "kiosk/logic/screens/home_screen.hpp"

#include "kiosk/logic/screen_registry.hpp"
#include "kiosk/logic/screens/ask_screen.hpp"
#include "kiosk/logic/screens/cleaning_screen.hpp"
#include "kiosk/logic/screens/main_action.hpp"
#include "kiosk/logic/screens/pin_screen.hpp"

#include <algorithm>

namespace kiosk {

// Repeat-tap guard: a rating within repeat_tap_interval of the previous rating tap is stored with "suspect": true.
// On screen it goes through exactly the same steps as any other rating: the kiosk cannot tell a double tap from a
// colleague who is next in line, so nobody is told off, and someone hammering a face gets no sign of what is
// filtered. The central team leaves suspect ratings out of the counts.
Transition HomeScreen::handle(const Input& input, ScreenHost& host, TimePoint now) {
    const KioskConfig& config = host.config();
    switch (input.kind) {
    case Input::Kind::tap_face: {
        const int score = static_cast<int>(input.index);
        if (score < 1 || score > 5) return Transition::stay();
        const bool suspect = host.ratings().record(now, config.repeat_tap_interval);
        return begin(MainAction::rating(score, suspect, host.new_id()), host, now);
    }
    case Input::Kind::choose_language:
        if (std::find(config.languages.begin(), config.languages.end(), input.text) != config.languages.end())
            host.set_language(input.text);
        return Transition::stay();
    case Input::Kind::start_cleaning: return go_to<CleaningScreen>();
    case Input::Kind::open_ask: return go_to<AskScreen>(config.max_question_length);
    case Input::Kind::open_screen:
        if (input.text == PinScreen::kName) return go_to<PinScreen>(host);  // the ambassador's PIN pad
        if (ScreenPtr next = open_content_screen(input.text)) return Transition::go(std::move(next));
        return Transition::stay();
    default: return Transition::stay();
    }
}

const floorsync::content::Item* HomeScreen::strip_item(const ScreenHost& host, TimePoint now) const {
    const auto& strip = host.content().strip;
    if (strip.empty()) return nullptr;
    const auto steps = std::max<std::int64_t>(0, (now - shown_at()) / kStripInterval);
    return strip[static_cast<std::size_t>(steps) % strip.size()];
}

std::optional<TimePoint> HomeScreen::deadline(const ScreenHost& host, TimePoint now) const {
    if (host.content().strip.size() < 2) return std::nullopt;
    const auto steps = std::max<std::int64_t>(0, (now - shown_at()) / kStripInterval);
    return shown_at() + (steps + 1) * kStripInterval;
}

}  // namespace kiosk

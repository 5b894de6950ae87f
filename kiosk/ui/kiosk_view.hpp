// The kiosk's frame: draws the shell's current screen for one frame and returns what the user did.
#pragma once

#include "kiosk/logic/input.hpp"
#include "kiosk/logic/shell.hpp"
#include "kiosk/logic/strings.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/layout.hpp"
#include "sync/sync_engine.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::ui {

// What the status line shows; copied from the recorder and the sync engine by the frame loop.
struct StatusSnapshot {
    bool storage_ok = true;
    std::int64_t pending = 0;      // events waiting to be sent
    std::int64_t quarantined = 0;  // events the collector refused; a technician looks at them
    floorsync::LinkState link = floorsync::LinkState::no_collector;
    std::chrono::system_clock::time_point next_attempt{};
    std::chrono::system_clock::time_point wall_now{};

    bool operator==(const StatusSnapshot&) const = default;
};

// The status line's right-hand text: backlog, refused events, storage health and the link to the collector.
// next_change is set when the text will change by itself (a retry countdown).
std::string status_line_text(const StringTables& strings, const std::string& language, const Shell& shell,
                             const StatusSnapshot& status, std::optional<std::chrono::system_clock::time_point>& next_change);

class KioskView {
public:
    KioskView(const StringTables& strings, const FontSet& fonts) : strings_(strings), fonts_(fonts) {}

    void set_fonts(const FontSet& fonts) { fonts_ = fonts; }

    // Call between ImGui::NewFrame() and ImGui::Render(). Draws one full-screen frame of the shell's screen and
    // returns the taps, keys and drags of this frame, for Shell::inputs(). Reads the physical keyboard from ImGui's
    // io (InputQueueCharacters, with astral characters as UTF-16 surrogate pairs; Backspace, Enter) on the ask screen.
    Inputs draw(const Shell& shell, const StatusSnapshot& status, TimePoint now);

    // The tap targets of the last frame, in drawing order.
    const TargetList& targets() const { return targets_; }
    const Target* find_target(std::string_view id) const;

    // When the status line's text changes by itself (a retry countdown); nullopt when it does not.
    std::optional<std::chrono::system_clock::time_point> next_status_change() const { return next_status_change_; }

private:
    const StringTables& strings_;
    FontSet fonts_;
    TargetList targets_;
    std::optional<std::chrono::system_clock::time_point> next_status_change_;
};

}  // namespace kiosk::ui

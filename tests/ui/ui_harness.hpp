// Drives the real kiosk screens through Dear ImGui without a window (null backend), with a real Recorder.
#pragma once

#include "kiosk/logic/config.hpp"
#include "common/shell_driver.hpp"
#include "kiosk/logic/shell.hpp"
#include "kiosk/logic/strings.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/touch_input.hpp"
#include "sync/recorder.hpp"
#include "sync/store.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/temp_dir.hpp"

namespace ui_test {

using test_support::TempDir;
namespace screen_name = kiosk_test::screen_name;

// The embedded default config, with the kiosk's usual single department.
kiosk::KioskConfig test_config();

class UiHarness {
public:
    // db_path: where the real Recorder keeps the outbox (a temp file; or an unusable path for fault tests).
    UiHarness(kiosk::KioskConfig config, const std::string& db_path, float width = 1280.0f, float height = 800.0f);
    ~UiHarness();

    // One frame: touch rule, NewFrame, view.draw, Render, then the actions go to the shell.
    void frame();
    // Taps the centre of the target with this id from the last frame (press frame, release frame, lift frame).
    // Fails the test when no such target is on screen.
    void tap(const std::string& id);
    // Presses and releases at `position` now, as a finger would, without waiting for a new screen to settle.
    void tap_at(ImVec2 position);
    // Taps the on-screen key whose label is `label` on the current keyboard page.
    void tap_key(const std::string& label);
    // Lets real time pass (the recorder thread commits) until the flow leaves the saving screen; bounded.
    void wait_until_saved();
    // Moves the shell's clock forward without input, then draws a frame.
    void advance(std::chrono::milliseconds by);
    // Drags a finger from `from` by `by` pixels in a few moves, then lifts it.
    void drag(ImVec2 from, ImVec2 by);
    // Content as the sync engine would publish it (items as content::decode would give them).
    void publish(std::vector<floorsync::content::Item> items);

    bool has_target(const std::string& id) const { return view->find_target(id) != nullptr; }
    std::string target_label(const std::string& id) const;
    std::vector<std::string> target_ids() const;

    // The events the store holds, oldest first (opened with a second connection, like the sync engine).
    std::vector<floorsync::StoredEvent> stored_events();

    kiosk::KioskConfig config;
    std::string db_path;
    kiosk::StringTables strings;
    ImGuiContext* context = nullptr;
    kiosk::ui::FontSet fonts;
    std::unique_ptr<floorsync::Recorder> recorder;
    std::unique_ptr<kiosk::Shell> shell;
    std::unique_ptr<kiosk_test::ShellDriver> flow;
    std::unique_ptr<kiosk::ui::KioskView> view;
    kiosk::ui::TouchPointer touch;
    kiosk::ui::StatusSnapshot status;
    kiosk::TimePoint now;
    kiosk::SystemTime wall_now;  // the kiosk's wall clock (what content shows, the countdown); moved by hand
    std::uint64_t content_version = 0;
};

}  // namespace ui_test

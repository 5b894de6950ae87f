// The kiosk's main loop: sleep until input, a deadline or new data; then draw only the frames that are needed.
#pragma once

#include "kiosk/logic/shell.hpp"
#include "sync/content_snapshot.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/touch_input.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace kiosk::platform {

class KioskWindow;
class ImGuiGlfwBackend;
class QuitSignals;

struct LoopOptions {
    std::optional<std::string> screenshot_path;  // save the last frame as PNG before returning
    std::optional<int> exit_after_frames;        // return after drawing this many frames
    bool report_first_frame = false;             // print "first_frame_ms=..." once the first frame is shown
    std::string targets_file;                    // write the tap targets here whenever they change (tests)
    std::string font_override;                   // config font_path
};

// Everything the loop draws from. `status` is called on every wake-up and must be cheap (the recorder's and
// the sync engine's snapshots, no disk access). `data_changed` is set by worker threads before they wake the
// loop (glfwPostEmptyEvent).
struct LoopParts {
    KioskWindow& window;
    Shell& shell;
    ui::KioskView& view;
    const QuitSignals& signals;
    std::function<ui::StatusSnapshot()> status;
    // The sync engine's latest content snapshot (a shared pointer copy under its mutex); may be empty.
    std::function<std::shared_ptr<const floorsync::ContentSnapshot>()> content;
    std::atomic<bool>& data_changed;
};

// Installs the input callbacks, attaches the ImGui backend (which chains to them; the ImGui context must exist)
// and loads the fonts for the window. run() returns on a quit signal, a window close in windowed mode or after
// exit_after_frames. Throws std::runtime_error (ui::FontError) on a fatal problem: fonts, the screenshot file.
class FrameLoop {
public:
    FrameLoop(LoopParts parts, LoopOptions options);
    ~FrameLoop();
    FrameLoop(const FrameLoop&) = delete;
    FrameLoop& operator=(const FrameLoop&) = delete;

    void run();

    std::uint64_t frames_drawn() const { return frames_drawn_; }

    struct Input;  // what the GLFW callbacks record; defined in the .cpp

private:
    void draw_frame();
    void load_fonts_for_window();
    void write_targets_file();
    void wait_for_something();

    LoopParts parts_;
    LoopOptions options_;
    std::unique_ptr<Input> input_;
    std::unique_ptr<ImGuiGlfwBackend> backend_;
    ui::TouchPointer touch_;
    ui::StatusSnapshot last_status_;
    int font_height_ = 0;
    int frames_pending_ = 0;
    std::uint64_t frames_drawn_ = 0;
    std::string last_targets_;
};

// Milliseconds since this process was started (from /proc/self/stat), for the first-frame figure.
double milliseconds_since_process_start();

}  // namespace kiosk::platform

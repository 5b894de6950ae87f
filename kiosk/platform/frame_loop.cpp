// Idle waiting (glfwWaitEventsTimeout until the nearest deadline), redraw decisions, and drawing one frame.
#include "kiosk/platform/frame_loop.hpp"

#include "kiosk/platform/glfw_window.hpp"
#include "kiosk/platform/imgui_backend.hpp"
#include "kiosk/platform/quit_signals.hpp"
#include "kiosk/platform/screenshot.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/theme.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace kiosk::platform {

// Input bookkeeping shared with the GLFW callbacks (all on the main thread).
struct FrameLoop::Input {
    std::uint64_t events = 0;  // anything that may change the picture: taps, keys, exposure, resize
    bool fullscreen = true;
};

namespace {

using SteadyClock = std::chrono::steady_clock;

// After input, ImGui needs a few frames: the press, the release (the tap), and the pointer leaving.
constexpr int kFramesAfterInput = 3;

FrameLoop::Input& input_of(GLFWwindow* window) { return *static_cast<FrameLoop::Input*>(glfwGetWindowUserPointer(window)); }

void on_mouse_button(GLFWwindow* window, int, int, int) { ++input_of(window).events; }
void on_scroll(GLFWwindow* window, double, double) { ++input_of(window).events; }
void on_focus(GLFWwindow* window, int) { ++input_of(window).events; }
// If a window manager minimises the fullscreen kiosk anyway, it comes straight back: there is no taskbar to find it.
void on_iconify(GLFWwindow* window, int iconified) {
    ++input_of(window).events;
    if (iconified && input_of(window).fullscreen) glfwRestoreWindow(window);
}
void on_cursor_enter(GLFWwindow* window, int) { ++input_of(window).events; }
void on_refresh(GLFWwindow* window) { ++input_of(window).events; }
void on_framebuffer_size(GLFWwindow* window, int, int) { ++input_of(window).events; }

// Moving without a finger down changes nothing on a touch UI (there is no hover); dragging off a button does.
void on_cursor_pos(GLFWwindow* window, double, double) {
    if (glfwGetMouseButton(window, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS)
        ++input_of(window).events;
}

void on_key(GLFWwindow* window, int key, int, int action, int) {
    FrameLoop::Input& input = input_of(window);
    ++input.events;
    if (!input.fullscreen && key == GLFW_KEY_ESCAPE && action == GLFW_PRESS)
        glfwSetWindowShouldClose(window, GLFW_TRUE);  // development window only; a kiosk ignores Escape
}

// ImGui 1.86 keeps 16-bit characters; characters beyond U+FFFF go into its queue as a surrogate pair, which the
// view joins again, so an emoji typed on a physical keyboard is kept as typed.
void on_char(GLFWwindow* window, unsigned int codepoint) {
    ++input_of(window).events;
    ImGuiIO& io = ImGui::GetIO();
    if (codepoint > 0xFFFF && codepoint <= 0x10FFFF) {
        const unsigned int offset = codepoint - 0x10000;
        io.InputQueueCharacters.push_back(static_cast<ImWchar>(0xD800 + (offset >> 10)));
        io.InputQueueCharacters.push_back(static_cast<ImWchar>(0xDC00 + (offset & 0x3FF)));
    } else {
        io.AddInputCharacter(codepoint);
    }
}

std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

SteadyClock::time_point steady_from_system(std::chrono::system_clock::time_point at) {
    return SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(at - std::chrono::system_clock::now());
}

}  // namespace

double milliseconds_since_process_start() {
    std::ifstream stat_file("/proc/self/stat");
    std::string content((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
    const std::size_t after_name = content.rfind(')');
    if (after_name == std::string::npos)
        return -1.0;
    std::istringstream fields(content.substr(after_name + 2));
    std::string field;
    unsigned long long start_ticks = 0;
    for (int index = 3; fields >> field; ++index) {  // field 3 is the state; 22 is starttime
        if (index == 22) {
            start_ticks = std::stoull(field);
            break;
        }
    }
    timespec boot{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    const double now_ms = static_cast<double>(boot.tv_sec) * 1000.0 + static_cast<double>(boot.tv_nsec) / 1e6;
    return now_ms - static_cast<double>(start_ticks) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

FrameLoop::FrameLoop(LoopParts parts, LoopOptions options)
    : parts_(std::move(parts)), options_(std::move(options)), input_(std::make_unique<Input>()) {
    GLFWwindow* window = parts_.window.handle();
    input_->fullscreen = parts_.window.fullscreen();
    glfwSetWindowUserPointer(window, input_.get());
    glfwSetMouseButtonCallback(window, on_mouse_button);
    glfwSetWindowIconifyCallback(window, on_iconify);
    glfwSetScrollCallback(window, on_scroll);
    glfwSetKeyCallback(window, on_key);
    glfwSetWindowFocusCallback(window, on_focus);
    glfwSetCursorEnterCallback(window, on_cursor_enter);
    glfwSetCursorPosCallback(window, on_cursor_pos);
    glfwSetWindowRefreshCallback(window, on_refresh);
    glfwSetFramebufferSizeCallback(window, on_framebuffer_size);
    backend_ = std::make_unique<ImGuiGlfwBackend>(window, parts_.window.fullscreen());
    glfwSetCharCallback(window, on_char);  // replaces the backend's handler, which keeps only 16-bit characters
    load_fonts_for_window();
}

FrameLoop::~FrameLoop() {
    backend_.reset();  // gives the callbacks it chained back first
    GLFWwindow* window = parts_.window.handle();
    glfwSetCursorPosCallback(window, nullptr);
    glfwSetWindowRefreshCallback(window, nullptr);
    glfwSetFramebufferSizeCallback(window, nullptr);
    glfwSetCharCallback(window, nullptr);
    glfwSetWindowUserPointer(window, nullptr);
}

void FrameLoop::load_fonts_for_window() {
    const int height = parts_.window.framebuffer_height();
    if (height <= 0 || height == font_height_)
        return;
    const bool first = font_height_ == 0;
    font_height_ = height;
    ImGuiIO& io = ImGui::GetIO();
    const float em = ui::font_pixel_size_for_screen(height, parts_.window.content_scale());
    const ui::FontSet fonts = ui::load_fonts(*io.Fonts, em, options_.font_override);
    ui::theme::apply_style(ImGui::GetStyle(), fonts.em);
    parts_.view.set_fonts(fonts);
    if (!first)
        backend_->rebuild_font_texture();  // the first texture is made by the backend's first NewFrame
}

void FrameLoop::wait_for_something() {
    if (frames_pending_ > 0) {
        glfwPollEvents();
        return;
    }
    std::optional<SteadyClock::time_point> deadline = parts_.shell.next_deadline();
    if (const auto status_change = parts_.view.next_status_change()) {
        const auto at = steady_from_system(*status_change);
        deadline = deadline ? std::min(*deadline, at) : at;
    }
    if (!deadline) {
        glfwWaitEvents();
        return;
    }
    const double seconds = std::chrono::duration<double>(*deadline - SteadyClock::now()).count();
    if (seconds > 0.0)
        glfwWaitEventsTimeout(seconds + 0.001);  // a hair late, so the deadline has passed when we look
    else
        glfwPollEvents();
    if (SteadyClock::now() >= *deadline)
        ++frames_pending_;  // a timeout, a countdown second or the status text is due
}

void FrameLoop::run() {
    frames_pending_ = 2;
    std::uint64_t seen_events = 0;
    while (!parts_.signals.quit_requested() && !parts_.window.should_close()) {
        wait_for_something();
        if (input_->events != seen_events) {
            seen_events = input_->events;
            frames_pending_ = std::max(frames_pending_, kFramesAfterInput);
        }
        if (parts_.data_changed.exchange(false))
            frames_pending_ = std::max(frames_pending_, 1);
        if (parts_.content) {
            const std::uint64_t serial = parts_.shell.screen_serial();
            const auto before = parts_.shell.host().catalog().rebuilds();
            parts_.shell.set_content(parts_.content());
            if (parts_.shell.host().catalog().rebuilds() != before || parts_.shell.screen_serial() != serial)
                frames_pending_ = std::max(frames_pending_, 1);
        }
        const ui::StatusSnapshot status = parts_.status();
        if (!(status == last_status_))
            frames_pending_ = std::max(frames_pending_, 1);
        if (parts_.signals.quit_requested())
            break;
        if (frames_pending_ <= 0)
            continue;

        --frames_pending_;
        const std::uint64_t before = parts_.shell.screen_serial();
        draw_frame();
        parts_.window.swap_buffers();
        ++frames_drawn_;
        if (frames_drawn_ == 1 && options_.report_first_frame) {
            std::printf("first_frame_ms=%.1f\n", milliseconds_since_process_start());
            std::fflush(stdout);
        }
        if (parts_.shell.screen_serial() != before) {
            frames_pending_ = std::max(frames_pending_, 1);  // draw the new screen at once
            touch_.screen_changed(SteadyClock::now());      // a press that follows at once was meant for the old one
        }
        if (touch_.needs_followup_frame())
            frames_pending_ = std::max(frames_pending_, 1);
        if (options_.exit_after_frames && static_cast<int>(frames_drawn_) >= *options_.exit_after_frames)
            break;
    }
    if (options_.screenshot_path) {
        draw_frame();  // the picture as it is now, read back before it is swapped away
        write_framebuffer_png(*options_.screenshot_path, parts_.window.framebuffer_width(), parts_.window.framebuffer_height());
    }
}

void FrameLoop::draw_frame() {
    load_fonts_for_window();
    backend_->new_frame();
    ImGuiIO& io = ImGui::GetIO();
    const auto now = SteadyClock::now();
    touch_.before_new_frame(io, now);
    ImGui::NewFrame();

    parts_.shell.tick(now);
    last_status_ = parts_.status();
    ui::StatusSnapshot shown = last_status_;
    shown.wall_now = std::chrono::system_clock::now();
    const Inputs actions = parts_.view.draw(parts_.shell, shown, now);
    ImGui::Render();

    const int width = parts_.window.framebuffer_width();
    const int height = parts_.window.framebuffer_height();
    glViewport(0, 0, width, height);
    const ImVec4 clear = ImGui::ColorConvertU32ToFloat4(ui::theme::background);
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    backend_->render_draw_data();

    if (!options_.targets_file.empty())
        write_targets_file();  // the targets as drawn, before the taps of this frame change the screen
    parts_.shell.inputs(actions, now);
}

// For end-to-end tests and the screenshot script: where each control is and what it says, so xdotool can tap
// it. Rewritten (atomically) whenever it changes.
void FrameLoop::write_targets_file() {
    std::ostringstream content;
    content << "screen " << parts_.shell.screen_name() << "\n";
    for (const ui::Target& target : parts_.view.targets())
        content << target.id << ' ' << target.rect.min.x << ' ' << target.rect.min.y << ' ' << target.rect.max.x << ' '
                << target.rect.max.y << ' ' << one_line(target.label) << '\n';
    if (content.str() == last_targets_)
        return;
    last_targets_ = content.str();
    const std::string temporary = options_.targets_file + ".tmp";
    std::ofstream(temporary) << last_targets_;
    std::rename(temporary.c_str(), options_.targets_file.c_str());
}

}  // namespace kiosk::platform

// RAII for the GLFW library and the kiosk's window: fullscreen on the configured monitor, or windowed for development.
#pragma once

#include <string>

struct GLFWwindow;

namespace kiosk::platform {

// glfwInit on construction, glfwTerminate on destruction. Throws std::runtime_error when GLFW cannot start
// (no display, no X server).
class GlfwLibrary {
public:
    GlfwLibrary();
    ~GlfwLibrary();
    GlfwLibrary(const GlfwLibrary&) = delete;
    GlfwLibrary& operator=(const GlfwLibrary&) = delete;
};

// Thread-safe: makes a glfwWaitEvents* call on the main thread return. Does nothing while GLFW is not running,
// so worker threads may call it at any time during start-up and shutdown.
void wake_event_loop();

struct WindowOptions {
    bool fullscreen = true;
    int monitor_index = 0;       // fullscreen only; out of range: the primary monitor, with a message on stderr
    int windowed_width = 1280;   // windowed only
    int windowed_height = 800;
    std::string title = "Floor feedback";
    bool visible = true;         // benchmarks may render into a hidden window
};

// The window with a current OpenGL 3 context. In fullscreen the cursor is hidden and close requests
// (Alt+F4, the window manager) are refused: a kiosk is left by a technician stopping the service.
class KioskWindow {
public:
    explicit KioskWindow(const WindowOptions& options);  // throws std::runtime_error with the reason
    ~KioskWindow();
    KioskWindow(const KioskWindow&) = delete;
    KioskWindow& operator=(const KioskWindow&) = delete;

    GLFWwindow* handle() const { return window_; }
    bool fullscreen() const { return fullscreen_; }
    bool should_close() const;
    // Framebuffer size in pixels and the monitor's content scale (DPI factor), for sizing fonts.
    int framebuffer_width() const;
    int framebuffer_height() const;
    float content_scale() const;
    void swap_buffers();

private:
    GLFWwindow* window_ = nullptr;
    bool fullscreen_ = true;
};

}  // namespace kiosk::platform

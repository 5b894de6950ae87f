// GLFW start-up, monitor choice, window creation and the refusal of close requests in fullscreen.
#include "kiosk/platform/glfw_window.hpp"

#include <GLFW/glfw3.h>

#include <cstdio>
#include <mutex>
#include <stdexcept>

namespace kiosk::platform {
namespace {

std::mutex g_glfw_mutex;
bool g_glfw_running = false;
std::string g_last_glfw_error;

void on_glfw_error(int code, const char* description) {
    g_last_glfw_error = description ? description : "unknown GLFW error";
    std::fprintf(stderr, "kiosk: GLFW error %d: %s\n", code, g_last_glfw_error.c_str());
}

void refuse_close_in_fullscreen(GLFWwindow* window) { glfwSetWindowShouldClose(window, GLFW_FALSE); }

GLFWmonitor* choose_monitor(int index) {
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    if (count == 0 || monitors == nullptr)
        throw std::runtime_error("no monitor found for fullscreen (use --windowed for development)");
    if (index < 0 || index >= count) {
        std::fprintf(stderr, "kiosk: monitor %d does not exist (found %d); using the primary monitor\n", index, count);
        return glfwGetPrimaryMonitor();
    }
    return monitors[index];
}

}  // namespace

GlfwLibrary::GlfwLibrary() {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit())
        throw std::runtime_error("cannot start GLFW: " + (g_last_glfw_error.empty() ? std::string("no display?") : g_last_glfw_error));
    std::lock_guard lock(g_glfw_mutex);
    g_glfw_running = true;
}

GlfwLibrary::~GlfwLibrary() {
    {
        std::lock_guard lock(g_glfw_mutex);
        g_glfw_running = false;
    }
    glfwTerminate();
}

void wake_event_loop() {
    std::lock_guard lock(g_glfw_mutex);
    if (g_glfw_running)
        glfwPostEmptyEvent();
}

KioskWindow::KioskWindow(const WindowOptions& options) : fullscreen_(options.fullscreen) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
    // GLFW minimises a fullscreen window that loses the focus (GLFW_AUTO_ICONIFY): on a touch-only terminal any
    // popup would take it out of service, showing the desktop and ignoring taps.
    glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);
    g_last_glfw_error.clear();
    if (fullscreen_) {
        GLFWmonitor* monitor = choose_monitor(options.monitor_index);
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        if (mode == nullptr)
            throw std::runtime_error("cannot read the video mode of the monitor");
        glfwWindowHint(GLFW_RED_BITS, mode->redBits);
        glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
        glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
        window_ = glfwCreateWindow(mode->width, mode->height, options.title.c_str(), monitor, nullptr);
    } else {
        window_ = glfwCreateWindow(options.windowed_width, options.windowed_height, options.title.c_str(), nullptr, nullptr);
    }
    if (window_ == nullptr)
        throw std::runtime_error("cannot create the window: " + (g_last_glfw_error.empty() ? std::string("unknown reason") : g_last_glfw_error));
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    if (fullscreen_) {
        glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
        glfwSetWindowCloseCallback(window_, refuse_close_in_fullscreen);
    }
}

KioskWindow::~KioskWindow() {
    if (window_ != nullptr)
        glfwDestroyWindow(window_);
}

bool KioskWindow::should_close() const { return glfwWindowShouldClose(window_) != 0; }

int KioskWindow::framebuffer_width() const {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    return width;
}

int KioskWindow::framebuffer_height() const {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    return height;
}

float KioskWindow::content_scale() const {
    float x = 1.0f, y = 1.0f;
    glfwGetWindowContentScale(window_, &x, &y);
    return y > 0.0f ? y : 1.0f;
}

void KioskWindow::swap_buffers() { glfwSwapBuffers(window_); }

}  // namespace kiosk::platform

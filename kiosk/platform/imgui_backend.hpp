// RAII for the Dear ImGui context and its GLFW + OpenGL3 backends.
#pragma once

struct GLFWwindow;

namespace kiosk::platform {

// Creates the ImGui context. Tests and benchmarks that have no window use it alone (null-backend pattern).
class ImGuiContextGuard {
public:
    ImGuiContextGuard();
    ~ImGuiContextGuard();
    ImGuiContextGuard(const ImGuiContextGuard&) = delete;
    ImGuiContextGuard& operator=(const ImGuiContextGuard&) = delete;
};

// Attaches ImGui to the window: input callbacks (chained after any callbacks already installed), the OpenGL3
// renderer, no .ini file, and in fullscreen no cursor changes (the cursor stays hidden on a touch screen).
class ImGuiGlfwBackend {
public:
    ImGuiGlfwBackend(GLFWwindow* window, bool touch_screen);
    ~ImGuiGlfwBackend();
    ImGuiGlfwBackend(const ImGuiGlfwBackend&) = delete;
    ImGuiGlfwBackend& operator=(const ImGuiGlfwBackend&) = delete;

    void new_frame();                 // backend NewFrame calls; the caller then adjusts io and calls ImGui::NewFrame
    void render_draw_data();          // after ImGui::Render
    void rebuild_font_texture();      // after the atlas changed (screen size changed)
};

}  // namespace kiosk::platform

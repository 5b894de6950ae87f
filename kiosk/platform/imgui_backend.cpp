// Dear ImGui context and backend set-up and tear-down.
#include "kiosk/platform/imgui_backend.hpp"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <stdexcept>

namespace kiosk::platform {

ImGuiContextGuard::ImGuiContextGuard() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk keeps no window layout between runs
    io.LogFilename = nullptr;
}

ImGuiContextGuard::~ImGuiContextGuard() { ImGui::DestroyContext(); }

ImGuiGlfwBackend::ImGuiGlfwBackend(GLFWwindow* window, bool touch_screen) {
    if (!ImGui_ImplGlfw_InitForOpenGL(window, true))
        throw std::runtime_error("cannot attach Dear ImGui to the GLFW window");
    if (!ImGui_ImplOpenGL3_Init("#version 130")) {
        ImGui_ImplGlfw_Shutdown();
        throw std::runtime_error("cannot start the Dear ImGui OpenGL3 renderer (OpenGL 3.0 needed)");
    }
    if (touch_screen)
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
}

ImGuiGlfwBackend::~ImGuiGlfwBackend() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
}

void ImGuiGlfwBackend::new_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
}

void ImGuiGlfwBackend::render_draw_data() { ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData()); }

void ImGuiGlfwBackend::rebuild_font_texture() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace kiosk::platform

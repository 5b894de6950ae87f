// The null-backend harness: an ImGui context with a real font atlas (no texture), input set on io directly.
#include "ui_harness.hpp"

#include "kiosk/ui/theme.hpp"
#include "sync/shared/clock.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <random>
#include <thread>

namespace ui_test {

kiosk::KioskConfig test_config() {
    kiosk::KioskConfig config = kiosk::load_embedded_default_config();
    config.departments.clear();
    config.department = "Warehouse";
    return config;
}

UiHarness::UiHarness(kiosk::KioskConfig config_in, const std::string& db, float width, float height)
    : config(std::move(config_in)), db_path(db), strings(kiosk::StringTables::embedded()) {
    context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    io.KeyMap[ImGuiKey_Backspace] = 259;  // GLFW_KEY_BACKSPACE, as the GLFW backend maps it
    io.KeyMap[ImGuiKey_Enter] = 257;      // GLFW_KEY_ENTER
    io.KeyMap[ImGuiKey_KeyPadEnter] = 335;
    fonts = kiosk::ui::load_fonts(*io.Fonts, kiosk::ui::font_pixel_size_for_screen(static_cast<int>(height), 1.0f), "");
    unsigned char* pixels = nullptr;
    int tex_w = 0, tex_h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &tex_w, &tex_h);  // no GPU: the texture id stays null
    kiosk::ui::theme::apply_style(ImGui::GetStyle(), fonts.em);

    recorder = std::make_unique<floorsync::Recorder>(db_path, floorsync::Recorder::Listener{});
    now = kiosk::TimePoint{} + std::chrono::hours(1000);
    wall_now = *floorsync::parse_rfc3339("2026-12-01T09:00:00Z");
    shell = std::make_unique<kiosk::Shell>(config, *recorder, now, [this] { return wall_now; });
    flow = std::make_unique<kiosk_test::ShellDriver>(*shell);
    view = std::make_unique<kiosk::ui::KioskView>(strings, fonts);
    frame();
}

UiHarness::~UiHarness() {
    view.reset();
    flow.reset();
    shell.reset();
    recorder.reset();
    ImGui::DestroyContext(context);
}

void UiHarness::frame() {
    ImGuiIO& io = ImGui::GetIO();
    const std::uint64_t before = shell->screen_serial();
    touch.before_new_frame(io, now);
    ImGui::NewFrame();
    shell->tick(now);
    status.storage_ok = recorder->health().ok;
    const kiosk::Inputs actions = view->draw(*shell, status, now);
    ImGui::Render();
    shell->inputs(actions, now);
    if (shell->screen_serial() != before) touch.screen_changed(now);  // as the frame loop does
    now += std::chrono::milliseconds(16);
}

void UiHarness::tap(const std::string& id) {
    const kiosk::ui::Target* target = view->find_target(id);
    REQUIRE_MESSAGE(target != nullptr, "no target '" << id << "' on screen " << flow->screen());
    if (now < touch.settled_at()) now = touch.settled_at();  // a person looks at a new screen before tapping it
    tap_at(target->rect.centre());
}

void UiHarness::tap_at(ImVec2 position) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = position;
    io.MouseDown[0] = true;
    frame();
    io.MousePos = position;
    io.MouseDown[0] = false;
    frame();
    frame();  // the pointer leaves the screen
}

void UiHarness::tap_key(const std::string& label) {
    for (const kiosk::ui::Target& target : view->targets()) {
        if (target.id.rfind("key:", 0) == 0 && target.label == label) {
            tap(target.id);
            return;
        }
    }
    FAIL("no key labelled '" << label << "' on the keyboard");
}

void UiHarness::wait_until_saved() {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (flow->screen() == kiosk_test::screen_name::saving && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        frame();
    }
    REQUIRE(flow->screen() != kiosk_test::screen_name::saving);
}

void UiHarness::drag(ImVec2 from, ImVec2 by) {
    if (now < touch.settled_at()) now = touch.settled_at();  // as tap(): the finger goes down on a settled screen
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = from;
    io.MouseDown[0] = true;
    frame();
    constexpr int steps = 6;
    for (int i = 1; i <= steps; ++i) {
        io.MousePos = ImVec2(from.x + by.x * static_cast<float>(i) / steps, from.y + by.y * static_cast<float>(i) / steps);
        frame();
    }
    io.MouseDown[0] = false;
    frame();
    frame();
}

void UiHarness::publish(std::vector<floorsync::content::Item> items) {
    auto snapshot = std::make_shared<floorsync::ContentSnapshot>();
    snapshot->items = std::move(items);
    snapshot->version = ++content_version;
    shell->set_content(std::move(snapshot));
    frame();
}

void UiHarness::advance(std::chrono::milliseconds by) {
    now += by;
    frame();
}

std::string UiHarness::target_label(const std::string& id) const {
    const kiosk::ui::Target* target = view->find_target(id);
    return target ? target->label : std::string();
}

std::vector<std::string> UiHarness::target_ids() const {
    std::vector<std::string> ids;
    for (const auto& target : view->targets()) ids.push_back(target.id);
    return ids;
}

std::vector<floorsync::StoredEvent> UiHarness::stored_events() {
    floorsync::Store store(db_path);
    return store.pending_batch(1000, 16 * 1024 * 1024);
}

}  // namespace ui_test

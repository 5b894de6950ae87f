// The kiosk program: command line -> config -> recorder, sync and secret-check threads -> window and fonts -> frame loop.
#include "kiosk/logic/cli.hpp"
#include "kiosk/logic/config.hpp"
#include "kiosk/logic/shell.hpp"
#include "kiosk/logic/strings.hpp"
#include "kiosk/platform/frame_loop.hpp"
#include "kiosk/platform/glfw_window.hpp"
#include "kiosk/platform/imgui_backend.hpp"
#include "kiosk/platform/quit_signals.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "sync/http_client.hpp"
#include "sync/recorder.hpp"
#include "sync/secret_worker.hpp"
#include "sync/sync_engine.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>

namespace {

constexpr int kExitOk = 0;
constexpr int kExitCannotRun = 1;  // the configuration, the fonts or the display cannot be used
constexpr int kExitBadCommandLine = 2;

kiosk::KioskConfig load_config(const kiosk::CliOptions& options) {
    kiosk::KioskConfig config = options.config_path ? kiosk::load_config_file(*options.config_path) : kiosk::load_embedded_default_config();
    if (options.database_path)
        config.database_path = *options.database_path;
    return config;
}

bool env_flag(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' && std::string(value) != "0";
}

std::string env_text(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

int run_kiosk(const kiosk::CliOptions& options, const kiosk::KioskConfig& config, kiosk::platform::QuitSignals& signals) {
    using namespace kiosk;
    const StringTables strings = StringTables::embedded();
    if (options.language && std::find(config.languages.begin(), config.languages.end(), *options.language) == config.languages.end()) {
        std::fprintf(stderr, "kiosk: --language %s is not one of the configured languages\n", options.language->c_str());
        return kExitBadCommandLine;
    }

    // Worker threads first: the outbox opens while the window and fonts are being made.
    floorsync::ensure_curl_global_init();
    std::atomic<bool> data_changed{false};
    auto wake_ui = [&data_changed] {
        data_changed = true;
        platform::wake_event_loop();
    };
    floorsync::SyncEngine sync(config.database_path, config.sync, wake_ui);
    floorsync::Recorder recorder(config.database_path, {wake_ui, [&sync] { sync.notify_new_events(); }});
    floorsync::SecretWorker secrets(config.database_path, wake_ui);  // PIN and pickup-code checks, off the frame loop

    platform::GlfwLibrary glfw;
    platform::WindowOptions window_options;
    window_options.fullscreen = !options.windowed;
    window_options.monitor_index = config.fullscreen_monitor;
    if (options.window_width && options.window_height) {
        window_options.windowed_width = *options.window_width;
        window_options.windowed_height = *options.window_height;
    }
    platform::KioskWindow window(window_options);
    platform::ImGuiContextGuard imgui;

    Shell shell(config, recorder, std::chrono::steady_clock::now(), {}, {}, &secrets);
    shell.set_content(sync.content());  // what the kiosk held when it stopped: shown at once, also offline
    if (options.language)
        shell.input(in::choose_language(*options.language), std::chrono::steady_clock::now());
    if (options.start_screen)
        shell.show_sample(*options.start_screen, std::chrono::steady_clock::now(), strings.get(shell.language(), text::sample_question));

    ui::KioskView view(strings, ui::FontSet{});
    platform::LoopOptions loop_options;
    loop_options.screenshot_path = options.screenshot_path;
    loop_options.exit_after_frames = options.exit_after_frames;
    loop_options.report_first_frame = env_flag("FLOOR_KIOSK_REPORT_FIRST_FRAME");
    loop_options.targets_file = env_text("FLOOR_KIOSK_TARGETS_FILE");
    loop_options.font_override = config.font_path;
    auto status = [&recorder, &sync] {
        const floorsync::SyncStatus sync_status = sync.status();
        ui::StatusSnapshot snapshot;
        snapshot.storage_ok = recorder.health().ok;
        snapshot.pending = sync_status.counts.pending;
        snapshot.quarantined = sync_status.counts.quarantined;
        snapshot.link = sync_status.link;
        snapshot.next_attempt = sync_status.next_attempt;
        return snapshot;
    };

    auto content = [&sync] { return sync.content(); };
    platform::FrameLoop loop({window, shell, view, signals, status, content, data_changed}, loop_options);
    loop.run();
    return kExitOk;  // the destructors close the window, then commit what the recorder holds and join the threads
}

}  // namespace

int main(int argc, char** argv) {
    using namespace kiosk;
    // Before any thread starts, so that every thread has SIGINT/SIGTERM blocked and only the waiter gets them.
    platform::QuitSignals signals(platform::wake_event_loop);

    const CliParseResult cli = parse_cli(argc, argv);
    switch (cli.action) {
    case CliParseResult::Action::help: std::fputs(usage_text(argv[0]).c_str(), stdout); return kExitOk;
    case CliParseResult::Action::version: std::fputs(version_text().c_str(), stdout); return kExitOk;
    case CliParseResult::Action::error:
        std::fprintf(stderr, "kiosk: %s\nTry '%s --help'.\n", cli.message.c_str(), argv[0]);
        return kExitBadCommandLine;
    case CliParseResult::Action::run: break;
    }

    KioskConfig config;
    try {
        config = load_config(cli.options);
    } catch (const ConfigError& error) {
        std::fprintf(stderr, "kiosk: %s\n", error.what());
        return kExitCannotRun;
    }
    if (cli.options.check_config) {
        std::printf("%s: OK (kiosk %s, database %s)\n", config.source_name.c_str(), config.kiosk_id.c_str(), config.database_path.c_str());
        return kExitOk;
    }

    try {
        return run_kiosk(cli.options, config, signals);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "kiosk: %s\n", error.what());
        return kExitCannotRun;
    }
}

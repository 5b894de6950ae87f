// Command-line options of the `kiosk` program.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

struct CliOptions {
    std::optional<std::string> config_path;    // --config FILE; none: the built-in default config
    bool windowed = false;                     // --windowed: a normal window instead of fullscreen
    std::optional<std::string> database_path;  // --database FILE: overrides database_path from the config
    std::optional<std::string> language;       // --language CODE: start in this language (screenshots)
    std::optional<std::string> start_screen;   // --screen NAME: show a sample of a screen (screenshots)
    std::optional<std::string> screenshot_path;  // --screenshot FILE.png: save the last frame before exiting
    std::optional<int> exit_after_frames;        // --exit-after-frames N: quit after N frames
    std::optional<int> window_width;             // --size WxH (windowed)
    std::optional<int> window_height;
    bool check_config = false;  // --check-config: validate the config, print the result, exit
};

struct CliParseResult {
    enum class Action { run, help, version, error } action = Action::run;
    CliOptions options;
    std::string message;  // for error: what is wrong (one line, without the usage text)
    int exit_code() const { return action == Action::error ? 2 : 0; }
};

// argv[0] is skipped.
CliParseResult parse_cli(const std::vector<std::string_view>& args_without_program);
CliParseResult parse_cli(int argc, const char* const* argv);

std::string usage_text(std::string_view program_name);
std::string version_text();

// Screen names accepted by --screen: screen_names() of kiosk/logic/screen_registry.hpp.

}  // namespace kiosk

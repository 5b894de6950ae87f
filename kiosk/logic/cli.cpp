// Command-line options of the `kiosk` program.
#include "kiosk/logic/cli.hpp"

#include "kiosk/logic/screen_registry.hpp"

#include <algorithm>
#include <charconv>

namespace kiosk {

namespace {

CliParseResult failure(std::string message) {
    CliParseResult result;
    result.action = CliParseResult::Action::error;
    result.message = std::move(message);
    return result;
}

std::optional<int> parse_int(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

CliParseResult parse_cli(const std::vector<std::string_view>& args) {
    CliParseResult result;
    CliOptions& options = result.options;
    std::vector<std::string_view> seen;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        std::optional<std::string_view> inline_value;
        if (arg.starts_with("--")) {
            if (const auto eq = arg.find('='); eq != std::string_view::npos) {
                inline_value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
            }
        }
        // "--config a --config b" is more likely a mistake in a start script than an intended override.
        if (arg.starts_with("--") && std::find(seen.begin(), seen.end(), arg) != seen.end())
            return failure("option '" + std::string(arg) + "' is given twice");
        seen.push_back(arg);
        auto flag = [&]() -> bool {
            if (inline_value) {
                result = failure("option '" + std::string(arg) + "' takes no value");
                return false;
            }
            return true;
        };
        auto value = [&]() -> std::optional<std::string> {
            if (inline_value) {
                if (inline_value->empty()) {
                    result = failure("option '" + std::string(arg) + "' needs a value");
                    return std::nullopt;
                }
                return std::string(*inline_value);
            }
            if (i + 1 >= args.size() || (args[i + 1].starts_with("--") && args[i + 1].size() > 2)) {
                result = failure("option '" + std::string(arg) + "' needs a value");
                return std::nullopt;
            }
            return std::string(args[++i]);
        };

        if (arg == "--help" || arg == "-h") {
            if (!flag()) return result;
            result.action = CliParseResult::Action::help;
        } else if (arg == "--version") {
            if (!flag()) return result;
            if (result.action != CliParseResult::Action::help) result.action = CliParseResult::Action::version;
        } else if (arg == "--windowed") {
            if (!flag()) return result;
            options.windowed = true;
        } else if (arg == "--check-config") {
            if (!flag()) return result;
            options.check_config = true;
        } else if (arg == "--config") {
            auto v = value();
            if (!v) return result;
            options.config_path = *v;
        } else if (arg == "--database") {
            auto v = value();
            if (!v) return result;
            options.database_path = *v;
        } else if (arg == "--language") {
            auto v = value();
            if (!v) return result;
            options.language = *v;
        } else if (arg == "--screen") {
            auto v = value();
            if (!v) return result;
            bool known = false;
            for (const auto& name : sample_names()) known = known || name == *v;
            if (!known) {
                std::string list;
                for (const auto& name : sample_names()) list += (list.empty() ? "" : ", ") + name;
                return failure("option '--screen': unknown screen '" + *v + "' (known: " + list + ")");
            }
            options.start_screen = *v;
        } else if (arg == "--screenshot") {
            auto v = value();
            if (!v) return result;
            options.screenshot_path = *v;
        } else if (arg == "--exit-after-frames") {
            auto v = value();
            if (!v) return result;
            auto n = parse_int(*v);
            if (!n || *n < 1) return failure("option '--exit-after-frames': expected a positive whole number, got '" + *v + "'");
            options.exit_after_frames = *n;
        } else if (arg == "--size") {
            auto v = value();
            if (!v) return result;
            const auto x = v->find('x');
            std::optional<int> w, h;
            if (x != std::string::npos) {
                w = parse_int(std::string_view(*v).substr(0, x));
                h = parse_int(std::string_view(*v).substr(x + 1));
            }
            if (!w || !h || *w < 200 || *h < 200 || *w > 16384 || *h > 16384)
                return failure("option '--size': expected WIDTHxHEIGHT in pixels (200..16384), e.g. 1920x1080, got '" + *v + "'");
            options.window_width = *w;
            options.window_height = *h;
        } else if (arg.starts_with("-")) {
            return failure("unknown option '" + std::string(arg) + "'");
        } else {
            return failure("unexpected argument '" + std::string(arg) + "' (options start with --)");
        }
    }
    return result;
}

CliParseResult parse_cli(int argc, const char* const* argv) {
    std::vector<std::string_view> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    return parse_cli(args);
}

std::string version_text() { return std::string("kiosk (floor feedback station) ") + FLOOR_VERSION + "\n"; }

namespace {

// "home, department, ..." wrapped after a few names so the help stays narrow.
std::string screen_list() {
    std::string list;
    std::size_t line = 0;
    for (const auto& name : sample_names()) {
        if (!list.empty()) list += ", ";
        if (line > 40) {
            list += "\n                          ";
            line = 0;
        }
        list += name;
        line += name.size() + 2;
    }
    return list;
}

}  // namespace

std::string usage_text(std::string_view program) {
    std::string p(program);
    return "Usage: " + p + " [OPTIONS]\n"
           "The floor feedback station: rate how confident you feel, say why, ask a question.\n"
           "\n"
           "Options:\n"
           "  --config FILE           read the configuration from FILE (default: the built-in config,\n"
           "                          a copy of config/kiosk.toml)\n"
           "  --windowed              run in a normal window instead of fullscreen (development);\n"
           "                          Escape and closing the window quit only in this mode\n"
           "  --database FILE         store feedback in FILE instead of the config's database_path\n"
           "  --check-config          validate the configuration, print the result and exit\n"
           "  --help, -h              show this help and exit\n"
           "  --version               show the version and exit\n"
           "\n"
           "Development and screenshot options:\n"
           "  --size WxH              window size in pixels with --windowed (e.g. 1920x1080)\n"
           "  --language CODE         start in this language instead of the default one\n"
           "  --screen NAME           show a sample of one screen (" + screen_list() + ");\n"
           "                          the content screens show what the kiosk's database holds; records nothing\n"
           "  --screenshot FILE       save the last frame as a PNG file before exiting\n"
           "  --exit-after-frames N   quit after drawing N frames\n"
           "\n"
           "Exit codes: 0 success, 1 the configuration or the display could not be used, 2 bad command line.\n";
}

}  // namespace kiosk

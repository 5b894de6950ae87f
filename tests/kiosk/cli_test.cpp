// Command-line parsing of `kiosk`: options, values, and clear errors with exit code 2.
#include "kiosk/logic/cli.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using Action = CliParseResult::Action;

namespace {
CliParseResult parse(std::vector<std::string_view> args) { return parse_cli(args); }
}  // namespace

TEST_CASE("no options: run with the built-in config, fullscreen") {
    const auto result = parse({});
    CHECK(result.action == Action::run);
    CHECK(result.exit_code() == 0);
    CHECK_FALSE(result.options.config_path);
    CHECK_FALSE(result.options.windowed);
}

TEST_CASE("the documented options") {
    const auto result = parse({"--config", "/etc/kiosk.toml", "--windowed", "--database=/tmp/k.db", "--size", "1280x800",
                               "--language", "en", "--screen", "follow-up", "--screenshot", "out.png",
                               "--exit-after-frames", "3", "--check-config"});
    REQUIRE(result.action == Action::run);
    const auto& o = result.options;
    CHECK(o.config_path == "/etc/kiosk.toml");
    CHECK(o.windowed);
    CHECK(o.database_path == "/tmp/k.db");
    CHECK(o.window_width == 1280);
    CHECK(o.window_height == 800);
    CHECK(o.language == "en");
    CHECK(o.start_screen == "follow-up");
    CHECK(o.screenshot_path == "out.png");
    CHECK(o.exit_after_frames == 3);
    CHECK(o.check_config);
}

TEST_CASE("help and version") {
    CHECK(parse({"--help"}).action == Action::help);
    CHECK(parse({"-h"}).action == Action::help);
    CHECK(parse({"--version"}).action == Action::version);
    CHECK(parse({"--version", "--help"}).action == Action::help);
    CHECK(parse({"--help"}).exit_code() == 0);
    const std::string usage = usage_text("kiosk");
    for (const char* option : {"--config FILE", "--windowed", "--help", "--version", "--screenshot", "--exit-after-frames"})
        CHECK_MESSAGE(usage.find(option) != std::string::npos, option);
    CHECK(version_text().find(FLOOR_VERSION) != std::string::npos);
}

TEST_CASE("bad command lines say what is wrong and exit with 2") {
    struct Case {
        std::vector<std::string_view> args;
        const char* message;
    };
    const std::vector<Case> cases = {
        {{"--fullscreen"}, "unknown option '--fullscreen'"},
        {{"--config", "a.toml", "--config=b.toml"}, "option '--config' is given twice"},
        {{"-x"}, "unknown option '-x'"},
        {{"kiosk.toml"}, "unexpected argument 'kiosk.toml' (options start with --)"},
        {{"--config"}, "option '--config' needs a value"},
        {{"--config", "--windowed"}, "option '--config' needs a value"},
        {{"--config="}, "option '--config' needs a value"},
        {{"--windowed=yes"}, "option '--windowed' takes no value"},
        {{"--exit-after-frames", "0"}, "option '--exit-after-frames': expected a positive whole number, got '0'"},
        {{"--exit-after-frames", "ten"}, "option '--exit-after-frames': expected a positive whole number, got 'ten'"},
        {{"--size", "big"}, "option '--size': expected WIDTHxHEIGHT in pixels (200..16384), e.g. 1920x1080, got 'big'"},
        {{"--screen", "settings"},
         "option '--screen': unknown screen 'settings' (known: home, department, saving, follow-up, thank-you, ask, "
         "store-error, cleaning, why, news, timeline, training, questions, pickup, pickup_result, pin, pin:locked, "
         "ambassador_queue, ambassador_question, answer)"},
    };
    for (const auto& c : cases) {
        const auto result = parse(c.args);
        CHECK(result.action == Action::error);
        CHECK(result.exit_code() == 2);
        CHECK(result.message == c.message);
    }
}

TEST_CASE("argc/argv form skips the program name") {
    const char* argv[] = {"kiosk", "--windowed", "--config", "a.toml"};
    const auto result = parse_cli(4, argv);
    CHECK(result.action == Action::run);
    CHECK(result.options.windowed);
    CHECK(result.options.config_path == "a.toml");
}

// Shared setup for the screen state machine tests: a config, a fake sink, a flow and a hand-moved clock.
#pragma once

#include "fake_sink.hpp"
#include "common/shell_driver.hpp"
#include "kiosk/logic/shell.hpp"
#include "sync/shared/clock.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace kiosk_test {

using namespace std::chrono_literals;

inline const std::string kFixedDepartment =
    "kiosk_id = \"hal3-k1\"\nsite = \"Rotterdam\"\ndepartment = \"Expeditie\"\n"
    "idle_timeout_seconds = 30\nrepeat_tap_interval_seconds = 5\nthank_you_seconds = 4\ncleaning_lock_seconds = 60\n"
    "max_question_length = 20\n";
inline const std::string kDepartmentList =
    "kiosk_id = \"hal3-k1\"\nsite = \"Rotterdam\"\ndepartments = [\"Expeditie\", \"Inkoop\"]\n"
    "idle_timeout_seconds = 30\n";

struct FlowFixture {
    explicit FlowFixture(const std::string& config_text = kFixedDepartment)
        : config(kiosk::load_config_text(config_text, "test.toml")),
          shell(config, sink, now, [this] { return wall_now; }, [this] { return next_id(); }),
          flow(shell) {}

    std::string next_id() {
        const std::string n = std::to_string(++ids);
        return "00000000-0000-4000-8000-" + std::string(12 - n.size(), '0') + n;
    }

    kiosk::TimePoint advance(std::chrono::milliseconds by) {
        now += by;
        shell.tick(now);
        return now;
    }

    static nlohmann::json payload(const floorsync::Event& event) { return nlohmann::json::parse(event.payload); }

    kiosk::KioskConfig config;
    FakeSink sink;
    kiosk::TimePoint now = kiosk::TimePoint{} + 100000s;
    // What the kiosk's wall clock says (created_at, what content shows); tests move it by hand.
    kiosk::SystemTime wall_now = *floorsync::parse_rfc3339("2026-11-29T23:04:38.123Z");
    int ids = 0;
    kiosk::Shell shell;
    ShellDriver flow;
};

}  // namespace kiosk_test

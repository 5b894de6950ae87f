// The home screen's status line: backlog, storage health and the collector link with its retry countdown.
#include "kiosk/ui/kiosk_view.hpp"
#include "ui_harness.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace std::chrono_literals;

namespace {

struct NoStore final : floorsync::EventSink {
    std::uint64_t submit(floorsync::Event) override { return 1; }
    std::vector<floorsync::RecordResult> take_results() override { return {}; }
};

struct StatusFixture {
    kiosk::KioskConfig config = ui_test::test_config();
    kiosk::StringTables strings = kiosk::StringTables::embedded();
    NoStore sink;
    std::optional<kiosk::Shell> shell;
    kiosk::ui::StatusSnapshot status;
    std::optional<std::chrono::system_clock::time_point> next_change;

    std::string text(const std::string& language) {
        if (!shell)
            shell.emplace(config, sink, std::chrono::steady_clock::now());
        next_change.reset();
        return kiosk::ui::status_line_text(strings, language, *shell, status, next_change);
    }
};

}  // namespace

TEST_CASE("the status line counts the backlog and says when storage is healthy") {
    StatusFixture f;
    f.status.pending = 0;
    CHECK(f.text("en") == "everything sent  \xC2\xB7  storage OK");
    f.status.pending = 3;
    f.status.storage_ok = false;
    CHECK(f.text("en") == "3 waiting to sync  \xC2\xB7  cannot store feedback");
    CHECK(f.text("nl") == "3 wachten op verzending  \xC2\xB7  kan feedback niet opslaan");
    f.status.pending = 1;
    f.status.storage_ok = true;
    f.status.quarantined = 2;
    CHECK(f.text("nl") == "1 wacht op verzending  \xC2\xB7  2 niet geaccepteerd door de collector  \xC2\xB7  opslag OK");
}

TEST_CASE("with a collector the status line shows online, offline and the retry countdown") {
    StatusFixture f;
    f.config.sync.collector_url = "http://127.0.0.1:9/";
    f.status.wall_now = std::chrono::system_clock::time_point{} + 1000h;

    f.status.link = floorsync::LinkState::online;
    CHECK(f.text("en") == "everything sent  \xC2\xB7  storage OK  \xC2\xB7  online");
    CHECK_FALSE(f.next_change.has_value());

    f.status.link = floorsync::LinkState::offline;
    f.status.next_attempt = f.status.wall_now + 25s;
    CHECK(f.text("en") == "everything sent  \xC2\xB7  storage OK  \xC2\xB7  offline, retrying in 30 s");
    REQUIRE(f.next_change.has_value());
    CHECK(*f.next_change == f.status.wall_now + 5s);  // the text steps down to "20 s" then

    f.status.link = floorsync::LinkState::retrying;
    f.status.next_attempt = f.status.wall_now + 150s;
    CHECK(f.text("nl") == "alles verzonden  \xC2\xB7  opslag OK  \xC2\xB7  nieuwe poging over 180 s");
}

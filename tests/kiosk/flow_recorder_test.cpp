// The screen state machine with the real Recorder on a temporary SQLite file: what the store holds.
#include "common/temp_dir.hpp"
#include "common/shell_driver.hpp"

#include "sync/shared/clock.hpp"
#include "sync/recorder.hpp"
#include "sync/store.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <unistd.h>

using namespace kiosk;
using kiosk_test::ShellDriver;
namespace screen_name = kiosk_test::screen_name;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using test_support::TempDir;

// Wakes the "UI loop" when the recorder has a result, like the app does.
struct Wakeup {
    std::mutex mutex;
    std::condition_variable cv;
    int results = 0;

    floorsync::Recorder::Listener listener() {
        return {[this] {
                    std::lock_guard lock(mutex);
                    ++results;
                    cv.notify_all();
                },
                {}};
    }
    // Like the UI loop: sleep until the recorder wakes us, then tick, until the saving screen is left.
    // Bounded (generously) so a broken recorder fails the test instead of hanging it.
    bool settle(ShellDriver& flow, kiosk::TimePoint now) {
        const auto give_up = std::chrono::steady_clock::now() + 20s;
        std::unique_lock lock(mutex);
        for (;;) {
            const int seen = results;
            lock.unlock();
            flow.tick(now);
            lock.lock();
            if (flow.screen() != screen_name::saving) return true;
            if (!cv.wait_until(lock, give_up, [&] { return results != seen; })) return false;
        }
    }
};

}  // namespace

TEST_CASE("with the real recorder: rating, reasons and question end up in SQLite, the reasons amending the rating") {
    TempDir dir;
    const std::string db = (dir.path() / "kiosk.db").string();
    const KioskConfig config = load_config_text("kiosk_id = \"k7\"\nsite = \"s\"\ndepartment = \"Magazijn\"\n", "t");
    Wakeup wakeup;
    std::string rating_id;
    {
        floorsync::Recorder recorder(db, wakeup.listener());
        auto now = std::chrono::steady_clock::time_point{} + 1000s;
        Shell shell(config, recorder, now);
        ShellDriver flow(shell);

        flow.tap_face(5, now);
        CHECK(flow.screen() == screen_name::saving);
        REQUIRE(wakeup.settle(flow, now));
        REQUIRE(flow.screen() == screen_name::follow_up);
        flow.toggle_reason(3, now);
        flow.toggle_reason(2, now);
        flow.finish_follow_up(now);
        REQUIRE(wakeup.settle(flow, now));
        CHECK(flow.screen() == screen_name::thank_you);
        flow.close_thank_you(now);

        flow.open_ask(now);
        flow.type_text("Waar vind ik de handleiding? 📖", now);
        flow.send_question(now);
        REQUIRE(wakeup.settle(flow, now));
        CHECK(flow.screen() == screen_name::thank_you);
        CHECK_FALSE(flow.last_store_failed());
    }

    floorsync::Store store(db);
    CHECK(store.counts().pending == 3);
    auto batch = store.pending_batch(10, 1 << 20);
    REQUIRE(batch.size() == 3);
    const auto& rating = batch[0].event;
    const auto& reasons = batch[1].event;
    const auto& question = batch[2].event;
    CHECK(rating.type == "rating");
    CHECK(nlohmann::json::parse(rating.payload) == nlohmann::json{{"score", 5}, {"suspect", false}});
    CHECK(rating.kiosk_id == "k7");
    CHECK(rating.department == "Magazijn");
    CHECK(rating.language == "nl");
    CHECK(floorsync::is_uuid(rating.id));
    CHECK(floorsync::parse_rfc3339(rating.created_at).has_value());
    CHECK(reasons.type == "rating_reasons");
    CHECK(nlohmann::json::parse(reasons.payload) ==
          nlohmann::json{{"rating_id", rating.id}, {"reasons", {"need_training", "need_help"}}});
    CHECK(question.type == "question");
    CHECK(nlohmann::json::parse(question.payload)["text"] == "Waar vind ik de handleiding? 📖");
}

TEST_CASE("with the real recorder: a store that cannot be opened shows the error, then recovers") {
    TempDir dir;
    const fs::path blocker = dir.path() / "not-a-directory";
    std::ofstream(blocker) << "x";  // the database's directory cannot be created
    const std::string db = (blocker / "kiosk.db").string();
    const KioskConfig config = load_config_text("kiosk_id = \"k7\"\nsite = \"s\"\ndepartment = \"d\"\n", "t");
    Wakeup wakeup;
    floorsync::Recorder recorder(db, wakeup.listener());
    auto now = std::chrono::steady_clock::time_point{} + 1000s;
    Shell shell(config, recorder, now);
    ShellDriver flow(shell);

    flow.open_ask(now);
    flow.type_text("Hallo?", now);
    flow.send_question(now);
    REQUIRE(wakeup.settle(flow, now));
    CHECK(flow.screen() == screen_name::store_error);
    CHECK_FALSE(flow.error_detail().empty());
    CHECK(flow.last_store_failed());
    flow.dismiss_error(now);
    CHECK(flow.editor().text() == "Hallo?");

    fs::remove(blocker);  // the fault is gone
    flow.send_question(now);
    REQUIRE(wakeup.settle(flow, now));
    CHECK(flow.screen() == screen_name::thank_you);
    CHECK_FALSE(flow.last_store_failed());
    floorsync::Store store(db);
    CHECK(store.counts().pending == 1);
}

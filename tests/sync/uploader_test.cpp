// The uploader against a scripted collector on 127.0.0.1: batch-level refusals, bad answers, error statuses.
#include "sync/shared/protocol.hpp"
#include "sync/store.hpp"
#include "sync/uploader.hpp"
#include "sync_test_support.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>
#include <functional>
#include <thread>

using namespace floorsync;
using namespace sync_test;

namespace {

// Answers POST /api/v1/events with whatever the test's handler decides, and counts the requests.
class ScriptedCollector {
public:
    using Handler = std::function<void(const UploadRequest&, httplib::Response&)>;

    explicit ScriptedCollector(Handler handler) : handler_(std::move(handler)) {
        server_.Post("/api/v1/events", [this](const httplib::Request& req, httplib::Response& res) {
            ++requests;
            handler_(decode_upload(req.body), res);
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~ScriptedCollector() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    std::atomic<int> requests{0};

private:
    Handler handler_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

void answer_all_stored(const UploadRequest& upload, httplib::Response& res) {
    UploadResponse response;
    for (const Event& event : upload.events) response.results.push_back({event.id, ResultStatus::stored, ""});
    res.set_content(encode_upload_response(response), "application/json");
}

PassResult pass(Store& store, const std::string& url, std::size_t batch = 64) {
    SyncSettings settings = quick_sync_settings(url, "token");
    settings.batch_max_events = batch;
    HttpClient client(http_client_settings(settings));
    return Uploader(store, client, settings).run_pass();
}

}  // namespace

TEST_CASE("a batch refused with 400 is halved until the one event the collector cannot take is alone") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    const auto events = make_ratings(100, "k", "IT");
    store.append_all(events);
    const std::string poison = events[37].id;

    ScriptedCollector collector([&](const UploadRequest& upload, httplib::Response& res) {
        for (const Event& event : upload.events) {
            if (event.id == poison) {
                res.status = 400;
                res.set_content(encode_error("events[?]: something this collector cannot parse"), "application/json");
                return;
            }
        }
        answer_all_stored(upload, res);
    });
    const PassResult result = pass(store, collector.url());
    CHECK(result.outcome == PassOutcome::drained);
    CHECK(result.stored == 99);
    CHECK(result.quarantined == 1);
    const auto refused = store.find(poison);
    REQUIRE(refused);
    CHECK(refused->state == EventState::quarantined);
    CHECK(refused->quarantine_reason ==
          "refused by the collector when sent alone: HTTP 400: events[?]: something this collector cannot parse");
    CHECK(store.counts().sent == 99);
    CHECK(collector.requests < 30);  // halving, not one request per event
}

TEST_CASE("an answer that does not match the batch marks nothing") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    store.append_all(make_ratings(10, "k", "IT"));
    ScriptedCollector collector([](const UploadRequest& upload, httplib::Response& res) {
        UploadResponse response;
        for (const Event& event : upload.events) response.results.push_back({event.id, ResultStatus::stored, ""});
        response.results.pop_back();  // one result short
        res.set_content(encode_upload_response(response), "application/json");
    });
    const PassResult result = pass(store, collector.url());
    CHECK(result.outcome == PassOutcome::bad_answer);
    CHECK(result.error.find("does not match") != std::string::npos);
    CHECK(store.counts().pending == 10);
    CHECK(store.counts().sent == 0);
}

TEST_CASE("status codes: 429/503 keep Retry-After, 5xx is a collector error, 404 hints at the URL") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    store.append_all(make_ratings(3, "k", "IT"));
    int status = 429;
    ScriptedCollector collector([&](const UploadRequest&, httplib::Response& res) {
        res.status = status;
        if (status == 429 || status == 503) res.set_header("Retry-After", "17");
        res.set_content(encode_error("nope"), "application/json");
    });

    PassResult result = pass(store, collector.url());
    CHECK(result.outcome == PassOutcome::server_busy);
    CHECK(result.retry_after == "17");
    CHECK(result.error == "HTTP 429: nope");

    status = 503;
    CHECK(pass(store, collector.url()).outcome == PassOutcome::server_busy);

    status = 500;
    result = pass(store, collector.url());
    CHECK(result.outcome == PassOutcome::server_error);
    CHECK(result.http_status == 500);

    status = 404;
    result = pass(store, collector.url());
    CHECK(result.outcome == PassOutcome::server_error);
    CHECK(result.error.find("collector URL") != std::string::npos);

    status = 403;
    CHECK(pass(store, collector.url()).outcome == PassOutcome::unauthorized);
    CHECK(store.counts().pending == 3);
    CHECK(store.counts().quarantined == 0);
}

TEST_CASE("batches shrink after a refusal and grow back after successes") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    store.append_all(make_ratings(800, "k", "IT"));  // enough to regrow after the batches in flight
    std::vector<std::size_t> sizes;
    std::mutex mutex;
    bool refused_once = false;
    ScriptedCollector collector([&](const UploadRequest& upload, httplib::Response& res) {
        std::lock_guard lock(mutex);
        sizes.push_back(upload.events.size());
        if (!refused_once) {
            refused_once = true;
            res.status = 413;
            res.set_content(encode_error("too large"), "application/json");
            return;
        }
        answer_all_stored(upload, res);
    });
    const PassResult result = pass(store, collector.url(), 64);
    CHECK(result.outcome == PassOutcome::drained);
    CHECK(result.stored == 800);
    CHECK(result.quarantined == 0);
    std::lock_guard lock(mutex);
    REQUIRE(sizes.size() >= 3);
    CHECK(sizes[0] == 64);
    // Batches already on their way when the refusal came keep their size; the first one read after it is halved.
    const auto halved = std::find(sizes.begin() + 1, sizes.end(), std::size_t{32});
    REQUIRE(halved != sizes.end());
    CHECK(std::all_of(sizes.begin() + 1, halved, [](std::size_t size) { return size == 64; }));
    CHECK(*std::max_element(halved, sizes.end()) == 64);
}

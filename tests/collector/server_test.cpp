// The in-process collector over real HTTP on 127.0.0.1: storing, dedupe, conflicts and every kind of bad input.
#include "collector_test_support.hpp"

#include "sync/shared/clock.hpp"
#include "collector/registry.hpp"
#include "collector/storage/sqlite/sqlite_schema.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <mutex>
#include <thread>

using namespace collector_test;

namespace {

struct Fixture {
    TempDir dir;
    std::string db = fresh_database(dir);
    std::string token = add_kiosk(db, "kiosk-1", {"Sales", "IT"});
    RunningCollector collector{db};
    std::unique_ptr<httplib::Client> client = collector.client();

    std::int64_t events() const { return count_rows(db, "SELECT count(*) FROM events"); }
};

}  // namespace

TEST_CASE("a valid batch is stored, one result per event in order") {
    Fixture f;
    const json rating = rating_json("kiosk-1", "Sales", 5);
    const json question = question_json("kiosk-1", "", "Wanneer krijgen we training? €");
    const json reasons = reasons_json("kiosk-1", "Sales", rating["id"], {"need_training", "dont_see_why"});
    const auto reply = post_events(*f.client, f.token, upload_body({rating, question, reasons}));
    REQUIRE(reply);
    CHECK(reply->status == 200);
    CHECK(reply->get_header_value("Content-Type") == "application/json");
    const json results = json::parse(reply->body)["results"];
    REQUIRE(results.size() == 3);
    CHECK(results[0]["id"] == rating["id"]);
    CHECK(results[1]["id"] == question["id"]);
    CHECK(results[2]["id"] == reasons["id"]);
    CHECK(statuses(reply) == "stored,stored,stored");
    CHECK(f.events() == 3);
    CHECK(count_rows(f.db, "SELECT count(*) FROM events WHERE type='question' AND department=''") == 1);
}

TEST_CASE("an identical resend is a duplicate and stores nothing new") {
    Fixture f;
    const std::string body = upload_body({rating_json("kiosk-1", "IT"), rating_json("kiosk-1", "IT", 2)});
    CHECK(statuses(post_events(*f.client, f.token, body)) == "stored,stored");
    CHECK(statuses(post_events(*f.client, f.token, body)) == "duplicate,duplicate");
    CHECK(f.events() == 2);

    SUBCASE("the same id twice in one batch is stored once") {
        const json event = rating_json("kiosk-1", "IT");
        CHECK(statuses(post_events(*f.client, f.token, upload_body({event, event}))) ==
              "stored,duplicate");
        CHECK(f.events() == 3);
    }
    SUBCASE("key order and an equivalent time zone do not make a conflict") {
        json event = rating_json("kiosk-1", "IT");
        event["created_at"] = "2026-06-01T12:00:00.000Z";
        post_events(*f.client, f.token, upload_body({event}));
        event["created_at"] = "2026-06-01T14:00:00.000+02:00";
        const std::string reordered = R"({"events":[{"payload":{"suspect":false,"score":4},"language":"nl",)"
                                      R"("department":"IT","kiosk_id":"kiosk-1","created_at":")" +
                                      event["created_at"].get<std::string>() + R"(","type":"rating","id":")" +
                                      event["id"].get<std::string>() + R"("}]})";
        CHECK(statuses(post_events(*f.client, f.token, reordered)) == "duplicate");
    }
}

TEST_CASE("the same id with different content is a conflict and never overwrites") {
    Fixture f;
    json event = rating_json("kiosk-1", "IT", 5);
    post_events(*f.client, f.token, upload_body({event}));
    event["payload"]["score"] = 1;
    const auto reply = post_events(*f.client, f.token, upload_body({event}));
    CHECK(statuses(reply) == "rejected");
    CHECK(error_of(reply, 0).rfind("conflict", 0) == 0);
    CHECK(f.events() == 1);
    CHECK(count_rows(f.db, "SELECT score FROM bi_ratings") == 5);
}

TEST_CASE("malformed JSON and a wrong top-level schema are 400 with a JSON error") {
    Fixture f;
    for (const std::string& body : {std::string("{\"events\": [ {"), std::string("[]"), std::string("{}"),
                                   std::string("{\"events\": {}}"), std::string("{\"events\": [], \"kiosk\": 5}"),
                                   std::string("{\"events\": [], \"kiosk\": {\"backlog\": -1}}"), std::string("")}) {
        CAPTURE(body);
        const auto reply = post_events(*f.client, f.token, body);
        REQUIRE(reply);
        CHECK(reply->status == 400);
        CHECK_FALSE(json::parse(reply->body)["error"].get<std::string>().empty());
    }
    CHECK(f.events() == 0);
}

TEST_CASE("each bad event is rejected with a reason while good events in the batch are stored") {
    Fixture f;
    struct Case {
        const char* name;
        std::function<void(json&)> spoil;
        const char* reason;
    };
    const std::vector<Case> cases{
        {"score as text", [](json& e) { e["payload"]["score"] = "5"; }, "payload.score"},
        {"score out of range", [](json& e) { e["payload"]["score"] = 6; }, "payload.score"},
        {"suspect missing", [](json& e) { e["payload"].erase("suspect"); }, "payload.suspect"},
        {"extra payload field", [](json& e) { e["payload"]["extra"] = 1; }, "unknown field 'payload.extra'"},
        {"id not a UUID", [](json& e) { e["id"] = "not-a-uuid"; }, "'id'"},
        {"id as number", [](json& e) { e["id"] = 42; }, "'id'"},
        {"unknown type", [](json& e) { e["type"] = "vote"; }, "unknown event type"},
        {"type missing", [](json& e) { e.erase("type"); }, "missing field 'type'"},
        {"created_at garbage", [](json& e) { e["created_at"] = "yesterday"; }, "created_at"},
        {"created_at before 2020", [](json& e) { e["created_at"] = "1970-01-01T00:00:00Z"; }, "outside"},
        {"created_at next week",
         [](json& e) { e["created_at"] = floorsync::format_rfc3339_utc(std::chrono::system_clock::now() + std::chrono::hours(24 * 7)); },
         "outside"},
        {"payload not an object", [](json& e) { e["payload"] = "{}"; }, "payload"},
        {"department of another team", [](json& e) { e["department"] = "Finance"; }, "not allowed"},
        {"kiosk id of another kiosk", [](json& e) { e["kiosk_id"] = "kiosk-2"; }, "does not match"},
        {"language too long", [](json& e) { e["language"] = std::string(40, 'n'); }, "language"},
        {"event not an object", [](json& e) { e = json::array({1, 2}); }, "JSON object"},
    };
    std::vector<json> events;
    for (const auto& c : cases) {
        events.push_back(rating_json("kiosk-1", "Sales"));
        json bad = rating_json("kiosk-1", "Sales");
        c.spoil(bad);
        events.push_back(bad);
    }
    events.push_back(question_json("kiosk-1", "IT", std::string(501, 'x')));
    events.push_back(question_json("kiosk-1", "IT", "   "));
    events.push_back(question_json("kiosk-1", "IT", "bell \a"));
    events.push_back(reasons_json("kiosk-1", "IT", "nope", {"need_training"}));
    events.push_back(reasons_json("kiosk-1", "IT", floorsync::new_uuid_v4(), {"Need Training!"}));
    events.push_back(question_json("kiosk-1", "IT", std::string(500, 'x')));  // exactly at the limit: fine

    const auto reply = post_events(*f.client, f.token, upload_body(events));
    REQUIRE(reply);
    REQUIRE(reply->status == 200);
    const json results = json::parse(reply->body)["results"];
    std::vector<std::string> status;
    for (const auto& item : results) status.push_back(item["status"]);
    REQUIRE(status.size() == events.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        CAPTURE(cases[i].name);
        CHECK(status[2 * i] == "stored");
        CHECK(status[2 * i + 1] == "rejected");
        CHECK(error_of(reply, 2 * i + 1).find(cases[i].reason) != std::string::npos);
    }
    const std::size_t tail = 2 * cases.size();
    for (std::size_t i = tail; i < tail + 5; ++i) CHECK(status[i] == "rejected");
    CHECK(status.back() == "stored");
    CHECK(f.events() == static_cast<std::int64_t>(cases.size() + 1));
}

TEST_CASE("invalid UTF-8 rejects only the event that holds it") {
    Fixture f;
    const json good = question_json("kiosk-1", "IT", "fine");
    const json bad = question_json("kiosk-1", "IT", "PLACEHOLDER");
    std::string body = upload_body({good, bad});
    body.replace(body.find("PLACEHOLDER"), 11, "caf\xC3 \xFF\xFE");
    const auto reply = post_events(*f.client, f.token, body);
    REQUIRE(reply);
    REQUIRE(reply->status == 200);
    CHECK(statuses(reply) == "stored,rejected");
    CHECK(error_of(reply, 1).find("UTF-8") != std::string::npos);
    CHECK(json::parse(reply->body)["results"][1]["id"] == bad["id"]);
    CHECK(f.events() == 1);
}

TEST_CASE("size limits answer 413") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const std::string token = add_kiosk(db, "kiosk-1", {"IT"});
    RunningCollector collector(db, [](auto& config) {
        config.max_events_per_request = 10;
        config.max_body_bytes = 8 * 1024;
    });
    auto client = collector.client();
    SUBCASE("too many events") {
        std::vector<json> events(11, rating_json("kiosk-1", "IT"));
        const auto reply = post_events(*client, token, upload_body(events));
        REQUIRE(reply);
        CHECK(reply->status == 413);
        CHECK(json::parse(reply->body)["error"].get<std::string>().find("too many events") != std::string::npos);
    }
    SUBCASE("body above the byte limit, also when chunked") {
        const std::string body = upload_body({question_json("kiosk-1", "IT", std::string(400, 'q'))}) +
                                 std::string(9 * 1024, ' ');
        auto reply = post_events(*client, token, body);
        REQUIRE(reply);
        CHECK(reply->status == 413);
        auto chunked = collector.client();
        std::size_t sent = 0;
        reply = chunked->Post("/api/v1/events", bearer(token),
                              [&](size_t, httplib::DataSink& sink) {
                                  if (sent >= body.size()) {
                                      sink.done();
                                      return true;
                                  }
                                  const std::size_t n = std::min<std::size_t>(1000, body.size() - sent);
                                  sink.write(body.data() + sent, n);
                                  sent += n;
                                  return true;
                              },
                              "application/json");
        REQUIRE(reply);
        CHECK(reply->status == 413);
    }
    SUBCASE("at the limits is fine, and the connection still serves after a 413") {
        std::vector<json> events(10, rating_json("kiosk-1", "IT"));
        for (auto& event : events) event["id"] = floorsync::new_uuid_v4();
        const auto big = post_events(*client, token, upload_body({question_json("kiosk-1", "IT", "x")}) + std::string(9000, ' '));
        REQUIRE(big);
        CHECK(big->status == 413);
        CHECK(statuses(post_events(*client, token, upload_body(events))) == "stored,stored,stored,stored,stored,stored,stored,stored,stored,stored");
    }
    CHECK(collector.server().stats().in_flight == 0);
}

TEST_CASE("tokens: missing, unknown, revoked and rotated") {
    Fixture f;
    const std::string body = upload_body({rating_json("kiosk-1", "IT")});
    auto missing = f.client->Post("/api/v1/events", body, "application/json");
    REQUIRE(missing);
    CHECK(missing->status == 401);
    CHECK(missing->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
    auto unknown = post_events(*f.client, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", body);
    REQUIRE(unknown);
    CHECK(unknown->status == 401);
    auto basic = f.client->Post("/api/v1/events", {{"Authorization", "Basic " + f.token}}, body, "application/json");
    REQUIRE(basic);
    CHECK(basic->status == 401);

    {
        TestRegistry registry(f.db);
        registry->revoke("kiosk-1");
    }
    auto revoked = post_events(*f.client, f.token, body);
    REQUIRE(revoked);
    CHECK(revoked->status == 401);
    auto feed = f.client->Get("/api/v1/feed", bearer(f.token));
    REQUIRE(feed);
    CHECK(feed->status == 401);
    CHECK(f.events() == 0);

    std::string fresh;
    {
        TestRegistry registry(f.db);
        fresh = registry->rotate("kiosk-1");
    }
    CHECK(post_events(*f.client, f.token, body)->status == 401);
    CHECK(statuses(post_events(*f.client, fresh, body)) == "stored");
}

TEST_CASE("a token only reaches its own departments; 'prefer not to say' is always allowed") {
    Fixture f;
    const std::string other = add_kiosk(f.db, "kiosk-2", {"Finance"});
    const auto reply = post_events(*f.client, other,
                                   upload_body({rating_json("kiosk-2", "Finance"), rating_json("kiosk-2", "Sales"),
                                                rating_json("kiosk-2", "")}));
    CHECK(statuses(reply) == "stored,rejected,stored");
    CHECK(error_of(reply, 1).find("not allowed") != std::string::npos);
    CHECK(count_rows(f.db, "SELECT count(*) FROM events WHERE department='Sales'") == 0);
}

TEST_CASE("changed departments take effect with the kiosk's next upload, without a restart") {
    Fixture f;
    const std::string other = add_kiosk(f.db, "kiosk-2", {"Finance"});
    CHECK(statuses(post_events(*f.client, other, upload_body({rating_json("kiosk-2", "Sales")}))) == "rejected");
    {
        TestRegistry registry(f.db);
        registry->set_departments("kiosk-2", {"Sales"});
        CHECK_THROWS_AS(registry->set_departments("kiosk-2", {}), floorsync::collector::RegistryError);
        CHECK_THROWS_AS(registry->set_departments("kiosk-2", {"bad\ndepartment"}), floorsync::collector::RegistryError);
        CHECK_THROWS_WITH_AS(registry->set_departments("nobody", {"Sales"}), doctest::Contains("no kiosk with id"),
                             floorsync::collector::RegistryError);
    }
    CHECK(statuses(post_events(*f.client, other,
                               upload_body({rating_json("kiosk-2", "Sales"), rating_json("kiosk-2", "Finance")}))) ==
          "stored,rejected");
}

TEST_CASE("concurrent identical resends store exactly one row per event") {
    Fixture f;
    std::vector<json> events;
    for (int i = 0; i < 50; ++i) events.push_back(rating_json("kiosk-1", "IT", 1 + i % 5));
    const std::string body = upload_body(events);
    constexpr int kThreads = 16;
    constexpr int kRounds = 3;
    std::barrier start(kThreads);
    std::atomic<int> stored{0}, duplicate{0}, other{0};
    std::mutex failures_mutex;
    std::vector<std::string> failures;  // what a failed request saw: no reply (and why), or its status and body
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            auto client = f.collector.client();
            start.arrive_and_wait();
            for (int round = 0; round < kRounds; ++round) {
                const auto reply = post_events(*client, f.token, body);
                if (!reply || reply->status != 200) {
                    other += 50;
                    std::lock_guard lock(failures_mutex);
                    failures.push_back(statuses(reply));
                    continue;
                }
                const json results = json::parse(reply->body)["results"];
                for (const auto& item : results) {
                    const std::string status = item["status"];
                    (status == "stored" ? stored : status == "duplicate" ? duplicate : other)++;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& failure : failures) CHECK_MESSAGE(false, "a request failed: " << failure);
    CHECK(other == 0);
    CHECK(stored == 50);
    CHECK(duplicate == 50 * (kThreads * kRounds - 1));
    CHECK(f.events() == 50);
    CHECK(count_rows(f.db, "SELECT count(DISTINCT id) FROM events") == 50);
}


TEST_CASE("too many uploads in flight are shed with 503 and Retry-After") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const std::string token = add_kiosk(db, "kiosk-1", {"IT"});
    RunningCollector collector(db, [](auto& config) {
        config.max_in_flight = 1;
        config.retry_after_seconds = 7;
    });
    std::string first;
    {
        // The first upload waits in its commit while another connection holds the write lock: it is in flight.
        DatabaseWriteLock lock(db);
        std::thread uploader([&] {
            auto client = collector.client();
            first = statuses(post_events(*client, token, upload_body({rating_json("kiosk-1", "IT")})));
        });
        const bool busy = eventually([&] { return collector.server().stats().in_flight == 1; }, std::chrono::seconds(5));
        auto client = collector.client();
        auto shed = post_events(*client, token, upload_body({rating_json("kiosk-1", "IT")}));
        const auto health = client->Get("/healthz");  // health checks are never shed
        lock.release();
        uploader.join();
        REQUIRE(busy);
        REQUIRE(shed);
        CHECK(shed->status == 503);
        CHECK(shed->get_header_value("Retry-After") == "7");
        CHECK(collector.server().stats().shed == 1);
        REQUIRE(health);
        CHECK(health->status == 200);
    }
    CHECK(first == "stored");
    CHECK(collector.server().stats().in_flight == 0);
    auto again = collector.client();
    CHECK(statuses(post_events(*again, token, upload_body({rating_json("kiosk-1", "IT")}))) == "stored");
}

TEST_CASE("healthz, the feed and unknown endpoints") {
    Fixture f;
    const auto health = f.client->Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(json::parse(health->body)["status"] == "ok");

    const auto feed = f.client->Get("/api/v1/feed", bearer(f.token));
    REQUIRE(feed);
    CHECK(feed->status == 200);
    const json first = json::parse(feed->body);
    CHECK(first["items"].empty());
    CHECK(first["next_cursor"] == "0");
    const auto next = f.client->Get("/api/v1/feed?since=" + first["next_cursor"].get<std::string>(), bearer(f.token));
    CHECK(json::parse(next->body)["next_cursor"] == "0");
    CHECK(f.client->Get("/api/v1/feed?since=%27%3B", bearer(f.token))->status == 400);
    CHECK(f.client->Get("/api/v1/feed")->status == 401);

    const auto missing = f.client->Get("/api/v2/events");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(json::parse(missing->body).contains("error"));
}

TEST_CASE("the kiosk's last contact, app version and backlog are recorded") {
    Fixture f;
    CHECK(count_rows(f.db, "SELECT count(*) FROM kiosks WHERE last_seen IS NULL") == 1);
    const auto before = floorsync::utc_now_rfc3339();
    post_events(*f.client, f.token, upload_body({rating_json("kiosk-1", "IT")}, "2.3.4", 1234));
    TestRegistry registry(f.db);
    const auto kiosks = registry->list();
    REQUIRE(kiosks.size() == 1);
    CHECK(kiosks[0].app_version == "2.3.4");
    CHECK(kiosks[0].backlog == 1234);
    CHECK(kiosks[0].last_seen >= before);
    REQUIRE(kiosks[0].departments.size() == 2);
    CHECK(kiosks[0].departments[0] == "IT");
    CHECK(kiosks[0].departments[1] == "Sales");
}

TEST_CASE("uploads that arrive together share one transaction (one flush), on every backend") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const std::string first_token = add_kiosk(db, "kiosk-1", {"IT"});
    const std::string token = add_kiosk(db, "kiosk-2", {"IT"});
    RunningCollector collector(db);
    constexpr int kQueued = 9;
    std::vector<std::string> results;
    std::mutex results_mutex;
    std::vector<std::thread> uploads;
    const auto upload = [&](const std::string& kiosk_token, const std::string& kiosk) {
        uploads.emplace_back([&, kiosk_token, kiosk] {
            auto client = collector.client();
            const std::string result = statuses(post_events(*client, kiosk_token, upload_body({rating_json(kiosk, "IT")})));
            std::lock_guard lock(results_mutex);
            results.push_back(result);
        });
    };
    bool writers_busy = false;
    bool all_queued = false;
    std::size_t blockers = 0;
    {
        // Every writer's transaction waits on this lock; once one more upload is queued behind them, all are busy.
        DatabaseWriteLock lock(db);
        while (!writers_busy && blockers < 8) {
            upload(first_token, "kiosk-1");
            ++blockers;
            REQUIRE(eventually([&] { return collector.server().stats().in_flight == blockers; }, std::chrono::seconds(5)));
            writers_busy = eventually([&] { return collector.server().stats().queued_writes >= 1; },
                                      std::chrono::milliseconds(300));
        }
        // Every blocker has reached a writer or the queue before the count is read: a blocker still being checked
        // on its worker (slow under load) would join the queue later and spoil the count below.
        REQUIRE(eventually([&] {
            const auto stats = collector.server().stats();
            return stats.queued_writes + stats.writing == blockers;
        }, std::chrono::seconds(5)));
        const std::size_t waiting = collector.server().stats().queued_writes;
        for (int i = 0; i < kQueued; ++i) upload(token, "kiosk-2");
        all_queued = eventually([&] { return collector.server().stats().queued_writes == waiting + kQueued; },
                                std::chrono::seconds(5));
    }
    for (auto& thread : uploads) thread.join();
    REQUIRE(writers_busy);
    REQUIRE(all_queued);
    CHECK(results.size() == blockers + kQueued);
    for (const auto& result : results) CHECK(result == "stored");
    // One group, one transaction, one `now`: every batch that waited together carries the same received_at.
    CHECK(count_rows(db, "SELECT count(*) FROM events WHERE kiosk_id = 'kiosk-2'") == kQueued);
    CHECK(count_rows(db, "SELECT count(DISTINCT received_at) FROM events WHERE kiosk_id = 'kiosk-2'") == 1);
}

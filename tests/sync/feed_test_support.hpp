// A fake collector for the feed tests: a cpp-httplib server on 127.0.0.1 that serves GET /api/v1/feed as
// sync/PROTOCOL.md section 5 describes it (cursor, paging, tombstones, ETag/304) and answers uploads as told.
#pragma once

#include "sync/shared/content_item.hpp"
#include "sync/shared/protocol.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sync_test {

// Valid items of each kind the tests need, in Dutch and English; the collector sets revision on publishing.
floorsync::content::Item make_announcement(const std::string& title);
floorsync::content::Item make_training(const std::string& title, const std::string& place);

class FakeFeedCollector {
public:
    enum class Uploads {
        store_all,   // answer every event "stored"
        answer_503,  // 503 with Retry-After: 1, storing nothing
        slow,        // wait upload_delay, then answer every event "stored"
    };

    explicit FakeFeedCollector(std::string token);
    ~FakeFeedCollector();
    FakeFeedCollector(const FakeFeedCollector&) = delete;
    FakeFeedCollector& operator=(const FakeFeedCollector&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // ---- What the feed holds ----
    // Publishes (or re-publishes) an item under a new revision; returns the revision.
    std::int64_t publish(floorsync::content::Item item);
    // Publishes an item given as a JSON object, taken as it is except for a new "revision" (for items this kiosk
    // must refuse or skip).
    std::int64_t publish_raw(const std::string& id, const std::string& json_object);
    // Publishes an entry of the feed's questions or ambassadors list, given as a JSON object (questions::encode,
    // ambassador::encode), taken as it is except for a new "revision".
    std::int64_t publish_in(floorsync::FeedSection section, const std::string& id, const std::string& json_object);
    // Replaces the entry by a tombstone under a new revision.
    std::int64_t withdraw(const std::string& id, floorsync::FeedSection section = floorsync::FeedSection::item);
    std::int64_t head() const;

    // ---- How it answers ----
    void set_page_size(std::size_t entries);
    // Answers the next feed requests with these statuses (and {"error": ...}), one each, before serving again.
    void script_feed_failures(std::vector<int> statuses, std::string retry_after = "");
    // Answers every feed request with status 503 and this Retry-After from now on ("" : serve normally again).
    void set_feed_unavailable(std::optional<std::string> retry_after);
    // Answers every feed request with this 200 body instead of the feed (std::nullopt: serve normally).
    void set_feed_body(std::optional<std::string> body);
    void set_uploads(Uploads mode, std::chrono::milliseconds delay = std::chrono::milliseconds(0));

    // ---- What it saw ----
    struct FeedRequest {
        std::string since;          // the query parameter, "" when absent
        std::string if_none_match;  // the header, "" when absent
        int status = 0;             // what it answered
    };
    std::vector<FeedRequest> feed_requests() const;
    std::size_t feed_request_count() const { return feed_count_.load(); }
    // For each upload request: how many feed requests had arrived when it did.
    std::vector<std::size_t> feed_requests_at_uploads() const;
    std::size_t upload_request_count() const { return upload_count_.load(); }
    std::size_t events_stored() const { return events_stored_.load(); }

private:
    struct Entry {
        std::int64_t revision = 0;
        bool withdrawn = false;
        std::string json;  // the item object with its revision; empty for a tombstone
    };

    void serve_feed(const httplib::Request& request, httplib::Response& response);
    void serve_upload(const httplib::Request& request, httplib::Response& response);
    std::int64_t next_revision();  // with mutex_ held

    const std::string token_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;

    mutable std::mutex mutex_;
    std::int64_t head_ = 0;
    std::map<std::pair<floorsync::FeedSection, std::string>, Entry> entries_;  // the latest state of each entry
    std::size_t page_size_ = 100;
    std::deque<int> scripted_failures_;
    std::string scripted_retry_after_;
    std::optional<std::string> unavailable_retry_after_;
    std::optional<std::string> body_override_;
    Uploads uploads_ = Uploads::store_all;
    std::chrono::milliseconds upload_delay_{0};
    std::vector<FeedRequest> feed_requests_;
    std::vector<std::size_t> feed_requests_at_uploads_;
    std::atomic<std::size_t> feed_count_{0};
    std::atomic<std::size_t> upload_count_{0};
    std::atomic<std::size_t> events_stored_{0};
};

}  // namespace sync_test

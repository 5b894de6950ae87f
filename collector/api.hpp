// The collector's protocol v1 endpoints as plain functions of a request: uploads, the feed and /healthz; the
// dashboard's paths go to the DashboardApp.
#pragma once

#include "collector/config.hpp"
#include "collector/dashboard/dashboard_app.hpp"
#include "collector/group_commit.hpp"
#include "collector/http/http_message.hpp"
#include "collector/kiosk_table_pool.hpp"
#include "collector/storage/storage.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace floorsync::collector {

struct ServerStats {
    std::size_t in_flight = 0;     // uploads being processed now
    std::size_t shed = 0;          // uploads answered 503 because too many were in flight
    std::size_t requests = 0;      // uploads answered 200
    std::size_t events_stored = 0;
    std::size_t queued_writes = 0;  // batches waiting for the next shared transaction
    std::size_t writing = 0;        // batches in the transactions being written now
};

// The feed's page size: at most this many entries per reply ("more": true when others follow).
inline constexpr std::size_t kFeedPageSize = 100;
// A feed poll records the kiosk's last contact at most this often (uploads always do): 10,000 kiosks polling every
// 30 s cause no write per poll.
inline constexpr std::chrono::seconds kFeedTouchInterval{10};

// Thread-safe: worker threads call handle() at once.
class CollectorApi {
public:
    // `dashboard` (may be null: [dashboard] enabled = false) answers "/" and "/dashboard/..." before the protocol.
    CollectorApi(const CollectorConfig& config, Storage& storage, GroupCommitter& committer,
                 dashboard::DashboardApp* dashboard = nullptr);

    HttpResponse handle(const HttpRequest& request);
    ServerStats stats() const;

private:
    HttpResponse upload(const HttpRequest& request);
    HttpResponse feed(const HttpRequest& request);
    HttpResponse health();
    std::optional<KioskIdentity> authenticate(const HttpRequest& request, HttpResponse& refusal);
    HttpResponse unavailable(const std::string& message) const;
    // Records last_seen for a polling kiosk unless a poll or an upload did less than kFeedTouchInterval ago: at once
    // for a kiosk this process has not seen yet, else gathered and written for all such kiosks together, at most
    // once per kFeedTouchInterval, by the poll that finds the interval passed.
    void touch_from_feed(const KioskIdentity& kiosk);

    const CollectorConfig& config_;
    GroupCommitter& committer_;
    dashboard::DashboardApp* dashboard_;
    KioskTablePool tables_;
    ContentTablePool content_;
    AmbassadorTablePool ambassadors_;  // ingest checks of ambassadors' actions, credentials for the feed
    QuestionTablePool questions_;      // ingest checks of actions and votes, questions for the feed
    std::mutex touch_mutex_;
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> last_touch_;  // kiosk id -> last feed touch
    std::unordered_map<std::string, KioskIdentity> pending_touch_;  // seen again, not written yet
    std::chrono::steady_clock::time_point last_flush_{};
    bool flushing_ = false;
    std::atomic<std::size_t> in_flight_{0};
    std::atomic<std::size_t> shed_{0};
    std::atomic<std::size_t> requests_{0};
    std::atomic<std::size_t> events_stored_{0};
};

}  // namespace floorsync::collector

// The kiosk's sync worker: a thread that uploads the outbox to the collector, reads the collector's feed into the
// cache, and publishes a status snapshot and a content snapshot.
#pragma once

#include "sync/content_snapshot.hpp"
#include "sync/store.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace floorsync {

struct SyncSettings {
    std::string collector_url;  // e.g. https://collector.example/ ; empty: no collector, the engine only keeps counts
    std::string token;          // the kiosk's bearer token from `kiosk-collector kiosk add`
    std::string app_version = FLOOR_VERSION;
    std::string ca_file;             // empty: the system's CA store
    std::string pinned_public_key;   // empty: none; else a CURLOPT_PINNEDPUBLICKEY value ("sha256//...")
    bool verify_tls = true;
    std::size_t batch_max_events = 500;
    std::size_t batch_max_bytes = 512 * 1024;
    // Uploads on their way at once while a backlog drains, each on its own connection (opened only when there is
    // more than one batch to send): the collector's group commit then shares one transaction (one fsync, fewer
    // index pages written) among them. 1 = strictly one at a time. A collector that is full answers 503 and the
    // engine backs off as for any 503.
    std::size_t uploads_in_flight = 4;
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds request_timeout{30000};  // ceiling for one whole request
    long low_speed_bytes_per_second = 100;             // below this for low_speed_window: abort the transfer
    std::chrono::seconds low_speed_window{10};
    std::size_t max_response_bytes = 4 * 1024 * 1024;
    std::chrono::milliseconds retry_base{1000};
    std::chrono::milliseconds retry_cap{5 * 60 * 1000};
    std::chrono::seconds poll_interval{60};    // run an upload pass this often even without announced events
    // Ask the collector's feed for new or withdrawn content this often; also while a backlog drains. A failing
    // feed backs off on its own (retry_base, retry_cap), independently of uploads.
    std::chrono::seconds feed_interval{30};
    std::chrono::hours sent_retention{24 * 30};  // sent events older than this are pruned
};

enum class LinkState {
    no_collector,  // none configured: events stay on the kiosk
    connecting,    // first attempt not finished yet
    online,        // last exchange succeeded
    offline,       // last attempt failed to connect; retrying at next_attempt
    retrying,      // the collector answered with an error or asked us to back off; retrying at next_attempt
};

struct SyncStatus {
    OutboxCounts counts;
    LinkState link = LinkState::connecting;
    std::chrono::system_clock::time_point next_attempt{};  // meaningful when offline or retrying
    std::string last_error;
    std::string last_success_at;  // RFC 3339 UTC, empty if never
    std::uint64_t revision = 0;   // increases with every change, so the UI redraws only when it moved
};

const char* to_string(LinkState state);

class SyncEngine {
public:
    // Starts the worker thread; it opens its own connection to the store at db_path.
    // on_status_change is called on the worker thread (wake the UI loop).
    SyncEngine(std::string db_path, SyncSettings settings, std::function<void()> on_status_change);
    ~SyncEngine();  // stops promptly, aborting a transfer in flight; unsent events stay in the outbox
    SyncEngine(const SyncEngine&) = delete;
    SyncEngine& operator=(const SyncEngine&) = delete;

    // A new event was committed: upload soon (respects a running back-off), and refresh the content snapshot.
    void notify_new_events();
    void sync_now();           // skip the back-off and try now (technician's request)
    SyncStatus status() const;

    // The cached content the collector published, as the worker last read it from the store: never null. Version 0
    // (nothing) until the worker has opened the store; then the cache as stored, also offline and after a restart,
    // with this kiosk's own questions, ambassador actions and votes that the feed does not show yet on top
    // (question_overlay.hpp). A new snapshot (a higher version) after every feed poll or upload pass that changed
    // it, and after notify_new_events() when the new events change it; each followed by on_status_change. The
    // worker builds snapshots on its thread; reading one is cheap: a shared pointer copied under the mutex.
    std::shared_ptr<const ContentSnapshot> content() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync

// The collector's protocol v1 endpoints as plain functions of a request: uploads, the feed and /healthz.
#pragma once

#include "collector/config.hpp"
#include "collector/group_commit.hpp"
#include "collector/http/http_message.hpp"
#include "collector/kiosk_table_pool.hpp"
#include "collector/storage/storage.hpp"

#include <atomic>
#include <cstddef>

namespace floorsync::collector {

struct ServerStats {
    std::size_t in_flight = 0;     // uploads being processed now
    std::size_t shed = 0;          // uploads answered 503 because too many were in flight
    std::size_t requests = 0;      // uploads answered 200
    std::size_t events_stored = 0;
    std::size_t queued_writes = 0;  // batches waiting for the next shared transaction
};

// Thread-safe: worker threads call handle() at once.
class CollectorApi {
public:
    CollectorApi(const CollectorConfig& config, Storage& storage, GroupCommitter& committer);

    HttpResponse handle(const HttpRequest& request);
    ServerStats stats() const;

private:
    HttpResponse upload(const HttpRequest& request);
    HttpResponse feed(const HttpRequest& request);
    HttpResponse health();
    std::optional<KioskIdentity> authenticate(const HttpRequest& request, HttpResponse& refusal);
    HttpResponse unavailable(const std::string& message) const;

    const CollectorConfig& config_;
    GroupCommitter& committer_;
    KioskTablePool tables_;
    std::atomic<std::size_t> in_flight_{0};
    std::atomic<std::size_t> shed_{0};
    std::atomic<std::size_t> requests_{0};
    std::atomic<std::size_t> events_stored_{0};
};

}  // namespace floorsync::collector

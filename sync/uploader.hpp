// One synchronous sync pass: upload the outbox oldest first until it is empty or an attempt fails.
#pragma once

#include "sync/shared/clock.hpp"
#include "sync/http_client.hpp"
#include "sync/shared/protocol.hpp"
#include "sync/store.hpp"
#include "sync/sync_engine.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync {

enum class PassOutcome {
    drained,          // the outbox is empty (every pending event is sent or quarantined)
    offline,          // the collector could not be reached
    transport_error,  // connected, but the exchange broke: reset, stall, timeout, oversized answer
    server_busy,      // 429 or 503: the collector sheds load; honour retry_after
    server_error,     // 5xx or an unexpected status
    unauthorized,     // 401/403: the kiosk token is refused; a configuration problem, nothing is quarantined
    bad_answer,       // 200 with a body that is not a valid result list for the batch
    aborted,          // the client was aborted (the engine is stopping)
    store_error,      // the local database failed
};

const char* to_string(PassOutcome outcome);

struct PassResult {
    PassOutcome outcome = PassOutcome::drained;
    std::int64_t stored = 0;       // newly stored at the collector during this pass
    std::int64_t duplicates = 0;   // already there (a resend after a lost answer); also marked sent
    std::int64_t quarantined = 0;  // rejected by the collector, kept locally with the reason
    long http_status = 0;          // the last status seen, 0 if none
    std::string retry_after;       // the collector's Retry-After, verbatim, when it sent one
    std::string error;             // what went wrong, for people; empty when drained
    bool contacted = false;        // a batch was sent (or tried to be): false for a pass that found nothing to send

    bool succeeded() const { return outcome == PassOutcome::drained; }
    std::int64_t delivered() const { return stored + duplicates; }
};

HttpClientSettings http_client_settings(const SyncSettings& settings);

// An exchange that did not succeed, as a PassResult: a transport failure (offline, transport_error, aborted) or an
// HTTP status that ends the attempt (401/403 unauthorized, 429/503 server_busy, anything else server_error), with
// http_status, retry_after and a message for people. Shared by the uploader and the feed reader.
PassResult failed_exchange(const HttpResponse& response);

// collector_url "https://host/base/" + "api/v1/events" -> "https://host/base/api/v1/events".
std::string collector_endpoint(const std::string& collector_url, std::string_view path);

class Uploader {
public:
    // Borrows the store and the client; both must outlive the uploader and not be used elsewhere during a pass.
    Uploader(Store& store, HttpClient& client, SyncSettings settings);

    // Loops over batches until the outbox is empty or an attempt fails. A whole batch refused with 400/413 is
    // halved and retried; a single event refused alone is quarantined with the collector's reason.
    // on_batch is called after every batch the collector answered (e.g. to publish fresh counts).
    // on_batch runs on the calling thread while later batches may be on their way on other connections; the sync
    // engine also reads the feed from there when it is due (with its own client, never this one).
    // A pass with nothing to send makes no request (contacted == false): the feed reader (sync/feed_reader.hpp)
    // is what tells then whether the collector is reachable.
    PassResult run_pass(const std::function<void(const PassResult&)>& on_batch = {});

private:
    // Encoded events on their way to the collector; the body is shared with the thread sending it.
    struct Batch {
        std::vector<std::string> ids;
        std::vector<std::int64_t> seqs;  // seqs[i] is the outbox seq of ids[i]
        std::int64_t last_seq = 0;       // the next batch starts after it
        std::shared_ptr<const std::string> body;
        bool empty() const { return ids.empty(); }
    };

    struct InFlight {
        Batch batch;
        HttpClient* lane = nullptr;
        std::future<HttpResponse> response;
    };

    Batch prepare(std::size_t& limit, std::int64_t after_seq, PassResult& result);
    HttpClient& free_lane(const std::deque<InFlight>& pipeline);
    std::future<HttpResponse> send(HttpClient& lane, const Batch& batch);
    HttpResponse await(std::future<HttpResponse>& response);
    void apply(const UploadResponse& decoded, const Batch& batch, PassResult& result);
    std::int64_t quarantine_unencodable(const UploadRequest& request);

    Store& store_;
    HttpClient& client_;
    std::vector<std::unique_ptr<HttpClient>> extra_lanes_;  // created on demand, up to uploads_in_flight - 1
    SyncSettings settings_;
    std::string events_url_;
};

// The last sync result, kept in the store's meta table so another process (kioskctl) can show it.
struct LastSync {
    std::string attempted_at;     // RFC 3339 UTC
    std::string outcome;          // to_string(PassOutcome)
    std::string error;
    std::int64_t delivered = 0;   // in that pass
    std::int64_t quarantined = 0; // in that pass
    std::string last_success_at;  // the last pass that drained the outbox; kept across failures
};

void record_last_sync(Store& store, const PassResult& result, SystemTime now);
std::optional<LastSync> read_last_sync(Store& store);

// Deletes sent events confirmed longer than `retention` ago; never pending or quarantined ones.
std::int64_t prune_sent_events(Store& store, std::chrono::hours retention, SystemTime now);

}  // namespace floorsync

// The upload loop of protocol v1: batches, per-event results, halving refused batches, the last-sync record.
#include "sync/uploader.hpp"

#include "sync/shared/protocol.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <future>

namespace floorsync {
namespace {

constexpr const char* kLastSyncKey = "sync.last_result";
constexpr std::size_t kMaxShownErrorBytes = 300;
constexpr std::size_t kMaxUploadsInFlight = 8;
constexpr auto kAbortCheckInterval = std::chrono::milliseconds(20);

// The collector's {"error": "..."} message, or the start of the body when it is not that shape.
std::string error_message_of(const std::string& body) {
    std::string message;
    try {
        const auto json = nlohmann::json::parse(body);
        if (json.is_object() && json.contains("error") && json["error"].is_string()) message = json["error"];
    } catch (const nlohmann::json::exception&) {
    }
    if (message.empty()) message = body;
    if (message.size() > kMaxShownErrorBytes) message = message.substr(0, kMaxShownErrorBytes) + "...";
    return message;
}

std::string http_error(long status, const std::string& body) {
    std::string text = "HTTP " + std::to_string(status);
    const std::string message = error_message_of(body);
    if (!message.empty()) text += ": " + message;
    return text;
}

}  // namespace

PassResult failed_exchange(const HttpResponse& response) {
    PassResult result;
    result.retry_after = response.retry_after;
    if (response.outcome != HttpOutcome::response) {
        switch (response.outcome) {
            case HttpOutcome::connect_failed: result.outcome = PassOutcome::offline; break;
            case HttpOutcome::aborted: result.outcome = PassOutcome::aborted; break;
            default: result.outcome = PassOutcome::transport_error; break;
        }
        result.error = response.error;
        return result;
    }
    result.http_status = response.status;
    result.error = http_error(response.status, response.body);
    if (response.status == 401 || response.status == 403) {
        result.outcome = PassOutcome::unauthorized;
        result.error = "kiosk token refused (" + result.error + "); check the token in the kiosk's [sync] settings";
    } else if (response.status == 429 || response.status == 503) {
        result.outcome = PassOutcome::server_busy;
    } else {
        result.outcome = PassOutcome::server_error;
        if (response.status < 500) result.error += " (is the collector URL right?)";
    }
    return result;
}

namespace {

PassOutcome outcome_of_transport(HttpOutcome outcome) {
    switch (outcome) {
        case HttpOutcome::connect_failed: return PassOutcome::offline;
        case HttpOutcome::aborted: return PassOutcome::aborted;
        default: return PassOutcome::transport_error;
    }
}

// A status that ends the pass: a configuration problem, a collector shedding load or failing.
void classify_http_failure(const HttpResponse& response, PassResult& result) {
    const PassResult failure = failed_exchange(response);
    result.outcome = failure.outcome;
    result.error = failure.error;
}

}  // namespace

const char* to_string(PassOutcome outcome) {
    switch (outcome) {
        case PassOutcome::drained: return "ok";
        case PassOutcome::offline: return "offline";
        case PassOutcome::transport_error: return "transport error";
        case PassOutcome::server_busy: return "collector busy";
        case PassOutcome::server_error: return "collector error";
        case PassOutcome::unauthorized: return "kiosk token refused";
        case PassOutcome::bad_answer: return "bad answer from collector";
        case PassOutcome::aborted: return "aborted";
        case PassOutcome::store_error: return "local database error";
    }
    return "unknown";
}

HttpClientSettings http_client_settings(const SyncSettings& settings) {
    HttpClientSettings http;
    http.ca_file = settings.ca_file;
    http.pinned_public_key = settings.pinned_public_key;
    http.verify_tls = settings.verify_tls;
    http.connect_timeout = settings.connect_timeout;
    http.request_timeout = settings.request_timeout;
    http.low_speed_bytes_per_second = settings.low_speed_bytes_per_second;
    http.low_speed_window = settings.low_speed_window;
    http.max_response_bytes = settings.max_response_bytes;
    http.user_agent = "floor-kiosk/" + settings.app_version;
    return http;
}

std::string collector_endpoint(const std::string& collector_url, std::string_view path) {
    std::string url = collector_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    return url + "/" + std::string(path);
}

Uploader::Uploader(Store& store, HttpClient& client, SyncSettings settings)
    : store_(store),
      client_(client),
      settings_(std::move(settings)),
      events_url_(collector_endpoint(settings_.collector_url, "api/v1/events")) {
    settings_.batch_max_events = std::clamp<std::size_t>(settings_.batch_max_events, 1, kMaxEventsPerRequest);
    settings_.uploads_in_flight = std::clamp<std::size_t>(settings_.uploads_in_flight, 1, kMaxUploadsInFlight);
}

// Events the kiosk itself cannot encode (a payload that is not a JSON object, text that is not UTF-8) can never be
// sent; they are found one by one and quarantined so the rest of the outbox keeps moving.
std::int64_t Uploader::quarantine_unencodable(const UploadRequest& request) {
    std::int64_t quarantined = 0;
    for (const Event& event : request.events) {
        try {
            encode_upload(UploadRequest{request.kiosk, {event}});
        } catch (const ProtocolError& error) {
            store_.quarantine(event.id, std::string("cannot be encoded for upload: ") + error.what());
            ++quarantined;
        }
    }
    if (quarantined == 0) throw StoreError("an upload batch cannot be encoded, but none of its events alone fails", 0);
    return quarantined;
}

// Reads the oldest pending events after `after_seq` (those before it are already on their way) and encodes them.
// Events the kiosk cannot encode are quarantined on the way; a body above the request limit halves `limit`.
Uploader::Batch Uploader::prepare(std::size_t& limit, std::int64_t after_seq, PassResult& result) {
    while (true) {
        std::vector<StoredEvent> rows = store_.pending_batch(limit, SIZE_MAX, after_seq);
        UploadRequest request;
        request.kiosk.app_version = settings_.app_version;
        const auto counts = store_.counts();
        request.kiosk.backlog = counts.pending;
        request.kiosk.quarantined = counts.quarantined;
        request.events.reserve(rows.size());
        std::size_t payload_bytes = 0;
        std::vector<std::int64_t> seqs;
        seqs.reserve(rows.size());
        for (StoredEvent& row : rows) {
            if (!request.events.empty() && payload_bytes + row.event.payload.size() > settings_.batch_max_bytes) break;
            payload_bytes += row.event.payload.size();
            seqs.push_back(row.seq);
            request.events.push_back(std::move(row.event));
        }
        Batch batch;
        if (request.events.empty()) return batch;
        std::string body;
        try {
            body = encode_upload(request);
        } catch (const ProtocolError&) {
            result.quarantined += quarantine_unencodable(request);
            continue;
        }
        if (body.size() > kMaxRequestBytes && request.events.size() > 1) {
            limit = request.events.size() / 2;  // would be refused with 413 anyway; do not waste the upload
            continue;
        }
        batch.last_seq = seqs.back();
        batch.seqs = std::move(seqs);
        batch.ids.reserve(request.events.size());
        for (const Event& event : request.events) batch.ids.push_back(event.id);
        batch.body = std::make_shared<const std::string>(std::move(body));
        return batch;
    }
}

// The borrowed client first, then extra connections as the pipeline deepens.
HttpClient& Uploader::free_lane(const std::deque<InFlight>& pipeline) {
    const auto busy = [&](const HttpClient* lane) {
        return std::any_of(pipeline.begin(), pipeline.end(), [&](const InFlight& entry) { return entry.lane == lane; });
    };
    if (!busy(&client_)) return client_;
    for (const auto& lane : extra_lanes_) {
        if (!busy(lane.get())) return *lane;
    }
    extra_lanes_.push_back(std::make_unique<HttpClient>(http_client_settings(settings_)));
    return *extra_lanes_.back();
}

std::future<HttpResponse> Uploader::send(HttpClient& lane, const Batch& batch) {
    return std::async(std::launch::async, [this, &lane, body = batch.body] {
        return lane.post_json(events_url_, *body, settings_.token);
    });
}

// Whoever stops the engine aborts only the borrowed client; the extra connections follow it from here.
HttpResponse Uploader::await(std::future<HttpResponse>& response) {
    while (response.wait_for(kAbortCheckInterval) != std::future_status::ready) {
        if (client_.aborting()) {
            for (const auto& lane : extra_lanes_) lane->abort();
        }
    }
    return response.get();
}

// Marks delivered events sent in one transaction and quarantines the rejected ones with the collector's reason.
// decode_upload_response checked that results[i] is the answer for batch.ids[i].
void Uploader::apply(const UploadResponse& decoded, const Batch& batch, PassResult& result) {
    std::vector<std::int64_t> delivered;
    delivered.reserve(decoded.results.size());
    for (std::size_t i = 0; i < decoded.results.size(); ++i) {
        const EventResult& event_result = decoded.results[i];
        switch (event_result.status) {
            case ResultStatus::stored: ++result.stored; delivered.push_back(batch.seqs[i]); break;
            case ResultStatus::duplicate: ++result.duplicates; delivered.push_back(batch.seqs[i]); break;
            case ResultStatus::rejected:
                store_.quarantine(event_result.id,
                                  "rejected by the collector: " +
                                      (event_result.error.empty() ? std::string("no reason given") : event_result.error));
                ++result.quarantined;
                break;
        }
    }
    if (!delivered.empty()) store_.mark_sent_by_seq(delivered, utc_now_rfc3339());
}

// Up to uploads_in_flight batches are on their way, answered in order; while the collector works on them, this
// thread marks answered batches sent and reads and encodes the next. Events are marked only after the collector's
// per-event results for them. A batch refused with 400/413 stops the reading ahead: once everything on its way is
// answered, reading starts again from the oldest pending event with a smaller limit.
PassResult Uploader::run_pass(const std::function<void(const PassResult&)>& on_batch) {
    PassResult result;
    std::size_t limit = settings_.batch_max_events;
    std::deque<InFlight> pipeline;
    std::int64_t read_up_to = 0;  // the last seq already on its way
    bool reread = false;
    // Whatever ends the pass, uploads still on their way are finished (or aborted) before it returns.
    struct Settle {
        Uploader& uploader;
        std::deque<InFlight>& pipeline;
        ~Settle() {
            for (InFlight& entry : pipeline) {
                try {
                    uploader.await(entry.response);
                } catch (...) {
                }
            }
        }
    } settle{*this, pipeline};
    if (!client_.aborting()) {
        for (const auto& lane : extra_lanes_) lane->clear_abort();
    }
    try {
        while (true) {
            if (pipeline.empty() && reread) {
                read_up_to = 0;
                reread = false;
            }
            while (!reread && pipeline.size() < settings_.uploads_in_flight && !client_.aborting()) {
                Batch batch = prepare(limit, read_up_to, result);
                if (batch.empty()) break;
                read_up_to = batch.last_seq;
                result.contacted = true;
                HttpClient& lane = free_lane(pipeline);
                std::future<HttpResponse> response = send(lane, batch);
                pipeline.push_back({std::move(batch), &lane, std::move(response)});
            }
            if (pipeline.empty()) {
                if (client_.aborting()) {
                    result.outcome = PassOutcome::aborted;
                    result.error = "aborted: the sync engine is stopping";
                } else {
                    result.outcome = PassOutcome::drained;
                }
                return result;
            }
            InFlight current = std::move(pipeline.front());
            pipeline.pop_front();
            const HttpResponse response = await(current.response);
            result.retry_after = response.retry_after;
            if (response.outcome != HttpOutcome::response) {
                result.outcome = outcome_of_transport(response.outcome);
                result.error = response.error;
                return result;  // later batches: their answers are dropped; a resend is answered "duplicate"
            }
            result.http_status = response.status;

            if (response.status == 200) {
                UploadResponse decoded;
                try {
                    decoded = decode_upload_response(response.body, current.batch.ids);
                } catch (const ProtocolError& error) {
                    result.outcome = PassOutcome::bad_answer;
                    result.error = std::string("the collector's answer does not match the batch: ") + error.what();
                    return result;
                }
                apply(decoded, current.batch, result);
                if (!reread) limit = std::min(limit * 2, settings_.batch_max_events);
                if (on_batch) on_batch(result);
                continue;
            }
            if (response.status == 400 || response.status == 413) {
                const std::vector<std::string>& ids = current.batch.ids;
                if (ids.size() > 1) {
                    limit = std::min(limit, ids.size() / 2);  // isolate the event the collector cannot take
                } else {
                    store_.quarantine(ids.front(), "refused by the collector when sent alone: " +
                                                       http_error(response.status, response.body));
                    ++result.quarantined;
                    if (on_batch) on_batch(result);
                }
                reread = true;
                continue;
            }
            classify_http_failure(response, result);
            return result;
        }
    } catch (const StoreError& error) {
        result.outcome = PassOutcome::store_error;
        result.error = error.what();
        return result;
    }
}

void record_last_sync(Store& store, const PassResult& result, SystemTime now) {
    std::string last_success;
    if (result.succeeded()) {
        last_success = format_rfc3339_utc(now);
    } else if (const auto previous = read_last_sync(store)) {
        last_success = previous->last_success_at;
    }
    const nlohmann::json record = {
        {"attempted_at", format_rfc3339_utc(now)},
        {"outcome", to_string(result.outcome)},
        {"error", result.error},
        {"delivered", result.delivered()},
        {"quarantined", result.quarantined},
        {"last_success_at", last_success},
    };
    // Invalid UTF-8 from a server message must not make the record unwritable.
    store.set_meta(kLastSyncKey, record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::optional<LastSync> read_last_sync(Store& store) {
    const auto text = store.meta(kLastSyncKey);
    if (!text) return std::nullopt;
    try {
        const auto json = nlohmann::json::parse(*text);
        LastSync last;
        last.attempted_at = json.value("attempted_at", "");
        last.outcome = json.value("outcome", "");
        last.error = json.value("error", "");
        last.delivered = json.value("delivered", std::int64_t{0});
        last.quarantined = json.value("quarantined", std::int64_t{0});
        last.last_success_at = json.value("last_success_at", "");
        return last;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // a damaged record is replaced by the next pass
    }
}

std::int64_t prune_sent_events(Store& store, std::chrono::hours retention, SystemTime now) {
    return store.prune_sent_before(format_rfc3339_utc(now - retention));
}

}  // namespace floorsync

// Protocol v1 between kiosks and the collector: JSON encoding and decoding of uploads, results and the feed.
#pragma once

#include "sync/shared/event.hpp"
#include "sync/shared/text_rules.hpp"

#include <cstdint>
#include <stdexcept>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync {

// A body that is not valid protocol JSON. what() says which field and why, for a 400 reply or a log line.
struct ProtocolError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The body is well-formed but above a size limit (more events than allowed): the collector answers 413.
struct PayloadTooLarge : ProtocolError {
    using ProtocolError::ProtocolError;
};

inline constexpr std::size_t kMaxEventsPerRequest = 1000;
inline constexpr std::size_t kMaxRequestBytes = 1024 * 1024;

// What a kiosk says about itself with every upload, so the collector knows when it was last seen.
struct KioskReport {
    std::string app_version;
    std::int64_t backlog = 0;  // pending events on the kiosk, including this batch
    std::optional<std::int64_t> quarantined;  // events the kiosk holds as refused (kioskctl quarantined); older
                                              // kiosks do not send it
};

struct UploadRequest {
    KioskReport kiosk;
    std::vector<Event> events;
};

enum class ResultStatus { stored, duplicate, rejected };

struct EventResult {
    std::string id;
    ResultStatus status = ResultStatus::rejected;
    std::string error;  // set when rejected: "conflict: ...", "invalid field 'created_at': ...", ...
};

struct UploadResponse {
    std::vector<EventResult> results;  // one per uploaded event, in order
};

// Which list of the feed an entry belongs to: content items ("items"), department questions ("questions",
// questions::View) or ambassador credentials ("ambassadors", ambassador::Credential). All share one revision counter.
enum class FeedSection { item, question, ambassador };

// One change in the feed: a published item (new or edited) or a tombstone (withdrawn, or no longer for this kiosk).
struct FeedEntry {
    FeedSection section = FeedSection::item;
    std::string id;
    std::int64_t revision = 0;
    bool withdrawn = false;  // a tombstone: remove the item with this id; json is empty
    std::string json;        // the item as a JSON object (content::encode), for entries that are not tombstones
};

struct FeedResponse {
    std::vector<FeedEntry> entries;  // in revision order, all sections together
    std::string next_cursor;         // pass back as ?since= ; digits
    bool more = false;               // another page follows at once
};

std::string encode_upload(const UploadRequest& request);
// Structural decoding only (a JSON object, an "events" array of objects with string fields, a payload object).
// Per-event field validation is the collector's job, so that good events in a bad batch are still stored.
UploadRequest decode_upload(std::string_view body);

std::string encode_upload_response(const UploadResponse& response);
// Also checks that there is exactly one result per sent id, in order; throws ProtocolError otherwise.
UploadResponse decode_upload_response(std::string_view body, const std::vector<std::string>& sent_ids);

std::string encode_feed(const FeedResponse& feed);
FeedResponse decode_feed(std::string_view body);

std::string encode_error(std::string_view message);  // {"error": "..."}

// ---- Collector side ----

// One uploaded event after checking it on its own against protocol v1. When `error` is empty the event is
// well-formed and `event.payload` is the payload re-encoded canonically (keys sorted, no spaces), so identical
// content always gives identical text. When `error` is set, `event.id` holds whatever id could be read ("" if none).
struct CheckedEvent {
    Event event;
    std::string error;
};

struct CheckedUpload {
    KioskReport kiosk;
    std::vector<CheckedEvent> events;
};

// Decodes an upload on the collector: throws ProtocolError only for problems of the whole body (not JSON, no
// "events" array, more than max_events, a bad "kiosk" object). Each event is checked by itself: field types,
// lengths, valid UTF-8, UUID and RFC 3339 formats, a known type and its payload schema. Invalid UTF-8 inside a
// string makes only the event that holds it rejected. Policy (timestamp range, departments) is the collector's.
CheckedUpload decode_upload_checked(std::string_view body, std::size_t max_events = kMaxEventsPerRequest);


const char* to_string(ResultStatus status);

}  // namespace floorsync

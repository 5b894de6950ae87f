// Protocol v1 codec: JSON text <-> upload requests, per-event results and the feed (see sync/PROTOCOL.md).
#include "sync/protocol.hpp"

#include "sync/clock.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace floorsync {

using nlohmann::json;

namespace {

// ---- JSON helpers ----

json parse_json(std::string_view body, const char* what) {
    try {
        return json::parse(body.begin(), body.end());
    } catch (const json::parse_error& error) {
        throw ProtocolError(std::string(what) + " is not valid JSON: " + error.what());
    }
}

std::string dump(const json& value) {
    try {
        return value.dump();
    } catch (const json::type_error& error) {
        throw ProtocolError(std::string("cannot encode JSON: ") + error.what());
    }
}

const json& require_member(const json& object, const char* key, json::value_t type, const char* type_name,
                           const std::string& context) {
    const auto found = object.find(key);
    if (found == object.end()) throw ProtocolError(context + ": missing field '" + key + "'");
    const bool integer_wanted = type == json::value_t::number_integer;
    const bool matches = integer_wanted ? found->is_number_integer() : found->type() == type;
    if (!matches) throw ProtocolError(context + ": field '" + key + "' must be " + type_name);
    return *found;
}

// ---- UTF-8 ----

// U+10FFFF (a noncharacter) stands in for invalid bytes, so one bad string rejects one event, not the batch.
constexpr std::string_view kInvalidMarker = "\xF4\x8F\xBF\xBF";

// Length of the valid UTF-8 sequence at text[pos], or 0 if the bytes there are not valid UTF-8.
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    if (lead < 0x80) return 1;
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (pos + length > text.size()) return 0;
    if (byte(pos + 1) < low || byte(pos + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(pos + i) < 0x80 || byte(pos + i) > 0xBF) return 0;
    }
    return length;
}

// Copies `text` with every invalid byte replaced by kInvalidMarker; false (and nothing copied) if all is valid.
bool replace_invalid_utf8(std::string_view text, std::string& repaired) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Fast path for ASCII, which is nearly all of a batch.
        if (static_cast<unsigned char>(text[pos]) < 0x80) {
            ++pos;
            continue;
        }
        const std::size_t length = utf8_sequence_length(text, pos);
        if (length == 0) break;
        pos += length;
    }
    if (pos == text.size()) return false;

    repaired.reserve(text.size() + 16);
    repaired.assign(text.substr(0, pos));
    while (pos < text.size()) {
        const std::size_t length = utf8_sequence_length(text, pos);
        if (length == 0) {
            repaired += kInvalidMarker;
            ++pos;
        } else {
            repaired.append(text.substr(pos, length));
            pos += length;
        }
    }
    return true;
}

std::size_t count_code_points(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Control characters are never meaningful in these fields; a question may keep line breaks and tabs.
bool has_control_characters(std::string_view text, bool allow_line_breaks) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && !(allow_line_breaks && (c == '\n' || c == '\t'))) return true;
        if (c == 0x7F) return true;
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return true;  // C1
    }
    return false;
}

bool matches_charset(std::string_view text, std::string_view extra) {
    return std::all_of(text.begin(), text.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               extra.find(c) != std::string_view::npos;
    });
}

bool is_lower_uuid(std::string_view text) {
    return is_uuid(text) && std::none_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// ---- Per-event checks (collector side) ----

// Thrown inside one event's check; becomes that event's rejection reason.
struct EventInvalid {
    std::string reason;
};

[[noreturn]] void invalid(const std::string& field, const std::string& why) {
    throw EventInvalid{"invalid field '" + field + "': " + why};
}

void find_marked_strings(const json& value, const std::string& path) {
    if (value.is_string()) {
        if (value.get_ref<const std::string&>().find(kInvalidMarker) != std::string::npos)
            invalid(path, "not valid UTF-8");
    } else if (value.is_object()) {
        for (const auto& [key, member] : value.items()) {
            if (key.find(kInvalidMarker) != std::string::npos) invalid(path, "a key is not valid UTF-8");
            find_marked_strings(member, path + "." + key);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) find_marked_strings(value[i], path + "[" + std::to_string(i) + "]");
    }
}

void reject_unknown_fields(const json& object, std::initializer_list<std::string_view> known, const std::string& where) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end())
            throw EventInvalid{"unknown field '" + where + key + "'"};
    }
}

const json& member(const json& object, const char* key, const std::string& field_name) {
    const auto found = object.find(key);
    if (found == object.end()) throw EventInvalid{"missing field '" + field_name + "'"};
    return *found;
}

const std::string& string_member(const json& object, const char* key, const std::string& field_name) {
    const json& value = member(object, key, field_name);
    if (!value.is_string()) invalid(field_name, std::string("expected a string, got ") + value.type_name());
    return value.get_ref<const std::string&>();
}

void check_rating_payload(const json& payload) {
    reject_unknown_fields(payload, {"score", "suspect"}, "payload.");
    const json& score = member(payload, "score", "payload.score");
    if (!score.is_number_integer()) invalid("payload.score", "expected an integer 1..5");
    const auto value = score.get<std::int64_t>();
    if (value < 1 || value > 5) invalid("payload.score", "must be 1..5, got " + std::to_string(value));
    if (!member(payload, "suspect", "payload.suspect").is_boolean()) invalid("payload.suspect", "expected true or false");
}

void check_rating_reasons_payload(const json& payload) {
    reject_unknown_fields(payload, {"rating_id", "reasons"}, "payload.");
    if (!is_lower_uuid(string_member(payload, "rating_id", "payload.rating_id")))
        invalid("payload.rating_id", "expected a lower-case UUID");
    const json& reasons = member(payload, "reasons", "payload.reasons");
    if (!reasons.is_array()) invalid("payload.reasons", "expected an array of reason keys");
    if (reasons.size() > limits::reasons_max)
        invalid("payload.reasons", "at most " + std::to_string(limits::reasons_max) + " reasons");
    std::set<std::string_view> seen;
    for (const json& reason : reasons) {
        if (!reason.is_string()) invalid("payload.reasons", "every reason must be a string key");
        const auto& key = reason.get_ref<const std::string&>();
        if (key.empty() || key.size() > limits::reason_key_max || !matches_charset(key, "_") ||
            std::any_of(key.begin(), key.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
            invalid("payload.reasons", "'" + key + "' is not a reason key (a-z, 0-9, _; 1..64 characters)");
        if (!seen.insert(key).second) invalid("payload.reasons", "'" + key + "' appears twice");
    }
}

void check_question_payload(const json& payload) {
    reject_unknown_fields(payload, {"text"}, "payload.");
    const std::string& text = string_member(payload, "text", "payload.text");
    const std::size_t chars = count_code_points(text);
    if (chars == 0 || text.find_first_not_of(" \t\n") == std::string::npos) invalid("payload.text", "is empty");
    if (chars > limits::question_text_max_chars)
        invalid("payload.text", "longer than " + std::to_string(limits::question_text_max_chars) + " characters");
    if (has_control_characters(text, true)) invalid("payload.text", "contains control characters");
}

void check_event(const json& item, bool body_had_invalid_utf8, CheckedEvent& out) {
    if (!item.is_object()) throw EventInvalid{std::string("an event must be a JSON object, got ") + item.type_name()};
    const auto id = item.find("id");
    if (id != item.end() && id->is_string()) out.event.id = id->get<std::string>();
    if (body_had_invalid_utf8) find_marked_strings(item, "event");

    reject_unknown_fields(item, {"id", "type", "created_at", "kiosk_id", "department", "language", "payload"}, "");
    Event& event = out.event;
    if (!is_lower_uuid(string_member(item, "id", "id"))) invalid("id", "expected a lower-case UUID");

    event.type = string_member(item, "type", "type");
    if (event.type != event_type::rating && event.type != event_type::rating_reasons &&
        event.type != event_type::question)
        invalid("type", "unknown event type '" + event.type.substr(0, 40) + "'");

    const std::string& created_at = string_member(item, "created_at", "created_at");
    const auto time = created_at.size() <= 40 ? parse_rfc3339(created_at) : std::nullopt;
    if (!time) invalid("created_at", "expected an RFC 3339 timestamp like 2026-11-29T23:04:38.123Z");
    event.created_at = format_rfc3339_utc(*time);

    event.kiosk_id = string_member(item, "kiosk_id", "kiosk_id");
    if (event.kiosk_id.empty() || event.kiosk_id.size() > limits::kiosk_id_max || !matches_charset(event.kiosk_id, "._-"))
        invalid("kiosk_id", "expected 1..64 characters of A-Z a-z 0-9 . _ -");

    event.department = string_member(item, "department", "department");
    if (event.department.size() > limits::department_max) invalid("department", "longer than 100 bytes");
    if (has_control_characters(event.department, false)) invalid("department", "contains control characters");

    event.language = string_member(item, "language", "language");
    if (event.language.size() < 2 || event.language.size() > limits::language_max ||
        !matches_charset(event.language, "-"))
        invalid("language", "expected a language tag like 'nl' or 'en-GB'");

    const json& payload = member(item, "payload", "payload");
    if (!payload.is_object()) invalid("payload", std::string("expected a JSON object, got ") + payload.type_name());
    if (event.type == event_type::rating) {
        check_rating_payload(payload);
    } else if (event.type == event_type::rating_reasons) {
        check_rating_reasons_payload(payload);
    } else {
        check_question_payload(payload);
    }
    event.payload = payload.dump();  // canonical: object keys are sorted
}

KioskReport decode_kiosk_report(const json& root) {
    KioskReport report;
    const auto kiosk = root.find("kiosk");
    if (kiosk == root.end()) return report;
    if (!kiosk->is_object()) throw ProtocolError("field 'kiosk' must be an object");
    if (const auto version = kiosk->find("app_version"); version != kiosk->end()) {
        if (!version->is_string()) throw ProtocolError("field 'kiosk.app_version' must be a string");
        report.app_version = version->get<std::string>();
        if (report.app_version.size() > limits::app_version_max ||
            has_control_characters(report.app_version, false) ||
            report.app_version.find(kInvalidMarker) != std::string::npos)
            throw ProtocolError("field 'kiosk.app_version' must be at most 64 printable characters");
    }
    if (const auto backlog = kiosk->find("backlog"); backlog != kiosk->end()) {
        if (!backlog->is_number_integer() || backlog->get<std::int64_t>() < 0)
            throw ProtocolError("field 'kiosk.backlog' must be a non-negative integer");
        report.backlog = backlog->get<std::int64_t>();
    }
    return report;
}

json event_to_json(const Event& event) {
    json payload;
    try {
        payload = json::parse(event.payload);
    } catch (const json::parse_error& error) {
        throw ProtocolError("event " + event.id + ": payload is not valid JSON: " + error.what());
    }
    if (!payload.is_object()) throw ProtocolError("event " + event.id + ": payload is not a JSON object");
    return json{{"id", event.id},
                {"type", event.type},
                {"created_at", event.created_at},
                {"kiosk_id", event.kiosk_id},
                {"department", event.department},
                {"language", event.language},
                {"payload", std::move(payload)}};
}

Event event_from_json(const json& item, std::size_t index) {
    const std::string context = "events[" + std::to_string(index) + "]";
    if (!item.is_object()) throw ProtocolError(context + ": must be an object");
    const auto text = [&](const char* key) {
        return require_member(item, key, json::value_t::string, "a string", context).get<std::string>();
    };
    Event event{text("id"), text("type"), text("created_at"), text("kiosk_id"), text("department"), text("language"), {}};
    event.payload = require_member(item, "payload", json::value_t::object, "an object", context).dump();
    return event;
}

}  // namespace

const char* to_string(ResultStatus status) {
    switch (status) {
        case ResultStatus::stored: return "stored";
        case ResultStatus::duplicate: return "duplicate";
        case ResultStatus::rejected: return "rejected";
    }
    return "rejected";
}

std::string encode_upload(const UploadRequest& request) {
    // Each event is encoded on its own so a field that is not valid UTF-8 can be blamed on its event.
    std::string body = dump(json{{"app_version", request.kiosk.app_version}, {"backlog", request.kiosk.backlog}});
    body.insert(0, "{\"kiosk\":");
    body += ",\"events\":[";
    for (std::size_t i = 0; i < request.events.size(); ++i) {
        const Event& event = request.events[i];
        if (i > 0) body += ',';
        try {
            body += event_to_json(event).dump();
        } catch (const json::type_error&) {
            throw ProtocolError("event " + event.id + ": a field is not valid UTF-8");
        }
    }
    body += "]}";
    return body;
}

UploadRequest decode_upload(std::string_view body) {
    const json root = parse_json(body, "upload body");
    if (!root.is_object()) throw ProtocolError("upload body must be a JSON object");
    const json& events = require_member(root, "events", json::value_t::array, "an array", "upload body");
    UploadRequest request;
    request.kiosk = decode_kiosk_report(root);
    request.events.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) request.events.push_back(event_from_json(events[i], i));
    return request;
}

CheckedUpload decode_upload_checked(std::string_view body, std::size_t max_events) {
    std::string repaired;
    const bool had_invalid_utf8 = replace_invalid_utf8(body, repaired);
    const json root = parse_json(had_invalid_utf8 ? std::string_view(repaired) : body, "upload body");
    if (!root.is_object()) throw ProtocolError("upload body must be a JSON object");
    const json& events = require_member(root, "events", json::value_t::array, "an array", "upload body");
    if (events.size() > max_events)
        throw PayloadTooLarge("too many events: " + std::to_string(events.size()) + " (at most " +
                              std::to_string(max_events) + " per request)");

    CheckedUpload upload;
    upload.kiosk = decode_kiosk_report(root);
    upload.events.resize(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        CheckedEvent& checked = upload.events[i];
        try {
            check_event(events[i], had_invalid_utf8, checked);
        } catch (const EventInvalid& failure) {
            checked.error = failure.reason;
            if (checked.event.id.find(kInvalidMarker) != std::string::npos || checked.event.id.size() > 64)
                checked.event.id.clear();
        }
    }
    return upload;
}

std::string encode_upload_response(const UploadResponse& response) {
    json results = json::array();
    for (const EventResult& result : response.results) {
        json item{{"id", result.id}, {"status", to_string(result.status)}};
        if (!result.error.empty()) item["error"] = result.error;
        results.push_back(std::move(item));
    }
    return json{{"results", std::move(results)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

UploadResponse decode_upload_response(std::string_view body, const std::vector<std::string>& sent_ids) {
    const json root = parse_json(body, "collector reply");
    if (!root.is_object()) throw ProtocolError("collector reply must be a JSON object");
    const json& results = require_member(root, "results", json::value_t::array, "an array", "collector reply");
    if (results.size() != sent_ids.size())
        throw ProtocolError("collector reply has " + std::to_string(results.size()) + " results for " +
                            std::to_string(sent_ids.size()) + " events");
    UploadResponse response;
    response.results.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        const std::string context = "collector reply results[" + std::to_string(i) + "]";
        const json& item = results[i];
        if (!item.is_object()) throw ProtocolError(context + ": must be an object");
        EventResult result;
        result.id = require_member(item, "id", json::value_t::string, "a string", context).get<std::string>();
        if (result.id != sent_ids[i])
            throw ProtocolError(context + ": id '" + result.id + "' does not match the sent id '" + sent_ids[i] + "'");
        const auto status = require_member(item, "status", json::value_t::string, "a string", context).get<std::string>();
        if (status == "stored") {
            result.status = ResultStatus::stored;
        } else if (status == "duplicate") {
            result.status = ResultStatus::duplicate;
        } else if (status == "rejected") {
            result.status = ResultStatus::rejected;
        } else {
            throw ProtocolError(context + ": unknown status '" + status + "'");
        }
        if (const auto error = item.find("error"); error != item.end()) {
            if (!error->is_string()) throw ProtocolError(context + ": field 'error' must be a string");
            result.error = error->get<std::string>();
        }
        if (result.status == ResultStatus::rejected && result.error.empty()) result.error = "rejected (no reason given)";
        response.results.push_back(std::move(result));
    }
    return response;
}

std::string encode_feed(const FeedResponse& feed) {
    json items = json::array();
    for (const FeedItem& item : feed.items) {
        json object = parse_json(item.json, "feed item");
        if (!object.is_object()) throw ProtocolError("feed item " + item.id + " is not a JSON object");
        object["kind"] = item.kind;
        object["id"] = item.id;
        items.push_back(std::move(object));
    }
    return dump(json{{"items", std::move(items)}, {"next_cursor", feed.next_cursor}});
}

FeedResponse decode_feed(std::string_view body) {
    const json root = parse_json(body, "feed");
    if (!root.is_object()) throw ProtocolError("feed must be a JSON object");
    const json& items = require_member(root, "items", json::value_t::array, "an array", "feed");
    FeedResponse feed;
    feed.next_cursor = require_member(root, "next_cursor", json::value_t::string, "a string", "feed").get<std::string>();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string context = "feed items[" + std::to_string(i) + "]";
        if (!items[i].is_object()) throw ProtocolError(context + ": must be an object");
        FeedItem item;
        item.kind = require_member(items[i], "kind", json::value_t::string, "a string", context).get<std::string>();
        item.id = require_member(items[i], "id", json::value_t::string, "a string", context).get<std::string>();
        item.json = items[i].dump();
        feed.items.push_back(std::move(item));
    }
    return feed;
}

std::string encode_error(std::string_view message) {
    return json{{"error", std::string(message)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace floorsync

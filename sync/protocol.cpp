// Protocol v1 codec: JSON text <-> upload requests, per-event results and the feed (see sync/PROTOCOL.md).
// The collector's checking decoder of uploads is in upload_check.cpp.
#include "sync/protocol.hpp"

#include "sync/clock.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

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

KioskReport decode_kiosk_report(const json& root) {
    KioskReport report;
    const auto kiosk = root.find("kiosk");
    if (kiosk == root.end()) return report;
    if (!kiosk->is_object()) throw ProtocolError("field 'kiosk' must be an object");
    if (const auto version = kiosk->find("app_version"); version != kiosk->end()) {
        if (!version->is_string()) throw ProtocolError("field 'kiosk.app_version' must be a string");
        report.app_version = version->get<std::string>();
        if (report.app_version.size() > limits::app_version_max ||
            std::any_of(report.app_version.begin(), report.app_version.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
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

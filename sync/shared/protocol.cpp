// Protocol v1 codec: JSON text <-> upload requests, per-event results and the feed (see sync/PROTOCOL.md).
// The collector's checking decoder of uploads is in upload_check.cpp.
#include "sync/shared/protocol.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/json_scanner.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <utility>

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
    if (const auto quarantined = kiosk->find("quarantined"); quarantined != kiosk->end()) {
        if (!quarantined->is_number_integer() || quarantined->get<std::int64_t>() < 0)
            throw ProtocolError("field 'kiosk.quarantined' must be a non-negative integer");
        report.quarantined = quarantined->get<std::int64_t>();
    }
    return report;
}

enum class BadUtf8 { refuse, replace };

// Appends `text` as a JSON string (escaped as nlohmann::json dumps it). Invalid UTF-8 returns false, or with
// BadUtf8::replace becomes U+FFFD (for messages that must go out anyway).
bool append_json_string(std::string& out, std::string_view text, BadUtf8 bad_utf8 = BadUtf8::refuse) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto c = static_cast<unsigned char>(text[pos]);
        if (c >= 0x80) {
            const std::size_t length = json_scan::utf8_sequence_length(text.data(), text.size(), pos);
            if (length == 0) {
                if (bad_utf8 == BadUtf8::refuse) return false;
                out += "\xEF\xBF\xBD";
                ++pos;
                continue;
            }
            out.append(text.data() + pos, length);
            pos += length;
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xF];
                } else {
                    out += static_cast<char>(c);
                }
        }
        ++pos;
    }
    out += '"';
    return true;
}

// The payload is JSON text the kiosk made itself: checking it is one object of valid JSON and UTF-8 is enough to
// embed it verbatim. The collector canonicalises payloads before hashing, so a resend matches whatever the form.
void append_payload(std::string& out, const Event& event) {
    json_scan::Scanner scanner(event.payload);
    bool bad_text = false;
    try {
        if (scanner.at_end() || scanner.kind_ahead() != json_scan::Kind::object)
            throw ProtocolError("event " + event.id + ": payload is not a JSON object");
        scanner.skip(bad_text, 1);
        if (!scanner.at_end()) scanner.fail("unexpected data after the object");
    } catch (const json_scan::SyntaxError& error) {
        const std::string detail = error.message.substr(error.message.find(": ") + 2);  // not "upload body ..."
        throw ProtocolError("event " + event.id + ": payload is not valid JSON: " + detail);
    }
    if (bad_text) throw ProtocolError("event " + event.id + ": the payload is not valid UTF-8");
    out += event.payload;
}

void append_event(std::string& out, const Event& event) {
    const std::pair<const char*, const std::string*> fields[] = {
        {"id", &event.id},
        {"type", &event.type},
        {"created_at", &event.created_at},
        {"kiosk_id", &event.kiosk_id},
        {"department", &event.department},
        {"language", &event.language},
    };
    char separator = '{';
    for (const auto& [name, value] : fields) {
        out += separator;
        separator = ',';
        out += '"';
        out += name;
        out += "\":";
        if (!append_json_string(out, *value))
            throw ProtocolError("event " + event.id + ": field '" + name + "' is not valid UTF-8");
    }
    out += ",\"payload\":";
    append_payload(out, event);
    out += '}';
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

// Written directly rather than through a document tree: this runs for every event a kiosk uploads.
std::string encode_upload(const UploadRequest& request) {
    std::size_t size = 64 + request.kiosk.app_version.size();
    for (const Event& event : request.events) size += 160 + event.payload.size() + event.department.size();
    std::string body;
    body.reserve(size);
    body += "{\"kiosk\":{\"app_version\":";
    if (!append_json_string(body, request.kiosk.app_version))
        throw ProtocolError("the kiosk's app version is not valid UTF-8");
    body += ",\"backlog\":" + std::to_string(request.kiosk.backlog);
    if (request.kiosk.quarantined) body += ",\"quarantined\":" + std::to_string(*request.kiosk.quarantined);
    body += "},\"events\":[";
    for (std::size_t i = 0; i < request.events.size(); ++i) {
        if (i > 0) body += ',';
        append_event(body, request.events[i]);
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

// Written directly: one result per uploaded event, on the collector's hottest path and the kiosk's.
std::string encode_upload_response(const UploadResponse& response) {
    std::string body;
    body.reserve(16 + response.results.size() * 64);
    body += "{\"results\":[";
    for (std::size_t i = 0; i < response.results.size(); ++i) {
        const EventResult& result = response.results[i];
        if (i > 0) body += ',';
        body += "{\"id\":";
        append_json_string(body, result.id, BadUtf8::replace);
        body += ",\"status\":\"";
        body += to_string(result.status);
        body += '"';
        if (!result.error.empty()) {
            body += ",\"error\":";
            append_json_string(body, result.error, BadUtf8::replace);
        }
        body += '}';
    }
    body += "]}";
    return body;
}

namespace {

ResultStatus parse_status(const std::string& status, const std::string& context) {
    if (status == "stored") return ResultStatus::stored;
    if (status == "duplicate") return ResultStatus::duplicate;
    if (status == "rejected") return ResultStatus::rejected;
    throw ProtocolError(context + ": unknown status '" + status + "'");
}

EventResult scan_result(json_scan::Scanner& scanner, const std::string& context) {
    using json_scan::Kind;
    if (scanner.kind_ahead() != Kind::object) throw ProtocolError(context + ": must be an object");
    scanner.expect('{');
    EventResult result;
    bool has_id = false, has_status = false, bad_text = false;
    std::string key, status;
    if (!scanner.consume('}')) {
        do {
            scanner.string(key, bad_text);
            scanner.expect(':');
            std::string* target = key == "id" ? &result.id : key == "status" ? &status : key == "error" ? &result.error
                                                                                                          : nullptr;
            if (target == nullptr) {
                scanner.skip(bad_text, 3);
                continue;
            }
            if (scanner.kind_ahead() != Kind::string)
                throw ProtocolError(context + ": field '" + key + "' must be a string");
            scanner.string(*target, bad_text);
            has_id |= target == &result.id;
            has_status |= target == &status;
        } while (scanner.consume(','));
        scanner.expect('}');
    }
    if (bad_text) throw ProtocolError(context + ": not valid UTF-8");
    if (!has_id) throw ProtocolError(context + ": missing field 'id'");
    if (!has_status) throw ProtocolError(context + ": missing field 'status'");
    result.status = parse_status(status, context);
    if (result.status == ResultStatus::rejected && result.error.empty()) result.error = "rejected (no reason given)";
    return result;
}

}  // namespace

// Read with the single-pass scanner rather than a document tree: a reply holds one result per event sent.
UploadResponse decode_upload_response(std::string_view body, const std::vector<std::string>& sent_ids) {
    using json_scan::Kind;
    UploadResponse response;
    response.results.reserve(sent_ids.size());
    try {
        json_scan::Scanner scanner(body);
        if (scanner.at_end() || scanner.kind_ahead() != Kind::object)
            throw ProtocolError("collector reply must be a JSON object");
        scanner.expect('{');
        bool has_results = false, bad_text = false;
        std::string key;
        if (!scanner.consume('}')) {
            do {
                scanner.string(key, bad_text);
                scanner.expect(':');
                if (key != "results") {
                    scanner.skip(bad_text, 1);
                    continue;
                }
                if (scanner.kind_ahead() != Kind::array)
                    throw ProtocolError("collector reply: field 'results' must be an array");
                has_results = true;
                response.results.clear();
                scanner.expect('[');
                if (scanner.consume(']')) continue;
                do {
                    const std::string context = "collector reply results[" + std::to_string(response.results.size()) + "]";
                    response.results.push_back(scan_result(scanner, context));
                } while (scanner.consume(','));
                scanner.expect(']');
            } while (scanner.consume(','));
            scanner.expect('}');
        }
        if (!scanner.at_end()) scanner.fail("unexpected data after the reply");
        if (!has_results) throw ProtocolError("collector reply: missing field 'results'");
    } catch (const json_scan::SyntaxError& error) {
        throw ProtocolError("collector reply is not valid JSON: " + error.message.substr(error.message.find(": ") + 2));
    }
    if (response.results.size() != sent_ids.size())
        throw ProtocolError("collector reply has " + std::to_string(response.results.size()) + " results for " +
                            std::to_string(sent_ids.size()) + " events");
    for (std::size_t i = 0; i < sent_ids.size(); ++i) {
        if (response.results[i].id != sent_ids[i])
            throw ProtocolError("collector reply results[" + std::to_string(i) + "]: id '" + response.results[i].id +
                                "' does not match the sent id '" + sent_ids[i] + "'");
    }
    return response;
}

namespace {

// A feed cursor: the decimal revision the next poll continues after.
bool is_cursor(std::string_view cursor) {
    return !cursor.empty() && cursor.size() <= 20 &&
           std::all_of(cursor.begin(), cursor.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

namespace {

constexpr std::array<std::pair<FeedSection, const char*>, 3> kFeedSections = {
    {{FeedSection::item, "items"}, {FeedSection::question, "questions"}, {FeedSection::ambassador, "ambassadors"}}};

}  // namespace

std::string encode_feed(const FeedResponse& feed) {
    if (!is_cursor(feed.next_cursor)) throw ProtocolError("feed cursor '" + feed.next_cursor + "' is not a number");
    json lists = json::object();
    for (const auto& [section, name] : kFeedSections) lists[name] = json::array();
    for (const FeedEntry& entry : feed.entries) {
        json& list = lists[kFeedSections[static_cast<std::size_t>(entry.section)].second];
        if (entry.withdrawn) {
            list.push_back(json{{"id", entry.id}, {"revision", entry.revision}, {"withdrawn", true}});
            continue;
        }
        json object = parse_json(entry.json, "feed item");
        if (!object.is_object()) throw ProtocolError("feed item " + entry.id + " is not a JSON object");
        // The item's own id and revision are what a kiosk reads: they must be the entry's.
        const auto id = object.find("id");
        const auto revision = object.find("revision");
        if (id == object.end() || *id != entry.id || revision == object.end() || *revision != entry.revision)
            throw ProtocolError("feed item " + entry.id + " does not carry its id and revision " +
                                std::to_string(entry.revision));
        list.push_back(std::move(object));
    }
    json root = std::move(lists);
    root["more"] = feed.more;
    root["next_cursor"] = feed.next_cursor;
    return dump(root);
}

FeedResponse decode_feed(std::string_view body) {
    const json root = parse_json(body, "feed");
    if (!root.is_object()) throw ProtocolError("feed must be a JSON object");
    require_member(root, "items", json::value_t::array, "an array", "feed");
    FeedResponse feed;
    feed.next_cursor = require_member(root, "next_cursor", json::value_t::string, "a string", "feed").get<std::string>();
    if (!is_cursor(feed.next_cursor)) throw ProtocolError("feed: field 'next_cursor' must be 1..20 decimal digits");
    if (const auto more = root.find("more"); more != root.end()) {
        if (!more->is_boolean()) throw ProtocolError("feed: field 'more' must be true or false");
        feed.more = more->get<bool>();
    }
    for (const auto& [section, name] : kFeedSections) {
        const auto list = root.find(name);
        if (list == root.end()) continue;  // "questions" and "ambassadors" are absent in older collectors' feeds
        if (!list->is_array()) throw ProtocolError(std::string("feed: field '") + name + "' must be an array");
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string context = std::string("feed ") + name + "[" + std::to_string(i) + "]";
            const json& item = (*list)[i];
            if (!item.is_object()) throw ProtocolError(context + ": must be an object");
            FeedEntry entry;
            entry.section = section;
            entry.id = require_member(item, "id", json::value_t::string, "a string", context).get<std::string>();
            entry.revision =
                require_member(item, "revision", json::value_t::number_integer, "an integer", context).get<std::int64_t>();
            if (const auto withdrawn = item.find("withdrawn"); withdrawn != item.end()) {
                if (!withdrawn->is_boolean()) throw ProtocolError(context + ": field 'withdrawn' must be true or false");
                entry.withdrawn = withdrawn->get<bool>();
            }
            if (!entry.withdrawn) entry.json = item.dump();
            feed.entries.push_back(std::move(entry));
        }
    }
    std::stable_sort(feed.entries.begin(), feed.entries.end(),
                     [](const FeedEntry& a, const FeedEntry& b) { return a.revision < b.revision; });
    return feed;
}

std::string encode_error(std::string_view message) {
    return json{{"error", std::string(message)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace floorsync

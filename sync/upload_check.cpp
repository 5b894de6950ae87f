// Collector-side upload decoding: a single-pass JSON scanner that checks each event on its own against protocol v1.
// It builds no document tree for the batch (the collector's hottest path); only each small payload is parsed with
// nlohmann::json, for its schema and canonical form.
#include "sync/protocol.hpp"

#include "sync/clock.hpp"
#include "sync/json_scanner.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <set>

namespace floorsync {

namespace {

using nlohmann::json;
using namespace json_scan;

// ---- Text rules ----

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

// ---- Payload schemas ----

// Thrown inside one event's check; becomes that event's rejection reason.
struct EventInvalid {
    std::string reason;
};

[[noreturn]] void invalid(const std::string& field, const std::string& why) {
    throw EventInvalid{"invalid field '" + field + "': " + why};
}

void reject_unknown_fields(const json& object, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end())
            throw EventInvalid{"unknown field 'payload." + key + "'"};
    }
}

const json& member(const json& object, const char* key, const std::string& field_name) {
    const auto found = object.find(key);
    if (found == object.end()) throw EventInvalid{"missing field '" + field_name + "'"};
    return *found;
}

void check_rating_payload(const json& payload) {
    reject_unknown_fields(payload, {"score", "suspect"});
    const json& score = member(payload, "score", "payload.score");
    if (!score.is_number_integer()) invalid("payload.score", "expected an integer 1..5");
    const auto value = score.get<std::int64_t>();
    if (value < 1 || value > 5) invalid("payload.score", "must be 1..5, got " + std::to_string(value));
    if (!member(payload, "suspect", "payload.suspect").is_boolean()) invalid("payload.suspect", "expected true or false");
}

void check_rating_reasons_payload(const json& payload) {
    reject_unknown_fields(payload, {"rating_id", "reasons"});
    const json& rating_id = member(payload, "rating_id", "payload.rating_id");
    if (!rating_id.is_string() || !is_lower_uuid(rating_id.get_ref<const std::string&>()))
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
    reject_unknown_fields(payload, {"text"});
    const json& text_value = member(payload, "text", "payload.text");
    if (!text_value.is_string()) invalid("payload.text", std::string("expected a string, got ") + text_value.type_name());
    const std::string& text = text_value.get_ref<const std::string&>();
    const std::size_t chars = count_code_points(text);
    if (chars == 0 || text.find_first_not_of(" \t\n") == std::string::npos) invalid("payload.text", "is empty");
    if (chars > limits::question_text_max_chars)
        invalid("payload.text", "longer than " + std::to_string(limits::question_text_max_chars) + " characters");
    if (has_control_characters(text, true)) invalid("payload.text", "contains control characters");
}

// ---- Events ----

constexpr std::string_view kStringFields[] = {"id", "type", "created_at", "kiosk_id", "department", "language"};

// One event object as scanned: the string fields, the payload's raw text and the first structural problem.
struct ScannedEvent {
    std::string fields[6];
    bool present[6] = {};
    std::string_view payload_text;
    bool has_payload = false;
    std::string problem;
};

std::string& field(ScannedEvent& scanned, int index) { return scanned.fields[index]; }

void scan_event(Scanner& scanner, ScannedEvent& out) {
    const Kind kind = scanner.kind_ahead();
    bool bad_text = false;
    if (kind != Kind::object) {
        scanner.skip(bad_text, 2);
        out.problem = std::string("an event must be a JSON object, got ") + kind_name(kind);
        return;
    }
    scanner.expect('{');
    if (scanner.consume('}')) return;
    std::string key;
    do {
        bad_text = false;
        scanner.string(key, bad_text);
        scanner.expect(':');
        const auto known = std::find(std::begin(kStringFields), std::end(kStringFields), key);
        const Kind value_kind = scanner.kind_ahead();
        bool value_bad_text = false;
        if (known != std::end(kStringFields)) {
            const auto index = known - std::begin(kStringFields);
            if (out.present[index] && out.problem.empty()) out.problem = "duplicate field '" + key + "'";
            out.present[index] = true;
            if (value_kind == Kind::string) {
                scanner.string(out.fields[index], value_bad_text);
            } else {
                scanner.skip(value_bad_text, 3);
                if (out.problem.empty())
                    out.problem = "invalid field '" + key + "': expected a string, got " + kind_name(value_kind);
            }
        } else if (key == "payload") {
            if (out.has_payload && out.problem.empty()) out.problem = "duplicate field 'payload'";
            out.has_payload = true;
            scanner.skip_space();
            const char* start = scanner.position();
            scanner.skip(value_bad_text, 3);
            out.payload_text = std::string_view(start, scanner.position() - start);
            if (value_kind != Kind::object && out.problem.empty())
                out.problem = std::string("invalid field 'payload': expected a JSON object, got ") + kind_name(value_kind);
        } else {
            scanner.skip(value_bad_text, 3);
            if (out.problem.empty()) out.problem = "unknown field '" + (bad_text ? std::string("?") : key) + "'";
        }
        if (value_bad_text && out.problem.empty()) out.problem = "invalid field '" + key + "': not valid UTF-8";
        if (bad_text && out.problem.empty()) out.problem = "a field name is not valid UTF-8";
    } while (scanner.consume(','));
    scanner.expect('}');
}

void check_event(ScannedEvent& scanned, CheckedEvent& out) {
    Event& event = out.event;
    if (scanned.present[0] && scanned.fields[0].size() <= 64 && !has_control_characters(scanned.fields[0], false))
        event.id = scanned.fields[0];
    if (!scanned.problem.empty()) throw EventInvalid{scanned.problem};
    for (int i = 0; i < 6; ++i) {
        if (!scanned.present[i]) throw EventInvalid{"missing field '" + std::string(kStringFields[i]) + "'"};
    }
    if (!scanned.has_payload) throw EventInvalid{"missing field 'payload'"};
    if (!is_lower_uuid(event.id)) invalid("id", "expected a lower-case UUID");

    event.type = std::move(field(scanned, 1));
    if (event.type != event_type::rating && event.type != event_type::rating_reasons &&
        event.type != event_type::question)
        invalid("type", "unknown event type '" + event.type.substr(0, 40) + "'");

    const std::string& created_at = field(scanned, 2);
    const auto time = created_at.size() <= 40 ? parse_rfc3339(created_at) : std::nullopt;
    if (!time) invalid("created_at", "expected an RFC 3339 timestamp like 2026-11-29T23:04:38.123Z");
    const bool canonical = created_at.size() == 24 && created_at[10] == 'T' && created_at[19] == '.' && created_at[23] == 'Z';
    event.created_at = canonical ? std::move(field(scanned, 2)) : format_rfc3339_utc(*time);

    event.kiosk_id = std::move(field(scanned, 3));
    if (event.kiosk_id.empty() || event.kiosk_id.size() > limits::kiosk_id_max || !matches_charset(event.kiosk_id, "._-"))
        invalid("kiosk_id", "expected 1..64 characters of A-Z a-z 0-9 . _ -");

    event.department = std::move(field(scanned, 4));
    if (event.department.size() > limits::department_max) invalid("department", "longer than 100 bytes");
    if (has_control_characters(event.department, false)) invalid("department", "contains control characters");

    event.language = std::move(field(scanned, 5));
    if (event.language.size() < 2 || event.language.size() > limits::language_max ||
        !matches_charset(event.language, "-"))
        invalid("language", "expected a language tag like 'nl' or 'en-GB'");

    const json payload = json::parse(scanned.payload_text);  // already checked: valid JSON and UTF-8
    if (event.type == event_type::rating) {
        check_rating_payload(payload);
    } else if (event.type == event_type::rating_reasons) {
        check_rating_reasons_payload(payload);
    } else {
        check_question_payload(payload);
    }
    event.payload = payload.dump();  // canonical: object keys are sorted
}

KioskReport scan_kiosk_report(Scanner& scanner) {
    if (scanner.kind_ahead() != Kind::object) throw ProtocolError("field 'kiosk' must be an object");
    KioskReport report;
    scanner.expect('{');
    if (scanner.consume('}')) return report;
    std::string key;
    bool bad_text = false;
    do {
        scanner.string(key, bad_text);
        scanner.expect(':');
        if (key == "app_version") {
            if (scanner.kind_ahead() != Kind::string) throw ProtocolError("field 'kiosk.app_version' must be a string");
            scanner.string(report.app_version, bad_text);
            if (bad_text || report.app_version.size() > limits::app_version_max ||
                has_control_characters(report.app_version, false))
                throw ProtocolError("field 'kiosk.app_version' must be at most 64 printable characters");
        } else if (key == "backlog") {
            const bool is_number = scanner.kind_ahead() == Kind::number;
            const std::string_view text = is_number ? scanner.number() : std::string_view();
            std::int64_t value = -1;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (!is_number || error != std::errc() || end != text.data() + text.size() || value < 0)
                throw ProtocolError("field 'kiosk.backlog' must be a non-negative integer");
            report.backlog = value;
        } else {
            scanner.skip(bad_text, 2);  // room for later metadata
        }
    } while (scanner.consume(','));
    scanner.expect('}');
    return report;
}

void scan_events(Scanner& scanner, std::size_t max_events, std::vector<CheckedEvent>& events) {
    if (scanner.kind_ahead() != Kind::array) throw ProtocolError("upload body: field 'events' must be an array");
    scanner.expect('[');
    if (scanner.consume(']')) return;
    do {
        if (events.size() == max_events)
            throw PayloadTooLarge("too many events: more than " + std::to_string(max_events) + " per request");
        ScannedEvent scanned;
        scan_event(scanner, scanned);
        CheckedEvent& checked = events.emplace_back();
        try {
            check_event(scanned, checked);
        } catch (const EventInvalid& failure) {
            checked.error = failure.reason;
        }
    } while (scanner.consume(','));
    scanner.expect(']');
}

}  // namespace

CheckedUpload decode_upload_checked(std::string_view body, std::size_t max_events) {
    CheckedUpload upload;
    try {
        Scanner scanner(body);
        if (scanner.at_end()) throw ProtocolError("upload body is empty");
        if (scanner.kind_ahead() != Kind::object) throw ProtocolError("upload body must be a JSON object");
        scanner.expect('{');
        bool has_events = false;
        if (!scanner.consume('}')) {
            std::string key;
            bool bad_text = false;
            do {
                scanner.string(key, bad_text);
                scanner.expect(':');
                if (key == "events") {
                    if (has_events) throw ProtocolError("upload body: field 'events' appears twice");
                    has_events = true;
                    upload.events.reserve(std::min<std::size_t>(max_events, body.size() / 100 + 1));
                    scan_events(scanner, max_events, upload.events);
                } else if (key == "kiosk") {
                    upload.kiosk = scan_kiosk_report(scanner);
                } else {
                    scanner.skip(bad_text, 1);  // unknown top-level keys are ignored (PROTOCOL.md, versioning)
                }
            } while (scanner.consume(','));
            scanner.expect('}');
        }
        if (!scanner.at_end()) scanner.fail("unexpected data after the body");
        if (!has_events) throw ProtocolError("upload body: missing field 'events'");
    } catch (const SyntaxError& error) {
        throw ProtocolError(error.message);
    }
    return upload;
}

}  // namespace floorsync

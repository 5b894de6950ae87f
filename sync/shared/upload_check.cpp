// Collector-side upload decoding: a single-pass JSON scanner that checks each event on its own against protocol v1.
// It builds no document tree for the batch (the collector's hottest path); each small payload goes to its event
// type's definition (event_types.hpp) for its schema and canonical form.
#include "sync/shared/protocol.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"
#include "sync/shared/json_scanner.hpp"
#include "sync/shared/text_rules.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace floorsync {

namespace {

using namespace json_scan;

// Thrown inside one event's check; becomes that event's rejection reason.
struct EventInvalid {
    std::string reason;
};

[[noreturn]] void invalid(const std::string& field, const std::string& why) {
    throw EventInvalid{"invalid field '" + field + "': " + why};
}

bool is_lower_uuid(std::string_view text) {
    return is_uuid(text) && std::none_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Only used to decide whether a rejected event's id can be echoed back in its result.
bool is_printable_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
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
    if (scanned.present[0] && scanned.fields[0].size() <= 64 && is_printable_ascii(scanned.fields[0]))
        event.id = scanned.fields[0];
    if (!scanned.problem.empty()) throw EventInvalid{scanned.problem};
    for (int i = 0; i < 6; ++i) {
        if (!scanned.present[i]) throw EventInvalid{"missing field '" + std::string(kStringFields[i]) + "'"};
    }
    if (!scanned.has_payload) throw EventInvalid{"missing field 'payload'"};
    if (!is_lower_uuid(event.id)) invalid("id", "expected a lower-case UUID");

    event.type = std::move(field(scanned, 1));
    if (!events::is_known_type(event.type)) invalid("type", "unknown event type '" + event.type.substr(0, 40) + "'");

    const std::string& created_at = field(scanned, 2);
    const auto time = created_at.size() <= 40 ? parse_rfc3339(created_at) : std::nullopt;
    if (!time) invalid("created_at", "expected an RFC 3339 timestamp like 2026-11-29T23:04:38.123Z");
    const bool canonical = created_at.size() == 24 && created_at[10] == 'T' && created_at[19] == '.' && created_at[23] == 'Z';
    event.created_at = canonical ? std::move(field(scanned, 2)) : format_rfc3339_utc(*time);

    event.kiosk_id = std::move(field(scanned, 3));
    if (!text_rules::is_kiosk_id(event.kiosk_id)) invalid("kiosk_id", "expected 1..64 characters of A-Z a-z 0-9 . _ -");

    // Empty: the employee preferred not to say.
    event.department = std::move(field(scanned, 4));
    if (!event.department.empty()) {
        if (const auto why = text_rules::violation(event.department, text_rules::department)) invalid("department", *why);
    }

    event.language = std::move(field(scanned, 5));
    if (!text_rules::is_language_tag(event.language)) invalid("language", "expected a language tag like 'nl' or 'en-GB'");

    try {
        event.payload = events::canonical_payload(event.type, scanned.payload_text);
    } catch (const events::PayloadError& error) {
        throw EventInvalid{error.message()};
    }
}

// A non-negative integer field of the kiosk report; `field` names it in the error.
std::int64_t scan_count(Scanner& scanner, const char* field) {
    const bool is_number = scanner.kind_ahead() == Kind::number;
    const std::string_view text = is_number ? scanner.number() : std::string_view();
    std::int64_t value = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!is_number || error != std::errc() || end != text.data() + text.size() || value < 0)
        throw ProtocolError(std::string("field '") + field + "' must be a non-negative integer");
    return value;
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
                !is_printable_ascii(report.app_version))
                throw ProtocolError("field 'kiosk.app_version' must be at most 64 printable characters");
        } else if (key == "backlog") {
            report.backlog = scan_count(scanner, "kiosk.backlog");
        } else if (key == "quarantined") {
            report.quarantined = scan_count(scanner, "kiosk.quarantined");
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

// What the central team publishes to the kiosks (the why, news, milestones, training, "you said, we did"): one typed
// definition, its text rules and its JSON form, shared by the collector (CLI, storage, feed) and the kiosk (cache).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::content {

enum class Kind {
    announcement,     // news: title and body
    why,              // the why of the change: body = for the organisation, detail = for you
    milestone,        // a date on the timeline (at); one of them may be the go-live
    training,         // a training session: at .. until, place, seats
    you_said_we_did,  // body = what people said, detail = what was done about it
};
const char* to_string(Kind kind);            // "announcement", "why", "milestone", "training", "you_said_we_did"
std::optional<Kind> kind_named(std::string_view name);

// The texts of an item in one language.
struct Translation {
    std::string title;   // one line
    std::string body;    // may hold line breaks (paragraphs); may be empty
    std::string detail;  // why: "for you"; you_said_we_did: "we did"; empty for the other kinds

    bool operator==(const Translation&) const = default;
};

struct Item {
    std::string id;  // lower-case UUID, given by the collector
    Kind kind = Kind::announcement;
    std::vector<std::string> audience;  // department names, sorted, unique; empty: the whole organisation
    std::string default_language;       // shown when the kiosk's language has no translation; must be in translations
    std::map<std::string, Translation> translations;  // language tag -> texts; at least one
    std::string shown_from;   // RFC 3339 UTC; empty: at once
    std::string shown_until;  // RFC 3339 UTC; empty: until withdrawn
    std::string at;           // milestone: its date; training: when the session starts (both required)
    std::string until;        // training: when the session ends (required, after `at`)
    bool go_live = false;     // milestone only
    std::string place;        // training only (required)
    int seats = 0;            // training only; 0: no limit given
    std::int64_t revision = 0;  // the collector's change counter when the item was last written
    std::string updated_at;     // RFC 3339 UTC

    bool operator==(const Item&) const = default;
};

// Limits in Unicode code points (see text_rules); checked on the collector before storing and on the kiosk on receipt.
namespace item_limits {
inline constexpr std::size_t title_max_chars = 200;
inline constexpr std::size_t body_max_chars = 5000;
inline constexpr std::size_t detail_max_chars = 5000;
inline constexpr std::size_t place_max_chars = 200;
inline constexpr std::size_t translations_max = 16;
inline constexpr std::size_t audience_max = 200;
inline constexpr int seats_max = 100000;
}  // namespace item_limits

// A bad item. `field` names it the way the command line and the file do ("translations.nl.title", "at", "seats").
struct ContentError : std::runtime_error {
    ContentError(std::string field_name, std::string reason);
    std::string field;
    std::string why;
};

// Throws ContentError naming the first bad field: text rules (valid UTF-8, no control or bidi characters, limits),
// language tags, department names, RFC 3339 times, the fields each kind needs and those it must not have.
// The id, revision and updated_at are not checked here (the collector sets them).
void validate(const Item& item);

// JSON object with every field (empty optional ones, go_live false and seats 0 left out), keys sorted: the feed's
// and the kiosk cache's form. Validates first: throws ContentError for an item validate() refuses.
std::string encode(const Item& item);
// Parses and validates (also id as a UUID); throws ContentError. An unknown kind throws UnknownKind, which a kiosk
// skips (a newer collector may publish kinds this kiosk cannot show).
struct UnknownKind : ContentError {
    using ContentError::ContentError;
};
Item decode(std::string_view json);

// The texts to show in `language`: that translation, else the item's default language.
const Translation& translation_for(const Item& item, std::string_view language);

// Whether a kiosk serving `departments` should hold the item: the whole organisation, or one of its departments.
bool is_for(const Item& item, const std::vector<std::string>& departments);

}  // namespace floorsync::content

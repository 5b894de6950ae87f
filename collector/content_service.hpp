// The rules for publishing content to the kiosks over a ContentTable of any backend: ids, times, partial edits,
// withdrawal, the one go-live milestone, and listings with training interest.
#pragma once

#include "collector/storage/storage.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/content_item.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace floorsync::collector {

// The texts of one language to set; fields left empty (nullopt) stay as they are.
struct TranslationChanges {
    std::optional<std::string> title;
    std::optional<std::string> body;    // "" clears it
    std::optional<std::string> detail;  // "" clears it

    bool empty() const { return !title && !body && !detail; }
};

// What to set on an item; nullopt leaves a field as it is. Times are RFC 3339 (parse_time_argument makes them from
// what people type); "" clears shown_from / shown_until (shown at once / until withdrawn) and the others.
struct ContentChanges {
    std::optional<content::Kind> kind;  // needed by add; an edit may repeat the item's kind but not change it
    std::optional<std::vector<std::string>> audience;  // department names (sorted and made unique); empty: everyone
    std::optional<std::string> default_language;
    std::map<std::string, TranslationChanges> translations;  // language tag -> texts to set (adds the language)
    std::optional<std::string> shown_from;
    std::optional<std::string> shown_until;
    std::optional<std::string> at;
    std::optional<std::string> until;
    std::optional<std::string> place;
    std::optional<int> seats;
    std::optional<bool> go_live;
};

// Applies `changes` to `item` without checking them (ContentService validates the result). Departments are sorted
// and made unique. When the item has no default language yet and exactly one translation, that one becomes it.
void apply_changes(content::Item& item, const ContentChanges& changes);

enum class ContentState {
    published,  // shown now
    scheduled,  // shown from a later time
    expired,    // its shown_until has passed
    withdrawn,
};
const char* to_string(ContentState state);
ContentState state_of(const ContentRecord& record, SystemTime now);

// One row of a listing.
struct ContentListing {
    ContentRecord record;
    ContentState state = ContentState::published;
    std::int64_t interest = 0;  // training: "I'll be there" taps for this session
};

// Not thread-safe, like the table it works on. Every refusal is a content::ContentError naming the field
// ("translations.nl.title", "go_live", "id", ...); nothing is written then.
class ContentService {
public:
    using Clock = std::function<SystemTime()>;
    explicit ContentService(ContentTable& table, Clock clock = [] { return std::chrono::system_clock::now(); });

    // Stores a new item (its id must be empty): a new lower-case UUID v7, updated_at now, validated. Returns the
    // item as stored, with its revision.
    content::Item add(content::Item item);
    // add() of an item made from nothing but `changes` (which must name the kind).
    content::Item add(const ContentChanges& changes);
    // Applies only the given fields to a published item, validates the whole result and stores it as a new
    // revision. Unknown and withdrawn ids are refused.
    content::Item edit(const std::string& id, const ContentChanges& changes);
    // The item stops being published (kiosks get a tombstone); unknown and already withdrawn ids are refused.
    void withdraw(const std::string& id);

    // nullopt when there is no item with this id (withdrawn items are found).
    std::optional<ContentRecord> find(const std::string& id);
    // Every item in revision order with its state and (training) interest; withdrawn ones only when asked.
    std::vector<ContentListing> list(bool include_withdrawn = false);

private:
    void check_single_go_live(const content::Item& item);
    content::Item store_new(content::Item item);

    ContentTable& table_;
    Clock clock_;
};

}  // namespace floorsync::collector

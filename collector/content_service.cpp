// ContentService: new ids and times, partial edits validated as a whole, withdrawal, one go-live, listings.
#include "collector/content_service.hpp"

#include <algorithm>

namespace floorsync::collector {

using content::ContentError;
using content::Item;
using content::Kind;

void apply_changes(Item& item, const ContentChanges& changes) {
    if (changes.kind) item.kind = *changes.kind;
    if (changes.audience) {
        auto audience = *changes.audience;
        std::sort(audience.begin(), audience.end());
        audience.erase(std::unique(audience.begin(), audience.end()), audience.end());
        item.audience = std::move(audience);
    }
    for (const auto& [language, texts] : changes.translations) {
        auto& translation = item.translations[language];
        if (texts.title) translation.title = *texts.title;
        if (texts.body) translation.body = *texts.body;
        if (texts.detail) translation.detail = *texts.detail;
    }
    if (changes.default_language) item.default_language = *changes.default_language;
    if (item.default_language.empty() && item.translations.size() == 1)
        item.default_language = item.translations.begin()->first;
    if (changes.shown_from) item.shown_from = *changes.shown_from;
    if (changes.shown_until) item.shown_until = *changes.shown_until;
    if (changes.at) item.at = *changes.at;
    if (changes.until) item.until = *changes.until;
    if (changes.place) item.place = *changes.place;
    if (changes.seats) item.seats = *changes.seats;
    if (changes.go_live) item.go_live = *changes.go_live;
}

const char* to_string(ContentState state) {
    switch (state) {
        case ContentState::published: return "published";
        case ContentState::scheduled: return "scheduled";
        case ContentState::expired: return "expired";
        case ContentState::withdrawn: return "withdrawn";
    }
    return "unknown";
}

ContentState state_of(const ContentRecord& record, SystemTime now) {
    if (record.withdrawn) return ContentState::withdrawn;
    if (!record.item.shown_from.empty()) {
        const auto from = parse_rfc3339(record.item.shown_from);
        if (from && *from > now) return ContentState::scheduled;
    }
    if (!record.item.shown_until.empty()) {
        const auto until = parse_rfc3339(record.item.shown_until);
        if (until && *until <= now) return ContentState::expired;
    }
    return ContentState::published;
}

namespace {

std::string no_such_item(const std::string& id) {
    return "there is no content item '" + id + "' (see: kiosk-collector content list --all)";
}

std::string was_withdrawn(const ContentRecord& record) {
    return "item '" + record.item.id + "' was withdrawn at " + record.withdrawn_at +
           "; a withdrawn item stays withdrawn (add a new one instead)";
}

}  // namespace

ContentService::ContentService(ContentTable& table, Clock clock) : table_(table), clock_(std::move(clock)) {}

Item ContentService::add(Item item) {
    if (!item.id.empty()) throw ContentError("id", "is given by the collector; leave it out");
    ContentChanges normalise;
    normalise.audience = item.audience;
    apply_changes(item, normalise);
    return store_new(std::move(item));
}

Item ContentService::add(const ContentChanges& changes) {
    if (!changes.kind) throw ContentError("kind", "is required for a new item");
    Item item;
    apply_changes(item, changes);
    return store_new(std::move(item));
}

Item ContentService::store_new(Item item) {
    const SystemTime now = clock_();
    item.id = new_uuid_v7(now);
    item.updated_at = format_rfc3339_utc(now);
    item.revision = 0;
    content::validate(item);
    check_single_go_live(item);
    item.revision = table_.insert(item);
    return item;
}

Item ContentService::edit(const std::string& id, const ContentChanges& changes) {
    const auto record = table_.find(id);
    if (!record) throw ContentError("id", no_such_item(id));
    if (record->withdrawn) throw ContentError("id", was_withdrawn(*record));
    Item item = record->item;
    if (changes.kind && *changes.kind != item.kind)
        throw ContentError("kind", std::string("cannot change from ") + content::to_string(item.kind) + " to " +
                                       content::to_string(*changes.kind) +
                                       "; withdraw this item and add a new one");
    apply_changes(item, changes);
    item.updated_at = format_rfc3339_utc(clock_());
    content::validate(item);
    check_single_go_live(item);
    const auto revision = table_.replace(item);
    if (!revision) {
        const auto now_stored = table_.find(id);
        if (now_stored && now_stored->withdrawn) throw ContentError("id", was_withdrawn(*now_stored));
        throw ContentError("id", no_such_item(id));
    }
    item.revision = *revision;
    return item;
}

void ContentService::withdraw(const std::string& id) {
    if (table_.withdraw(id, format_rfc3339_utc(clock_()))) return;
    const auto record = table_.find(id);
    if (!record) throw ContentError("id", no_such_item(id));
    throw ContentError("id", "item '" + id + "' was already withdrawn at " + record->withdrawn_at);
}

void ContentService::check_single_go_live(const Item& item) {
    if (item.kind != Kind::milestone || !item.go_live) return;
    for (const auto& other : table_.list()) {
        if (other.withdrawn || other.item.id == item.id || other.item.kind != Kind::milestone || !other.item.go_live)
            continue;
        const auto& title = content::translation_for(other.item, other.item.default_language).title;
        throw ContentError("go_live", "milestone '" + other.item.id + "' (\"" + title +
                                          "\") is already the go-live; withdraw it, or edit it with --no-go-live, "
                                          "before marking another one");
    }
}

std::optional<ContentRecord> ContentService::find(const std::string& id) { return table_.find(id); }

std::vector<ContentListing> ContentService::list(bool include_withdrawn) {
    const SystemTime now = clock_();
    std::vector<ContentListing> rows;
    bool any_training = false;
    for (auto& record : table_.list()) {
        if (record.withdrawn && !include_withdrawn) continue;
        any_training = any_training || record.item.kind == Kind::training;
        const ContentState state = state_of(record, now);
        rows.push_back(ContentListing{std::move(record), state, 0});
    }
    if (any_training) {
        const auto counts = table_.interest_counts();
        for (auto& row : rows) {
            if (row.record.item.kind != Kind::training) continue;
            const auto found = counts.find(row.record.item.id);
            if (found != counts.end()) row.interest = found->second;
        }
    }
    return rows;
}

}  // namespace floorsync::collector

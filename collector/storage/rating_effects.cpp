// The one place that turns stored rating and rating_reasons events into the ratings read model's rows and counts.
#include "collector/storage/rating_effects.hpp"

#include "collector/local_time.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"

#include <set>

namespace floorsync::collector {

namespace {

std::string day_of(const std::string& rfc3339) {
    const auto time = parse_rfc3339(rfc3339);
    return time ? local_day(*time) : std::string();
}

RatingRow rating_row(const Event& event) {
    const auto rating = events::decode_rating(event.payload);
    RatingRow row;
    row.event_id = event.id;
    row.kiosk_id = event.kiosk_id;
    row.department = event.department;
    row.day = day_of(event.created_at);
    row.created_at = event.created_at;
    row.score = rating.score;
    row.suspect = rating.suspect;
    return row;
}

Amendment amendment_of(const Event& event) {
    auto amendment = events::decode_rating_reasons(event.payload);
    return {event.id, event.kiosk_id, std::move(amendment.rating_id), event.created_at, std::move(amendment.reasons)};
}

void take_reasons(RatingRow& row, const Amendment& amendment) {
    row.reasons = amendment.reasons;
    row.reasons_at = amendment.created_at;
    row.reasons_event = amendment.event_id;
}

// Adds (sign +1) or takes away (-1) what one rating in the state `row` counts for.
void count(const RatingRow& row, std::int64_t sign, RatingChanges& changes) {
    if (row.suspect) {
        changes.suspects[{row.day, row.kiosk_id}] += sign;
        return;
    }
    RatingChanges::Cell& cell = changes.cells[{row.day, row.kiosk_id, row.department, row.score}];
    cell.count += sign;
    if (!row.reasons.empty()) cell.with_reasons += sign;
    for (const auto& reason : row.reasons) changes.reasons[{row.day, row.kiosk_id, row.department, reason}] += sign;
}

void drop_zero_deltas(RatingChanges& changes) {
    std::erase_if(changes.cells, [](const auto& entry) {
        return entry.second.count == 0 && entry.second.with_reasons == 0;
    });
    std::erase_if(changes.reasons, [](const auto& entry) { return entry.second == 0; });
    std::erase_if(changes.suspects, [](const auto& entry) { return entry.second == 0; });
}

// A rating this call looks at: one stored just now, or an existing one that an amendment names.
struct Tracked {
    RatingRow row;
    RatingRow before;  // existing ones: the row as stored
    bool is_new = false;
    bool changed = false;
};

}  // namespace

bool has_rating_effects(const std::string& type) {
    return type == event_type::rating || type == event_type::rating_reasons;
}

bool is_newer_amendment(const std::string& created_at, const std::string& event_id, const RatingRow& row) {
    return std::tie(created_at, event_id) > std::tie(row.reasons_at, row.reasons_event);
}

void apply_rating_effects(const std::vector<const Event*>& stored, RatingRows& rows) {
    std::vector<std::string> new_order;  // the new ratings' ids, in their order
    std::map<std::string, Tracked> tracked;
    std::vector<Amendment> amendments;
    for (const Event* event : stored) {
        if (event->type == event_type::rating) {
            Tracked entry;
            entry.row = rating_row(*event);
            entry.is_new = true;
            new_order.push_back(event->id);
            tracked.emplace(event->id, std::move(entry));
        } else if (event->type == event_type::rating_reasons) {
            amendments.push_back(amendment_of(*event));
        }
    }
    if (tracked.empty() && amendments.empty()) return;

    // A new rating starts with the reasons of its latest amendment already stored: amendments that came before it,
    // also earlier in this transaction, then count once it is there.
    if (!new_order.empty()) {
        std::vector<std::pair<std::string, std::string>> keys;
        keys.reserve(new_order.size());
        for (const auto& id : new_order) keys.emplace_back(tracked.at(id).row.kiosk_id, id);
        for (const Amendment& latest : rows.latest_amendments(keys)) {
            const auto found = tracked.find(latest.rating_id);
            if (found != tracked.end() && found->second.row.kiosk_id == latest.kiosk_id) {
                take_reasons(found->second.row, latest);
            }
        }
    }

    // The existing ratings the amendments name.
    std::set<std::string> wanted;
    for (const Amendment& amendment : amendments) {
        if (tracked.count(amendment.rating_id) == 0) wanted.insert(amendment.rating_id);
    }
    if (!wanted.empty()) {
        for (RatingRow& row : rows.find_ratings({wanted.begin(), wanted.end()})) {
            Tracked entry;
            entry.before = row;
            entry.row = std::move(row);
            const std::string id = entry.row.event_id;
            tracked.emplace(id, std::move(entry));
        }
    }

    // Each amendment, in order, replaces the reasons of its own kiosk's rating when it is the newer one. (For a
    // rating stored in this call, its latest amendment is already in: nothing here is newer.)
    for (const Amendment& amendment : amendments) {
        const auto found = tracked.find(amendment.rating_id);
        if (found == tracked.end()) continue;  // no such rating yet
        Tracked& entry = found->second;
        if (entry.row.kiosk_id != amendment.kiosk_id) continue;  // another kiosk's rating: never amended from here
        if (!is_newer_amendment(amendment.created_at, amendment.event_id, entry.row)) continue;
        take_reasons(entry.row, amendment);
        entry.changed = true;
    }

    RatingChanges changes;
    for (const auto& id : new_order) {
        const RatingRow& row = tracked.at(id).row;
        count(row, +1, changes);
        changes.inserted.push_back(row);
    }
    for (auto& [id, entry] : tracked) {
        if (entry.is_new || !entry.changed) continue;
        count(entry.before, -1, changes);
        count(entry.row, +1, changes);
        changes.reasons_changed.emplace(id, entry.row);
    }
    drop_zero_deltas(changes);
    if (!changes.empty()) rows.write(changes);
}

std::string join_reasons(const std::vector<std::string>& reasons) {
    std::string text;
    for (const auto& reason : reasons) {
        if (!text.empty()) text += ';';
        text += reason;
    }
    return text;
}

std::vector<std::string> split_reasons(const std::string& text) {
    std::vector<std::string> reasons;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find(';', start);
        const std::size_t stop = end == std::string::npos ? text.size() : end;
        if (stop > start) reasons.push_back(text.substr(start, stop - start));
        start = stop + 1;
    }
    return reasons;
}

}  // namespace floorsync::collector

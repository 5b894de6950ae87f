// Filters the cached content by its showing window and sorts it per screen; remembers the next moment it changes.
#include "kiosk/logic/content_catalog.hpp"

#include "kiosk/logic/public_questions.hpp"
#include "sync/shared/clock.hpp"

#include <algorithm>

namespace kiosk {
namespace {

using floorsync::content::Item;
using floorsync::content::Kind;

// When an item counts as published for "newest first": its start of showing, else its last change.
std::string_view published_at(const Item& item) { return item.shown_from.empty() ? item.updated_at : item.shown_from; }

void sort_newest_first(std::vector<const Item*>& items) {
    std::stable_sort(items.begin(), items.end(), [](const Item* a, const Item* b) {
        if (published_at(*a) != published_at(*b)) return published_at(*a) > published_at(*b);
        return a->revision > b->revision;
    });
}

void sort_by_at(std::vector<const Item*>& items) {
    std::stable_sort(items.begin(), items.end(), [](const Item* a, const Item* b) {
        const auto at_a = time_of(a->at), at_b = time_of(b->at);
        if (at_a != at_b) return at_a < at_b;
        return a->revision < b->revision;
    });
}

}  // namespace

std::optional<SystemTime> time_of(std::string_view rfc3339) {
    if (rfc3339.empty()) return std::nullopt;
    return floorsync::parse_rfc3339(rfc3339);
}

bool ContentCatalog::update(std::shared_ptr<const floorsync::ContentSnapshot> snapshot, SystemTime now) {
    const bool new_snapshot = snapshot != snapshot_;
    if (!new_snapshot && !stale_ && !(next_change_ && now >= *next_change_)) return false;
    snapshot_ = std::move(snapshot);
    rebuild(now);
    return true;
}

void ContentCatalog::set_departments(std::vector<std::string> departments) {
    if (departments == departments_) return;
    departments_ = std::move(departments);
    stale_ = true;
}

const std::vector<floorsync::ambassador::Credential>& ContentCatalog::ambassadors() const {
    static const std::vector<floorsync::ambassador::Credential> none;
    return snapshot_ ? snapshot_->ambassadors : none;
}

const std::vector<floorsync::questions::View>& ContentCatalog::all_questions() const {
    static const std::vector<floorsync::questions::View> none;
    return snapshot_ ? snapshot_->questions : none;
}

std::vector<std::string> ContentCatalog::pickup_ids() const {
    std::vector<std::string> ids;
    for (const auto& question : all_questions())
        if (!question.pickup_id.empty()) ids.push_back(question.pickup_id);
    return ids;
}

const floorsync::questions::View* ContentCatalog::find_by_pickup_id(std::string_view pickup_id) const {
    if (pickup_id.empty()) return nullptr;
    for (const auto& question : all_questions())
        if (question.pickup_id == pickup_id) return &question;
    return nullptr;
}

const floorsync::questions::View* ContentCatalog::find_public_question(std::string_view id) const {
    for (const auto* question : visible_.questions)
        if (question->id == id) return question;
    return nullptr;
}

const Item* ContentCatalog::find(std::string_view id) const {
    if (!snapshot_) return nullptr;
    for (const Item& item : snapshot_->items)
        if (item.id == id) return &item;
    return nullptr;
}

void ContentCatalog::rebuild(SystemTime now) {
    ++rebuilds_;
    stale_ = false;
    visible_ = VisibleContent{};
    // Whether the countdown shows a day count, the next midnight is always a change; items add their own moments.
    std::optional<SystemTime> next;
    auto consider = [&](std::optional<SystemTime> moment) {
        if (moment && *moment > now && (!next || *moment < *next)) next = moment;
    };
    if (!snapshot_) {
        next_change_.reset();
        return;
    }
    for (const Item& item : snapshot_->items) {
        const auto from = time_of(item.shown_from);
        const auto until = time_of(item.shown_until);
        consider(from);
        consider(until);
        if (from && now < *from) continue;
        if (until && now >= *until) continue;
        switch (item.kind) {
        case Kind::why: visible_.why.push_back(&item); break;
        case Kind::announcement:
        case Kind::you_said_we_did: visible_.news.push_back(&item); break;
        case Kind::milestone:
            visible_.milestones.push_back(&item);
            if (item.go_live && !visible_.go_live) visible_.go_live = &item;
            break;
        case Kind::training: {
            const auto ends = time_of(item.until);
            consider(ends);
            if (ends && now >= *ends) break;  // over: no longer offered
            visible_.trainings.push_back(&item);
            break;
        }
        }
    }
    sort_newest_first(visible_.why);
    sort_newest_first(visible_.news);
    sort_by_at(visible_.milestones);
    sort_by_at(visible_.trainings);
    if (visible_.go_live) consider(next_local_midnight(now));

    // The strip: the newest news first; with no news, the next training sessions, else the why.
    const auto& source = !visible_.news.empty() ? visible_.news : !visible_.trainings.empty() ? visible_.trainings : visible_.why;
    for (std::size_t i = 0; i < source.size() && i < kStripItems; ++i) visible_.strip.push_back(source[i]);
    visible_.questions = public_questions(snapshot_->questions, departments_);
    next_change_ = next;
}

}  // namespace kiosk

// What of the published content is showing now, sorted for each screen, and when that changes by itself.
#pragma once

#include "kiosk/logic/local_calendar.hpp"
#include "sync/content_snapshot.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// Pointers into the snapshot the catalog holds; valid until the next update() that rebuilds.
struct VisibleContent {
    std::vector<const floorsync::content::Item*> why;         // newest first
    std::vector<const floorsync::content::Item*> news;        // announcements and "you said, we did", newest first
    std::vector<const floorsync::content::Item*> milestones;  // by date, past ones too
    std::vector<const floorsync::content::Item*> trainings;   // sessions not ended yet, soonest first
    const floorsync::content::Item* go_live = nullptr;        // the milestone marked go-live, if any
    std::vector<const floorsync::content::Item*> strip;       // what home's strip cycles through, newest first
    // The questions employees may see (public_questions(): public ones of the kiosk's departments and
    // organisation-wide), most asked first. The questions screen gets its list only from here.
    std::vector<const floorsync::questions::View*> questions;

    bool empty() const { return why.empty() && news.empty() && milestones.empty() && trainings.empty(); }
};

// How many items home's strip cycles through at most, and how long each shows.
inline constexpr std::size_t kStripItems = 5;
inline constexpr std::chrono::seconds kStripInterval{8};

class ContentCatalog {
public:
    // Rebuilds when the snapshot is another one or when `now` reached next_change(); otherwise costs nothing.
    // Returns true when what is visible may have changed.
    bool update(std::shared_ptr<const floorsync::ContentSnapshot> snapshot, SystemTime now);

    const VisibleContent& visible() const { return visible_; }
    // When an item starts or stops showing, a session ends or a new day begins (the countdown); nullopt: never.
    std::optional<SystemTime> next_change() const { return next_change_; }
    std::uint64_t rebuilds() const { return rebuilds_; }

    const floorsync::content::Item* find(std::string_view id) const;
    // The whole snapshot shown now (questions and ambassador credentials too); null before the first one. Holding
    // it keeps pointers into it valid after the catalog moved on to a newer snapshot.
    const std::shared_ptr<const floorsync::ContentSnapshot>& snapshot() const { return snapshot_; }
    // The credentials of the ambassadors of this kiosk's departments, as the feed brought them (what the PIN pad
    // checks against); empty before the first snapshot.
    const std::vector<floorsync::ambassador::Credential>& ambassadors() const;
    // Every question the kiosk holds, in every state (the feed's and its own unsynced ones): for the ambassador
    // screens and the pickup lookup only. What employees may see is visible().questions.
    const std::vector<floorsync::questions::View>& all_questions() const;
    // The pickup ids of every question the kiosk holds: what a typed pickup code is looked up among.
    std::vector<std::string> pickup_ids() const;
    // The question with this pickup id, in whatever state; nullptr when the kiosk holds none.
    const floorsync::questions::View* find_by_pickup_id(std::string_view pickup_id) const;
    // A question employees may see now (one of visible().questions) by its public id; nullptr otherwise.
    const floorsync::questions::View* find_public_question(std::string_view id) const;
    // The departments whose questions employees see here, besides the organisation-wide ones (served_departments()
    // of the kiosk's config); the next update() rebuilds.
    void set_departments(std::vector<std::string> departments);

private:
    void rebuild(SystemTime now);

    std::shared_ptr<const floorsync::ContentSnapshot> snapshot_;
    std::vector<std::string> departments_;
    bool stale_ = false;  // the departments changed since the last rebuild
    VisibleContent visible_;
    std::optional<SystemTime> next_change_;
    std::uint64_t rebuilds_ = 0;
};

// An item's RFC 3339 time field as a time point; nullopt when empty or malformed.
std::optional<SystemTime> time_of(std::string_view rfc3339);

}  // namespace kiosk

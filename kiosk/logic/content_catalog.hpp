// What of the published content is showing now, sorted for each screen, and when that changes by itself.
#pragma once

#include "kiosk/logic/local_calendar.hpp"
#include "sync/content_snapshot.hpp"

#include <memory>
#include <optional>
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

private:
    void rebuild(SystemTime now);

    std::shared_ptr<const floorsync::ContentSnapshot> snapshot_;
    VisibleContent visible_;
    std::optional<SystemTime> next_change_;
    std::uint64_t rebuilds_ = 0;
};

// An item's RFC 3339 time field as a time point; nullopt when empty or malformed.
std::optional<SystemTime> time_of(std::string_view rfc3339);

}  // namespace kiosk

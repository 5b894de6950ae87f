// Merging the feed's sections by revision and turning each change into an entry or a tombstone for one kiosk.
#include "collector/feed_page.hpp"

#include "sync/shared/content_item.hpp"
#include "sync/shared/question_view.hpp"

#include <algorithm>
#include <optional>

namespace floorsync::collector {

namespace {

// One change of any section: its revision and what it becomes for the kiosk (nothing: it is not sent).
struct Slot {
    std::int64_t revision = 0;
    std::optional<FeedEntry> entry;
};

FeedEntry tombstone(FeedSection section, const std::string& id, std::int64_t revision) {
    FeedEntry entry;
    entry.section = section;
    entry.id = id;
    entry.revision = revision;
    entry.withdrawn = true;
    return entry;
}

FeedEntry full(FeedSection section, const std::string& id, std::int64_t revision, std::string json) {
    FeedEntry entry;
    entry.section = section;
    entry.id = id;
    entry.revision = revision;
    entry.json = std::move(json);
    return entry;
}

bool serves(const std::vector<std::string>& departments, const std::string& department) {
    return std::find(departments.begin(), departments.end(), department) != departments.end();
}

}  // namespace

ambassador::Credential credential_of(const AmbassadorRecord& r) {
    return {r.id, r.name, r.department, r.salt, r.check, r.params, r.revision};
}

FeedResponse feed_page(const FeedChanges& changes, const std::vector<std::string>& departments, std::size_t page_size) {
    const bool first_poll = changes.since == 0;
    std::vector<Slot> slots;
    slots.reserve(changes.content.size() + changes.questions.size() + changes.ambassadors.size());

    for (const ContentRecord& record : changes.content) {
        if (record.item.revision > changes.head) break;
        Slot slot{record.item.revision, std::nullopt};
        const bool for_kiosk = !record.withdrawn && content::is_for(record.item, departments);
        if (for_kiosk) {
            slot.entry = full(FeedSection::item, record.item.id, record.item.revision, content::encode(record.item));
        } else if (!first_poll) {
            slot.entry = tombstone(FeedSection::item, record.item.id, record.item.revision);
        }
        slots.push_back(std::move(slot));
    }
    for (const QuestionRecord& record : changes.questions) {
        const questions::View& view = record.view;
        if (view.revision > changes.head) break;
        Slot slot{view.revision, std::nullopt};
        // Other departments' questions are never read for this kiosk; an organisation-wide one shows once public.
        const bool for_kiosk = serves(departments, view.department) ||
                               (view.department.empty() && questions::is_public(view));
        if (for_kiosk) {
            slot.entry = full(FeedSection::question, view.id, view.revision, questions::encode(view));
        } else if (!first_poll && view.department.empty()) {
            slot.entry = tombstone(FeedSection::question, view.id, view.revision);
        }
        slots.push_back(std::move(slot));
    }
    for (const AmbassadorRecord& record : changes.ambassadors) {
        if (record.revision > changes.head) break;
        Slot slot{record.revision, std::nullopt};
        if (record.removed_at.empty() && serves(departments, record.department)) {
            slot.entry = full(FeedSection::ambassador, record.id, record.revision,
                              ambassador::encode(credential_of(record)));
        } else if (!first_poll) {
            slot.entry = tombstone(FeedSection::ambassador, record.id, record.revision);
        }
        slots.push_back(std::move(slot));
    }
    std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.revision < b.revision; });

    FeedResponse page;
    page.more = slots.size() > page_size;
    if (page.more) slots.resize(page_size);
    for (Slot& slot : slots)
        if (slot.entry) page.entries.push_back(std::move(*slot.entry));
    page.next_cursor = std::to_string(page.more ? slots.back().revision : changes.head);
    return page;
}

}  // namespace floorsync::collector

// One feed page from the changes of the three sections (content items, questions, ambassador credentials), merged in
// revision order and judged for one kiosk (protocol section 5).
#pragma once

#include "collector/storage/storage.hpp"
#include "sync/shared/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace floorsync::collector {

// What was read for a page: the changes after `since` of each section, each in revision order, each read with a
// limit of page_size + 1. Rows above `head` are ignored (a write committed after the head was read: the next poll
// brings it), so that the page's cursor never passes a change some section has not shown yet.
struct FeedChanges {
    std::int64_t since = 0;
    std::int64_t head = 0;  // the content counter read before the changes
    std::vector<ContentRecord> content;
    std::vector<QuestionRecord> questions;        // of the kiosk's departments and organisation-wide ones
    std::vector<AmbassadorRecord> ambassadors;    // of the kiosk's departments
};

// The first page_size changes of all sections together, in revision order, as entries for a kiosk serving
// `departments`:
// - a content item when it is published and for the kiosk, else a tombstone;
// - a question of one of `departments` in every state; an organisation-wide one (department "") when
//   questions::is_public, else a tombstone;
// - an ambassador's credential (never the MAC key) unless removed, else a tombstone.
// On a first poll (since 0) there are no tombstones. `more` when further changes follow; next_cursor: the revision
// of the last change taken when more, else `head`.
FeedResponse feed_page(const FeedChanges& changes, const std::vector<std::string>& departments, std::size_t page_size);

// The credential the feed carries for an ambassador (ambassador::encode of it).
ambassador::Credential credential_of(const AmbassadorRecord& record);

}  // namespace floorsync::collector

// Builds the kiosk's content snapshot from its store, on the sync thread: the feed's cache with this kiosk's own
// question events on top (question_overlay.hpp), re-reading the cache only when the feed cursor moved.
#pragma once

#include "sync/content_snapshot.hpp"
#include "sync/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace floorsync {

class ContentSnapshotBuilder {
public:
    // Reads the store: the outbox's own question events when their mark moved (Store::snapshot_inputs), the cached
    // items, questions and credentials when the feed cursor moved since the last call. Returns the snapshot's
    // contents (version 0: the publisher numbers them) when the cache or the own events that await the feed
    // changed since the last call, and always on the first call; nullopt otherwise. Throws StoreError.
    std::optional<ContentSnapshot> refresh(Store& store);

    // Reads the whole cache again next time (the store was reopened).
    void forget();

private:
    bool built_ = false;
    std::optional<std::string> cursor_;  // of the cache held below; nullopt: not read yet
    std::vector<content::Item> items_;
    std::vector<questions::View> feed_questions_;
    std::vector<ambassador::Credential> ambassadors_;
    std::optional<OwnQuestionsMark> own_mark_;  // of the own events held below; nullopt: not read yet
    std::vector<StoredEvent> waiting_;          // the own events that await the feed
    std::vector<std::int64_t> applied_own_;     // their seqs in the last snapshot
};

}  // namespace floorsync

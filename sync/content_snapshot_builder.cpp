// The content snapshot from the store: cache re-read on a moved cursor, own question events applied on top.
#include "sync/content_snapshot_builder.hpp"

#include "sync/question_overlay.hpp"

#include <utility>

namespace floorsync {

std::optional<ContentSnapshot> ContentSnapshotBuilder::refresh(Store& store) {
    SnapshotInputs inputs = store.snapshot_inputs(cursor_, own_mark_);
    bool cache_changed = false;
    if (inputs.cache_read) {
        cache_changed = inputs.items != items_ || inputs.questions != feed_questions_ ||
                        inputs.ambassadors != ambassadors_;
        items_ = std::move(inputs.items);
        feed_questions_ = std::move(inputs.questions);
        ambassadors_ = std::move(inputs.ambassadors);
        cursor_ = inputs.feed_cursor;
    }
    if (inputs.own_read) {
        waiting_.clear();
        for (StoredEvent& stored : inputs.own_question_events)
            if (awaits_feed(stored, inputs.feed_synced_at)) waiting_.push_back(std::move(stored));
        own_mark_ = inputs.own_mark;
    }
    std::vector<std::int64_t> waiting_seqs;
    for (const StoredEvent& stored : waiting_) waiting_seqs.push_back(stored.seq);
    if (built_ && !cache_changed && waiting_seqs == applied_own_) return std::nullopt;

    ContentSnapshot next;
    next.items = items_;
    next.ambassadors = ambassadors_;
    next.questions = with_own_events(feed_questions_, waiting_, inputs.feed_synced_at, ambassadors_);
    applied_own_ = std::move(waiting_seqs);
    built_ = true;
    return next;
}

void ContentSnapshotBuilder::forget() {
    cursor_.reset();
    own_mark_.reset();
}

}  // namespace floorsync

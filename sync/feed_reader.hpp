// Reads the collector's feed (GET /api/v1/feed) into the store's cache (content items, questions, ambassador
// credentials), page by page from the stored cursor.
#pragma once

#include "sync/http_client.hpp"
#include "sync/store.hpp"
#include "sync/sync_engine.hpp"
#include "sync/uploader.hpp"

#include <cstdint>
#include <string>

namespace floorsync {

struct FeedResult {
    PassOutcome outcome = PassOutcome::drained;  // drained: the feed was read to its end (a 304 included)
    bool changed = false;             // something was applied to the cache: read it again
    std::int64_t items_changed = 0;   // items added, replaced or removed
    std::int64_t questions_changed = 0;
    std::int64_t ambassadors_changed = 0;
    std::int64_t skipped = 0;         // entries of a kind this kiosk does not know (a newer collector); not shown
    int pages = 0;                    // 200 answers applied
    bool complete = true;             // false: stopped after FeedReader::kMaxPagesPerPoll pages, more is waiting
    bool up_to_date = false;          // the last answer was 304 Not Modified
    long http_status = 0;             // the last status seen, 0 if none
    std::string retry_after;          // the collector's Retry-After, verbatim, when it sent one
    std::string error;                // what went wrong, for people; empty on success

    bool succeeded() const { return outcome == PassOutcome::drained; }
};

// The feed's outcome as a PassResult that delivered nothing (contacted, with outcome, error, status, Retry-After):
// what the last-sync record keeps when there was nothing to upload.
PassResult as_pass_result(const FeedResult& result);

class FeedReader {
public:
    // A poll stops after this many pages even when the collector says more follows, so a huge feed cannot hold the
    // sync thread; the rest comes with the next poll (FeedResult::complete is false).
    static constexpr int kMaxPagesPerPoll = 50;

    // Borrows the store and the client; both must outlive the reader. Uses collector_url and token.
    FeedReader(Store& store, HttpClient& client, const SyncSettings& settings);

    // Asks for pages from the stored cursor (with If-None-Match: the stored ETag) until the collector says no more
    // follows. Each page is applied in one transaction, cursor and ETag with it; a poll that reads the feed to its
    // end records when it started (Store::feed_synced_at). An item of an unknown kind is skipped (and an older copy
    // of that id removed: it is no longer what the collector publishes). A reply that is not protocol v1, or an
    // entry that does not decode (content::decode, questions::decode_view, ambassador::decode_credential) or holds
    // another id than its entry, is refused as a whole: bad_answer, nothing of that page is applied, the cursor
    // stays, and the error names the section, the entry and the field.
    // HTTP and transport failures are classified as for uploads (failed_exchange). Never throws StoreError: a
    // failing database is outcome store_error.
    FeedResult poll();

    // The first request of poll(), without applying anything: whether the collector answers, accepts the token
    // and sends a readable feed. `kioskctl status` uses it; up_to_date says whether new content is waiting.
    FeedResult check();

private:
    struct Fetched;
    Fetched fetch(const std::string& cursor, const std::string& etag, FeedResult& result);

    Store& store_;
    HttpClient& client_;
    std::string feed_url_;  // without the query
    std::string token_;
};

}  // namespace floorsync

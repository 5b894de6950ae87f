// The feed's paging loop: conditional GETs from the stored cursor, strict decoding, one transaction per page.
#include "sync/feed_reader.hpp"

#include "sync/shared/content_item.hpp"
#include "sync/shared/protocol.hpp"

#include <map>
#include <utility>
#include <vector>

namespace floorsync {
namespace {

constexpr std::size_t kMaxCursorBytes = 256;
constexpr std::size_t kMaxEtagBytes = 256;
constexpr std::size_t kMaxShownIdBytes = 80;

// A server's value shown in an error message: short, and only printable ASCII.
std::string shown(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, kMaxShownIdBytes)) {
        const auto byte = static_cast<unsigned char>(c);
        out += byte >= 0x20 && byte < 0x7f ? c : '?';
    }
    if (text.size() > kMaxShownIdBytes) out += "...";
    return out;
}

// An ETag the kiosk may send back verbatim in If-None-Match: printable ASCII, bounded. Anything else is not kept
// (the kiosk then just does not get 304s; the content is still right).
bool usable_etag(std::string_view etag) {
    if (etag.empty() || etag.size() > kMaxEtagBytes) return false;
    for (const char c : etag) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f) return false;
    }
    return true;
}

// The cursor is opaque (today digits); it goes into the query string percent-encoded all the same.
std::string percent_encoded(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= 'A' && byte <= 'Z') || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        }
    }
    return out;
}

void fail(FeedResult& result, PassOutcome outcome, std::string error) {
    result.outcome = outcome;
    result.error = std::move(error);
}

}  // namespace

PassResult as_pass_result(const FeedResult& result) {
    PassResult pass;
    pass.outcome = result.outcome;
    pass.http_status = result.http_status;
    pass.retry_after = result.retry_after;
    pass.error = result.error;
    pass.contacted = true;
    return pass;
}

struct FeedReader::Fetched {
    enum class State { failed, not_modified, page } state = State::failed;
    FeedPage page;
    bool more = false;
    std::int64_t skipped = 0;
};

FeedReader::FeedReader(Store& store, HttpClient& client, const SyncSettings& settings)
    : store_(store), client_(client), feed_url_(collector_endpoint(settings.collector_url, "api/v1/feed")),
      token_(settings.token) {}

// One request and its answer, checked entry by entry into a FeedPage; on failure `result` says why.
FeedReader::Fetched FeedReader::fetch(const std::string& cursor, const std::string& etag, FeedResult& result) {
    Fetched fetched;
    std::vector<HttpHeader> headers;
    if (usable_etag(etag)) headers.push_back({"If-None-Match", etag});
    const std::string url = cursor.empty() ? feed_url_ : feed_url_ + "?since=" + percent_encoded(cursor);
    const HttpResponse response = client_.get(url, token_, headers);
    result.retry_after = response.retry_after;
    result.http_status = response.outcome == HttpOutcome::response ? response.status : 0;
    if (response.outcome != HttpOutcome::response || (response.status != 200 && response.status != 304)) {
        const PassResult failure = failed_exchange(response);
        fail(result, failure.outcome, "feed: " + failure.error);
        return fetched;
    }
    if (response.status == 304) {
        fetched.state = Fetched::State::not_modified;
        return fetched;
    }

    FeedResponse feed;
    try {
        feed = decode_feed(response.body);
    } catch (const ProtocolError& error) {
        fail(result, PassOutcome::bad_answer, std::string("the collector's feed is not protocol v1: ") + error.what());
        return fetched;
    }
    if (feed.next_cursor.empty() || feed.next_cursor.size() > kMaxCursorBytes) {
        fail(result, PassOutcome::bad_answer,
             "the collector's feed has an unusable next_cursor ('" + shown(feed.next_cursor) + "')");
        return fetched;
    }
    if (feed.more && feed.next_cursor == cursor) {
        fail(result, PassOutcome::bad_answer,
             "the collector's feed says more follows but its next_cursor did not move from '" + shown(cursor) + "'");
        return fetched;
    }

    // Only the last entry for an id counts (the feed is in revision order), so upserts and removals are disjoint.
    std::map<std::string, std::size_t> last_entry_of;
    for (std::size_t i = 0; i < feed.entries.size(); ++i) last_entry_of[feed.entries[i].id] = i;
    FeedPage& page = fetched.page;
    for (std::size_t i = 0; i < feed.entries.size(); ++i) {
        const FeedEntry& entry = feed.entries[i];
        const std::string where = "the collector's feed entry " + std::to_string(i) + " (id '" + shown(entry.id) + "')";
        if (entry.id.empty()) {
            fail(result, PassOutcome::bad_answer, where + " has no id");
            return fetched;
        }
        content::Item item;
        bool known_kind = !entry.withdrawn;
        if (!entry.withdrawn) {
            try {
                item = content::decode(entry.json);
            } catch (const content::UnknownKind&) {
                known_kind = false;
                ++fetched.skipped;
            } catch (const content::ContentError& error) {
                fail(result, PassOutcome::bad_answer,
                     where + " cannot be used: field '" + error.field + "': " + error.why + " (nothing of this page "
                     "was applied)");
                return fetched;
            }
            if (known_kind && item.id != entry.id) {
                fail(result, PassOutcome::bad_answer, where + " holds an item with another id ('" + shown(item.id) + "')");
                return fetched;
            }
        }
        if (last_entry_of[entry.id] != i) continue;
        // A tombstone, or an id the collector now publishes as a kind this kiosk cannot show: the cached copy
        // is no longer what the collector publishes, so it goes.
        if (known_kind) {
            page.upserts.push_back(std::move(item));
        } else {
            page.removals.push_back(entry.id);
        }
    }
    page.from_cursor = cursor;
    page.next_cursor = feed.next_cursor;
    // The ETag names a complete state; a page with more to follow has none worth sending back.
    if (!feed.more && usable_etag(response.etag)) page.etag = response.etag;
    fetched.more = feed.more;
    fetched.state = Fetched::State::page;
    return fetched;
}

FeedResult FeedReader::poll() {
    FeedResult result;
    try {
        for (int request = 0; request < kMaxPagesPerPoll; ++request) {
            const std::string cursor = store_.feed_cursor();
            Fetched fetched = fetch(cursor, store_.feed_etag(), result);
            switch (fetched.state) {
                case Fetched::State::failed: return result;
                case Fetched::State::not_modified: result.up_to_date = true; return result;
                case Fetched::State::page: break;
            }
            result.up_to_date = false;
            const FeedPageApplied applied = store_.apply_feed_page(fetched.page);
            if (!applied.applied) continue;  // another connection moved the cursor meanwhile: ask again from there
            ++result.pages;
            result.items_changed += applied.items_changed;
            result.skipped += fetched.skipped;
            if (applied.items_changed > 0) result.changed = true;
            if (!fetched.more) return result;
        }
        result.complete = false;
    } catch (const StoreError& error) {
        fail(result, PassOutcome::store_error, std::string("feed: ") + error.what());
    }
    return result;
}

FeedResult FeedReader::check() {
    FeedResult result;
    try {
        const Fetched fetched = fetch(store_.feed_cursor(), store_.feed_etag(), result);
        result.up_to_date = fetched.state == Fetched::State::not_modified ||
                            (fetched.state == Fetched::State::page && fetched.page.upserts.empty() &&
                             fetched.page.removals.empty() && !fetched.more);
    } catch (const StoreError& error) {
        fail(result, PassOutcome::store_error, std::string("feed: ") + error.what());
    }
    return result;
}

}  // namespace floorsync

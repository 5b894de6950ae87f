// The feed's paging loop: conditional GETs from the stored cursor, strict decoding of every section, one transaction
// per page.
#include "sync/feed_reader.hpp"

#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/content_item.hpp"
#include "sync/shared/protocol.hpp"
#include "sync/shared/question_view.hpp"

#include <chrono>

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

const char* section_name(FeedSection section) {
    switch (section) {
        case FeedSection::item: return "items";
        case FeedSection::question: return "questions";
        case FeedSection::ambassador: return "ambassadors";
    }
    return "?";
}

// Each take_* checks one entry of its section and, when it is the last entry for its id on the page, adds it to the
// page as an upsert or a removal. They return "" or what is wrong with the entry ("cannot be used: ...").

std::string take_item(const FeedEntry& entry, bool last, FeedPage& page, std::int64_t& skipped) {
    content::Item item;
    bool known_kind = !entry.withdrawn;
    if (!entry.withdrawn) {
        try {
            item = content::decode(entry.json);
        } catch (const content::UnknownKind&) {
            known_kind = false;
            ++skipped;
        } catch (const content::ContentError& error) {
            return "cannot be used: field '" + error.field + "': " + error.why;
        }
        if (known_kind && item.id != entry.id) return "holds an item with another id ('" + shown(item.id) + "')";
    }
    if (!last) return "";
    // A tombstone, or an id the collector now publishes as a kind this kiosk cannot show: the cached copy is no
    // longer what the collector publishes, so it goes.
    if (known_kind) {
        page.upserts.push_back(std::move(item));
    } else {
        page.removals.push_back(entry.id);
    }
    return "";
}

// Questions and credentials have no kinds to skip: one that does not decode is as bad as a bad item.
std::string take_question(const FeedEntry& entry, bool last, FeedPage& page) {
    if (entry.withdrawn) {
        if (last) page.question_removals.push_back(entry.id);
        return "";
    }
    questions::View view;
    try {
        view = questions::decode_view(entry.json);
    } catch (const questions::QuestionError& error) {
        return std::string("cannot be used: ") + error.what();
    }
    if (view.id != entry.id) return "holds a question with another id ('" + shown(view.id) + "')";
    if (last) page.question_upserts.push_back(std::move(view));
    return "";
}

std::string take_credential(const FeedEntry& entry, bool last, FeedPage& page) {
    if (entry.withdrawn) {
        if (last) page.ambassador_removals.push_back(entry.id);
        return "";
    }
    ambassador::Credential credential;
    try {
        credential = ambassador::decode_credential(entry.json);
    } catch (const ambassador::CredentialError& error) {
        return std::string("cannot be used: ") + error.what();
    }
    if (credential.id != entry.id) return "holds a credential with another id ('" + shown(credential.id) + "')";
    if (last) page.ambassador_upserts.push_back(std::move(credential));
    return "";
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

    // Only the last entry for an id of a section counts (the feed is in revision order), so upserts and removals
    // are disjoint.
    std::map<std::pair<FeedSection, std::string>, std::size_t> last_entry_of;
    for (std::size_t i = 0; i < feed.entries.size(); ++i)
        last_entry_of[{feed.entries[i].section, feed.entries[i].id}] = i;
    FeedPage& page = fetched.page;
    for (std::size_t i = 0; i < feed.entries.size(); ++i) {
        const FeedEntry& entry = feed.entries[i];
        const std::string where = std::string("the collector's feed entry ") + std::to_string(i) + " (" +
                                  section_name(entry.section) + ", id '" + shown(entry.id) + "')";
        if (entry.id.empty()) {
            fail(result, PassOutcome::bad_answer, where + " has no id");
            return fetched;
        }
        const bool last = last_entry_of[{entry.section, entry.id}] == i;
        std::string problem;
        switch (entry.section) {
            case FeedSection::item: problem = take_item(entry, last, page, fetched.skipped); break;
            case FeedSection::question: problem = take_question(entry, last, page); break;
            case FeedSection::ambassador: problem = take_credential(entry, last, page); break;
        }
        if (!problem.empty()) {
            fail(result, PassOutcome::bad_answer, where + " " + problem + " (nothing of this page was applied)");
            return fetched;
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
    // Taken before the first request: every event the collector confirmed before it is in what this poll reads.
    const std::string started_at = format_rfc3339_utc(std::chrono::system_clock::now());
    try {
        for (int request = 0; request < kMaxPagesPerPoll; ++request) {
            const std::string cursor = store_.feed_cursor();
            Fetched fetched = fetch(cursor, store_.feed_etag(), result);
            switch (fetched.state) {
                case Fetched::State::failed: return result;
                case Fetched::State::not_modified:
                    result.up_to_date = true;
                    store_.mark_feed_synced(started_at);
                    return result;
                case Fetched::State::page: break;
            }
            result.up_to_date = false;
            if (!fetched.more) fetched.page.synced_at = started_at;
            const FeedPageApplied applied = store_.apply_feed_page(fetched.page);
            if (!applied.applied) continue;  // another connection moved the cursor meanwhile: ask again from there
            ++result.pages;
            result.items_changed += applied.items_changed;
            result.questions_changed += applied.questions_changed;
            result.ambassadors_changed += applied.ambassadors_changed;
            result.skipped += fetched.skipped;
            if (applied.items_changed + applied.questions_changed + applied.ambassadors_changed > 0)
                result.changed = true;
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
        const FeedPage& page = fetched.page;
        const bool empty_page = page.upserts.empty() && page.removals.empty() && page.question_upserts.empty() &&
                                page.question_removals.empty() && page.ambassador_upserts.empty() &&
                                page.ambassador_removals.empty();
        result.up_to_date = fetched.state == Fetched::State::not_modified ||
                            (fetched.state == Fetched::State::page && empty_page && !fetched.more);
    } catch (const StoreError& error) {
        fail(result, PassOutcome::store_error, std::string("feed: ") + error.what());
    }
    return result;
}

}  // namespace floorsync

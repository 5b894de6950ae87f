// Protocol v1 endpoints: authentication, load shedding, batch ingest through group commit, the feed, health.
#include "collector/api.hpp"

#include "collector/feed_page.hpp"
#include "collector/question_checks.hpp"
#include "collector/registry.hpp"
#include "collector/validation.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/content_item.hpp"
#include "sync/shared/protocol.hpp"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>

namespace floorsync::collector {

namespace {

HttpResponse json_reply(int status, std::string body) { return HttpResponse{status, "application/json", std::move(body), {}, false}; }

HttpResponse error_reply(int status, std::string_view message) { return json_reply(status, encode_error(message)); }

std::string_view bearer_token(std::string_view value) {
    constexpr std::string_view scheme = "bearer ";
    if (value.size() <= scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return {};
    }
    value.remove_prefix(scheme.size());
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    return value;
}

// "since=12&x=y" -> "12"; the cursor is digits only, so no percent-decoding is needed (anything else is refused).
std::optional<std::string> query_value(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto equals = pair.find('=');
        if (pair.substr(0, equals) == name) return std::string(equals == std::string_view::npos ? "" : pair.substr(equals + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

// The feed's cursor is a revision number: digits only, at most 20 of them, within 64 bits. Empty means 0.
std::optional<std::int64_t> parse_cursor(const std::string& cursor) {
    if (cursor.empty()) return 0;
    if (cursor.size() > 20 || cursor.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), value);
    if (error != std::errc() || end != cursor.data() + cursor.size()) return std::nullopt;
    return value;
}

std::string feed_etag(std::int64_t cursor) { return "\"feed-" + std::to_string(cursor) + "\""; }

// Whether an If-None-Match list ("\"feed-12\"", W/"feed-12", *, or several separated by commas) holds `etag`.
// Unquoted tags are accepted too (feed-12), as some clients send them.
bool matches_etag(std::string_view header, const std::string& etag) {
    const std::string_view bare = std::string_view(etag).substr(1, etag.size() - 2);
    while (!header.empty()) {
        const auto comma = header.find(',');
        std::string_view tag = header.substr(0, comma);
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
        if (tag.size() >= 2 && (tag[0] == 'W' || tag[0] == 'w') && tag[1] == '/') tag.remove_prefix(2);
        if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') tag = tag.substr(1, tag.size() - 2);
        if (tag == bare || tag == "*") return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

// Token checks and feed pages take well under a millisecond each: a few connections serve every worker thread.
constexpr std::size_t kRegistryConnections = 6;
constexpr std::size_t kContentConnections = 6;

void log_line(const std::string& text) { std::fprintf(stderr, "kiosk-collector: %s\n", text.c_str()); }

// Counts uploads in progress; the constructor decides whether there is room for one more.
struct InFlight {
    InFlight(std::atomic<std::size_t>& counter, std::size_t limit) : count(counter) { admitted = ++count <= limit; }
    ~InFlight() { --count; }
    std::atomic<std::size_t>& count;
    bool admitted;
};

}  // namespace

CollectorApi::CollectorApi(const CollectorConfig& config, Storage& storage, GroupCommitter& committer,
                           dashboard::DashboardApp* dashboard)
    : config_(config),
      committer_(committer),
      dashboard_(dashboard),
      tables_(storage, kRegistryConnections, 2),
      content_(storage, kContentConnections, 1),
      ambassadors_(storage, kContentConnections, 1),
      questions_(storage, kContentConnections, 1) {}

HttpResponse CollectorApi::handle(const HttpRequest& request) {
    if (dashboard_ != nullptr) {
        if (auto page = dashboard_->handle(request)) return std::move(*page);  // never counted as an upload
    }
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (request.path == "/api/v1/events") {
        if (request.method == "POST") return upload(request);
        auto reply = error_reply(405, "use POST for /api/v1/events");
        reply.headers.emplace_back("Allow", "POST");
        return reply;
    }
    if (request.path == "/api/v1/feed" && get) return feed(request);
    if (request.path == "/healthz" && get) return health();
    if (request.path == "/api/v1/feed" || request.path == "/healthz") {
        auto reply = error_reply(405, "use GET for " + request.path);
        reply.headers.emplace_back("Allow", "GET");
        return reply;
    }
    return error_reply(404, "no such endpoint: " + request.method + " " + request.path);
}

HttpResponse CollectorApi::unavailable(const std::string& message) const {
    auto reply = error_reply(503, message);
    reply.headers.emplace_back("Retry-After", std::to_string(config_.retry_after_seconds));
    return reply;
}

std::optional<KioskIdentity> CollectorApi::authenticate(const HttpRequest& request, HttpResponse& refusal) {
    const std::string_view token = bearer_token(request.authorization);
    if (token.empty()) {
        refusal = error_reply(401, "missing 'Authorization: Bearer <kiosk token>' header");
        refusal.headers.emplace_back("WWW-Authenticate", "Bearer");
        return std::nullopt;
    }
    std::optional<KioskIdentity> kiosk;
    if (token.size() <= 256) {
        auto table = tables_.acquire();
        try {
            kiosk = table->find_active(hash_token(token));
        } catch (const StorageError&) {
            table.discard();
            throw;
        }
    }
    if (!kiosk) {
        refusal = error_reply(401, "unknown or revoked kiosk token");
        refusal.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    return kiosk;
}

HttpResponse CollectorApi::upload(const HttpRequest& request) {
    InFlight slot(in_flight_, config_.max_in_flight);
    if (!slot.admitted) {
        ++shed_;
        return unavailable("the collector is busy; retry later");
    }
    HttpResponse refusal;
    std::optional<KioskIdentity> kiosk;
    try {
        kiosk = authenticate(request, refusal);
    } catch (const StorageError& error) {
        log_line(std::string("database error while authenticating: ") + error.what());
        return unavailable("the collector's database is unavailable");
    }
    if (!kiosk) return refusal;

    CheckedUpload upload;
    try {
        upload = decode_upload_checked(request.body, config_.max_events_per_request);
    } catch (const PayloadTooLarge& error) {
        return error_reply(413, error.what());
    } catch (const ProtocolError& error) {
        return error_reply(400, error.what());
    }
    apply_policy(upload.events, *kiosk, std::chrono::system_clock::now());
    if (needs_question_checks(upload.events)) {
        try {
            auto ambassadors = ambassadors_.acquire();
            auto questions = questions_.acquire();
            try {
                check_question_events(upload.events, *kiosk, *ambassadors, *questions);
            } catch (const StorageError&) {
                ambassadors.discard();
                questions.discard();
                throw;
            }
        } catch (const StorageError& error) {
            log_line(std::string("database error while checking ambassadors' actions: ") + error.what());
            return unavailable("the collector's database is unavailable");
        }
    }

    std::optional<std::vector<EventResult>> results;
    try {
        results = committer_.write(*kiosk, upload.kiosk, upload.events);
    } catch (const StorageError& error) {
        log_line(std::string("database error while storing a batch: ") + error.what());
        return unavailable("the collector could not store the batch; nothing was stored, retry later");
    }
    if (!results) return error_reply(401, "kiosk token was revoked");
    {
        // The upload recorded last_seen: a feed poll right after it need not record it again.
        std::lock_guard lock(touch_mutex_);
        last_touch_[kiosk->id] = std::chrono::steady_clock::now();
    }
    std::size_t stored = 0;
    for (const auto& result : *results) stored += result.status == ResultStatus::stored;
    events_stored_ += stored;
    ++requests_;
    return json_reply(200, encode_upload_response(UploadResponse{std::move(*results)}));
}

// With 10,000 kiosks polling every 30 s, writing each kiosk's last_seen in its own transaction costs an fsync per
// poll (bench/collector_feed: about a fifth of a core); gathered, the same information costs one commit per interval.
void CollectorApi::touch_from_feed(const KioskIdentity& kiosk) {
    const auto now = std::chrono::steady_clock::now();
    std::vector<KioskIdentity> due;
    bool first_sight = false;
    bool flushing = false;  // this poll writes the gathered ones
    {
        std::lock_guard lock(touch_mutex_);
        auto [entry, first] = last_touch_.try_emplace(kiosk.id, now);
        first_sight = first;
        if (!first && now - entry->second >= kFeedTouchInterval) {
            entry->second = now;
            pending_touch_.insert_or_assign(kiosk.id, kiosk);
        }
        if (!flushing_ && !pending_touch_.empty() && now - last_flush_ >= kFeedTouchInterval) {
            flushing_ = flushing = true;
            last_flush_ = now;
            for (auto& [id, pending] : pending_touch_) due.push_back(std::move(pending));
            pending_touch_.clear();
        }
    }
    if (first_sight) due.push_back(kiosk);  // a kiosk this process has not seen yet is recorded at once
    if (due.empty()) return;
    try {
        committer_.touch_all(due);
    } catch (const StorageError&) {
        std::lock_guard lock(touch_mutex_);
        for (const KioskIdentity& lost : due) last_touch_.erase(lost.id);  // not recorded: their next polls try again
        if (flushing) flushing_ = false;
        throw;
    }
    if (flushing) {
        std::lock_guard lock(touch_mutex_);
        flushing_ = false;
    }
}

// Protocol section 5: the changes after `since` in revision order, a page at a time, content items, questions and
// ambassador credentials together (feed_page.hpp). An item the kiosk must not (or no longer) show is a tombstone,
// except on a first poll (since 0), where there is nothing to remove.
HttpResponse CollectorApi::feed(const HttpRequest& request) {
    try {
        HttpResponse refusal;
        const auto kiosk = authenticate(request, refusal);
        if (!kiosk) return refusal;
        const auto since = parse_cursor(query_value(request.query, "since").value_or(""));
        if (!since)
            return error_reply(400, "invalid cursor in 'since': pass back the next_cursor of the previous reply");
        touch_from_feed(*kiosk);

        auto table = content_.acquire();
        try {
            FeedResponse page;
            std::int64_t next = 0;
            const std::int64_t head = table->head_revision();
            if (head <= *since) {
                // Nothing new: one indexed read. The cursor follows the head (also back, after a database reset).
                if (head == *since && !request.if_none_match.empty() &&
                    matches_etag(request.if_none_match, feed_etag(*since))) {
                    HttpResponse not_modified{304, "", "", {}, false};
                    not_modified.headers.emplace_back("ETag", feed_etag(*since));
                    return not_modified;
                }
                next = head;
            } else {
                // The kiosk's departments as they are now, read after the head: a department change commits the
                // rows it re-sends in the same transaction, so every change up to the head is judged by the
                // departments it was written for, never by older ones.
                const auto current = authenticate(request, refusal);
                if (!current) return refusal;
                FeedChanges changes;
                changes.since = *since;
                changes.head = head;
                changes.content = table->changed_since(*since, kFeedPageSize + 1);
                {
                    auto questions = questions_.acquire();
                    try {
                        changes.questions = questions->changed_since(*since, head, current->departments, kFeedPageSize + 1);
                    } catch (const StorageError&) {
                        questions.discard();
                        throw;
                    }
                }
                {
                    auto ambassadors = ambassadors_.acquire();
                    try {
                        changes.ambassadors =
                            ambassadors->changed_since(*since, head, current->departments, kFeedPageSize + 1);
                    } catch (const StorageError&) {
                        ambassadors.discard();
                        throw;
                    }
                }
                page = feed_page(changes, current->departments, kFeedPageSize);
                next = std::stoll(page.next_cursor);
            }
            page.next_cursor = std::to_string(next);
            auto reply = json_reply(200, encode_feed(page));
            if (!page.more) reply.headers.emplace_back("ETag", feed_etag(next));
            return reply;
        } catch (const StorageError&) {
            table.discard();
            throw;
        }
    } catch (const StorageError& error) {
        log_line(std::string("database error in the feed: ") + error.what());
        return unavailable("the collector's database is unavailable");
    }
}

HttpResponse CollectorApi::health() {
    try {
        auto table = tables_.acquire();
        try {
            table->check();
        } catch (const StorageError&) {
            table.discard();
            throw;
        }
    } catch (const StorageError& error) {
        return unavailable(std::string("database unavailable: ") + error.what());
    }
    return json_reply(200, std::string(R"({"status":"ok","protocol":1,"version":")") + FLOOR_VERSION + "\"}");
}

ServerStats CollectorApi::stats() const {
    return ServerStats{in_flight_.load(), shed_.load(), requests_.load(), events_stored_.load(), committer_.queued(), committer_.writing()};
}

}  // namespace floorsync::collector

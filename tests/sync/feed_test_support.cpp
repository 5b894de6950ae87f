// The fake feed collector: feed pages from a cursor, tombstones, ETag and 304, scripted failures, upload answers.
#include "feed_test_support.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/protocol.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace sync_test {

using floorsync::content::Item;
using floorsync::content::Kind;
using nlohmann::json;

Item make_announcement(const std::string& title) {
    Item item;
    item.id = floorsync::new_uuid_v4();
    item.kind = Kind::announcement;
    item.default_language = "nl";
    item.translations["nl"] = {title, "Tekst bij " + title, ""};
    item.translations["en"] = {title + " (en)", "Text for " + title, ""};
    item.updated_at = floorsync::utc_now_rfc3339();
    return item;
}

Item make_training(const std::string& title, const std::string& place) {
    Item item = make_announcement(title);
    item.kind = Kind::training;
    item.at = "2030-03-02T09:00:00Z";
    item.until = "2030-03-02T11:00:00Z";
    item.place = place;
    item.seats = 12;
    return item;
}

FakeFeedCollector::FakeFeedCollector(std::string token) : token_(std::move(token)) {
    server_.Get("/api/v1/feed", [this](const httplib::Request& req, httplib::Response& res) { serve_feed(req, res); });
    server_.Post("/api/v1/events",
                 [this](const httplib::Request& req, httplib::Response& res) { serve_upload(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("the fake collector cannot bind a loopback port");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeFeedCollector::~FakeFeedCollector() {
    server_.stop();
    thread_.join();
}

std::int64_t FakeFeedCollector::next_revision() { return ++head_; }

std::int64_t FakeFeedCollector::publish(Item item) {
    std::lock_guard lock(mutex_);
    item.revision = next_revision();
    entries_[{floorsync::FeedSection::item, item.id}] = Entry{item.revision, false, floorsync::content::encode(item)};
    return item.revision;
}

std::int64_t FakeFeedCollector::publish_raw(const std::string& id, const std::string& json_object) {
    return publish_in(floorsync::FeedSection::item, id, json_object);
}

std::int64_t FakeFeedCollector::publish_in(floorsync::FeedSection section, const std::string& id,
                                           const std::string& json_object) {
    json object = json::parse(json_object);
    std::lock_guard lock(mutex_);
    const std::int64_t revision = next_revision();
    object["revision"] = revision;
    entries_[{section, id}] = Entry{revision, false, object.dump()};
    return revision;
}

std::int64_t FakeFeedCollector::withdraw(const std::string& id, floorsync::FeedSection section) {
    std::lock_guard lock(mutex_);
    const std::int64_t revision = next_revision();
    entries_[{section, id}] = Entry{revision, true, ""};
    return revision;
}

std::int64_t FakeFeedCollector::head() const {
    std::lock_guard lock(mutex_);
    return head_;
}

void FakeFeedCollector::set_page_size(std::size_t entries) {
    std::lock_guard lock(mutex_);
    page_size_ = entries;
}

void FakeFeedCollector::script_feed_failures(std::vector<int> statuses, std::string retry_after) {
    std::lock_guard lock(mutex_);
    scripted_failures_.assign(statuses.begin(), statuses.end());
    scripted_retry_after_ = std::move(retry_after);
}

void FakeFeedCollector::set_feed_unavailable(std::optional<std::string> retry_after) {
    std::lock_guard lock(mutex_);
    unavailable_retry_after_ = std::move(retry_after);
}

void FakeFeedCollector::set_feed_body(std::optional<std::string> body) {
    std::lock_guard lock(mutex_);
    body_override_ = std::move(body);
}

void FakeFeedCollector::set_uploads(Uploads mode, std::chrono::milliseconds delay) {
    std::lock_guard lock(mutex_);
    uploads_ = mode;
    upload_delay_ = delay;
}

std::vector<FakeFeedCollector::FeedRequest> FakeFeedCollector::feed_requests() const {
    std::lock_guard lock(mutex_);
    return feed_requests_;
}

std::vector<std::size_t> FakeFeedCollector::feed_requests_at_uploads() const {
    std::lock_guard lock(mutex_);
    return feed_requests_at_uploads_;
}

// As the protocol says: entries after the cursor in revision order, a page at a time; the ETag names the state
// when the reply is complete, and If-None-Match with the current ETag gets 304 without a body.
void FakeFeedCollector::serve_feed(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex_);
    FeedRequest seen{req.get_param_value("since"), req.get_header_value("If-None-Match"), 0};
    const auto answer_error = [&](int status, const std::string& message, const std::string& retry_after) {
        res.status = status;
        if (!retry_after.empty()) res.set_header("Retry-After", retry_after);
        res.set_content(floorsync::encode_error(message), "application/json");
    };
    if (!scripted_failures_.empty()) {
        answer_error(scripted_failures_.front(), "scripted failure", scripted_retry_after_);
        scripted_failures_.pop_front();
    } else if (unavailable_retry_after_) {
        answer_error(503, "database unavailable", *unavailable_retry_after_);
    } else if (req.get_header_value("Authorization") != "Bearer " + token_) {
        res.set_header("WWW-Authenticate", "Bearer");
        answer_error(401, "unknown kiosk token", "");
    } else if (body_override_) {
        res.status = 200;
        res.set_content(*body_override_, "application/json");
    } else {
        std::int64_t since = 0;
        bool bad_cursor = false;
        if (!seen.since.empty()) {
            bad_cursor = seen.since.size() > 20 ||
                         !std::all_of(seen.since.begin(), seen.since.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!bad_cursor) since = std::stoll(seen.since);
        }
        const std::string current_etag = "\"feed-" + std::to_string(head_) + "\"";
        if (bad_cursor) {
            answer_error(400, "malformed cursor", "");
        } else if (!seen.if_none_match.empty() && seen.if_none_match == current_etag) {
            res.status = 304;
        } else {
            std::vector<std::pair<std::int64_t, const decltype(entries_)::value_type*>> after;
            for (const auto& entry : entries_)
                if (entry.second.revision > since) after.push_back({entry.second.revision, &entry});
            std::sort(after.begin(), after.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            const bool more = after.size() > page_size_;
            if (more) after.resize(page_size_);
            // Each entry in its section's list; the lists share the revision counter.
            json lists = {{"items", json::array()}, {"questions", json::array()}, {"ambassadors", json::array()}};
            for (const auto& [revision, entry] : after) {
                const auto& [section, id] = entry->first;
                json& list = lists[section == floorsync::FeedSection::item       ? "items"
                                   : section == floorsync::FeedSection::question ? "questions"
                                                                                 : "ambassadors"];
                if (entry->second.withdrawn)
                    list.push_back(json{{"id", id}, {"revision", revision}, {"withdrawn", true}});
                else
                    list.push_back(json::parse(entry->second.json));
            }
            const std::int64_t next = after.empty() ? std::max(since, head_) : after.back().first;
            res.status = 200;
            if (!more) res.set_header("ETag", "\"feed-" + std::to_string(next) + "\"");
            lists["next_cursor"] = std::to_string(next);
            lists["more"] = more;
            res.set_content(lists.dump(), "application/json");
        }
    }
    seen.status = res.status;
    feed_requests_.push_back(seen);
    ++feed_count_;
}

void FakeFeedCollector::serve_upload(const httplib::Request& req, httplib::Response& res) {
    Uploads mode;
    std::chrono::milliseconds delay;
    {
        std::lock_guard lock(mutex_);
        feed_requests_at_uploads_.push_back(feed_count_.load());
        mode = uploads_;
        delay = upload_delay_;
    }
    ++upload_count_;
    if (req.get_header_value("Authorization") != "Bearer " + token_) {
        res.status = 401;
        res.set_content(floorsync::encode_error("unknown kiosk token"), "application/json");
        return;
    }
    if (mode == Uploads::answer_503) {
        res.status = 503;
        res.set_header("Retry-After", "1");
        res.set_content(floorsync::encode_error("shedding load"), "application/json");
        return;
    }
    if (mode == Uploads::slow) std::this_thread::sleep_for(delay);
    const floorsync::UploadRequest upload = floorsync::decode_upload(req.body);
    floorsync::UploadResponse answer;
    for (const floorsync::Event& event : upload.events)
        answer.results.push_back({event.id, floorsync::ResultStatus::stored, ""});
    events_stored_ += upload.events.size();
    res.set_content(floorsync::encode_upload_response(answer), "application/json");
}

}  // namespace sync_test

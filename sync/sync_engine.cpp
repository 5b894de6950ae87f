// The sync worker thread: owns the network and its own store connection, schedules upload passes and feed polls,
// publishes status and content.
#include "sync/sync_engine.hpp"

#include "sync/content_snapshot_builder.hpp"
#include "sync/feed_reader.hpp"
#include "sync/http_client.hpp"
#include "sync/retry_policy.hpp"
#include "sync/uploader.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace floorsync {
namespace {

using SteadyClock = std::chrono::steady_clock;
using SteadyTime = SteadyClock::time_point;

constexpr std::chrono::seconds kReopenStoreDelay{5};
constexpr std::chrono::hours kPruneInterval{1};

LinkState link_after(PassOutcome outcome) {
    switch (outcome) {
        case PassOutcome::drained: return LinkState::online;
        case PassOutcome::offline: return LinkState::offline;
        default: return LinkState::retrying;
    }
}

std::chrono::system_clock::time_point to_system(SteadyTime when) {
    return std::chrono::system_clock::now() +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(when - SteadyClock::now());
}

bool same_status(const SyncStatus& a, const SyncStatus& b) {
    return a.counts.pending == b.counts.pending && a.counts.sent == b.counts.sent &&
           a.counts.quarantined == b.counts.quarantined && a.link == b.link && a.next_attempt == b.next_attempt &&
           a.last_error == b.last_error && a.last_success_at == b.last_success_at;
}

}  // namespace

const char* to_string(LinkState state) {
    switch (state) {
        case LinkState::no_collector: return "no collector";
        case LinkState::connecting: return "connecting";
        case LinkState::online: return "online";
        case LinkState::offline: return "offline";
        case LinkState::retrying: return "retrying";
    }
    return "unknown";
}

struct SyncEngine::Impl {
    const std::string db_path;
    const SyncSettings settings;
    const std::function<void()> on_status_change;
    HttpClient client;       // uploads (the first lane of Uploader's pipeline)
    HttpClient feed_client;  // feed polls: the upload client may be busy with a batch in flight when one is due

    mutable std::mutex mutex;
    std::condition_variable wake;
    SyncStatus status;
    std::shared_ptr<const ContentSnapshot> content = std::make_shared<const ContentSnapshot>();
    bool stopping = false;
    bool new_events = false;
    bool sync_requested = false;

    std::thread worker;

    // What the last exchange of one kind (uploads, feed) says about the link to the collector.
    struct Exchange {
        enum class State { none, ok, failed } state = State::none;  // none: no request made (nothing to upload)
        LinkState link = LinkState::online;
        SteadyTime retry_at{};
        std::string error;
    };

    // Worker-thread state.
    std::unique_ptr<Store> store;
    bool reopen_store = false;  // a store error inside a pass: reopen once the pass has let go of the store
    RetryPolicy upload_policy{settings.retry_base, settings.retry_cap};
    RetryPolicy feed_policy{settings.retry_base, settings.retry_cap};
    SteadyTime next_upload = SteadyClock::now();
    SteadyTime next_feed = SteadyClock::now();
    SteadyTime next_prune = SteadyClock::now();
    Exchange uploads;
    Exchange feed;
    ContentSnapshotBuilder snapshot_builder;
    bool snapshot_due = false;  // new events were committed: the content snapshot may show them

    Impl(std::string path, SyncSettings given, std::function<void()> callback)
        : db_path(std::move(path)),
          settings(std::move(given)),
          on_status_change(std::move(callback)),
          client(http_client_settings(settings)),
          feed_client(http_client_settings(settings)) {
        status.link = settings.collector_url.empty() ? LinkState::no_collector : LinkState::connecting;
    }

    bool has_collector() const { return !settings.collector_url.empty(); }

    // Applies a change to the published status; bumps the revision and wakes the UI only if something moved.
    template <typename Change>
    void publish(Change change) {
        bool changed;
        {
            std::lock_guard lock(mutex);
            SyncStatus next = status;
            change(next);
            changed = !same_status(next, status);
            if (changed) {
                next.revision = status.revision + 1;
                status = std::move(next);
            }
        }
        if (changed && on_status_change) on_status_change();
    }

    void publish_counts() {
        const OutboxCounts counts = store->counts();
        publish([&](SyncStatus& s) { s.counts = counts; });
    }

    // Reads the cache and this kiosk's own question events, and publishes them as a new snapshot when they differ
    // from the published one (always the first time, so readers see version 1 once the cache was read, even when
    // it is empty). Cheap when nothing moved: the builder reads the cache again only after the feed cursor moved.
    void refresh_content() {
        std::optional<ContentSnapshot> built = snapshot_builder.refresh(*store);
        if (!built) return;
        {
            std::lock_guard lock(mutex);
            if (content->version > 0 && content->items == built->items && content->questions == built->questions &&
                content->ambassadors == built->ambassadors)
                return;
            auto next = std::make_shared<ContentSnapshot>(std::move(*built));
            next->version = content->version + 1;
            content = std::move(next);
        }
        if (on_status_change) on_status_change();
    }

    bool open_store() {
        try {
            store = std::make_unique<Store>(db_path);
            snapshot_builder.forget();
            if (const auto last = read_last_sync(*store)) {
                publish([&](SyncStatus& s) { s.last_success_at = last->last_success_at; });
            }
            // A restarted kiosk shows what it cached at once, before (and without) any network.
            refresh_content();
            return true;
        } catch (const StoreError& error) {
            store.reset();
            const std::string message = error.what();
            publish([&](SyncStatus& s) { s.last_error = message; });
            return false;
        }
    }

    void prune_if_due() {
        if (SteadyClock::now() < next_prune) return;
        next_prune = SteadyClock::now() + kPruneInterval;
        prune_sent_events(*store, settings.sent_retention, std::chrono::system_clock::now());
    }

    // The link as the status line shows it: a failing upload first (events wait), else a failing feed, else online
    // once either has succeeded. A pass that had nothing to send says nothing, so with an empty outbox the feed
    // alone tells whether the collector is reachable and accepts the token.
    void publish_link(const std::string& last_success) {
        const Exchange* failed = uploads.state == Exchange::State::failed ? &uploads
                                 : feed.state == Exchange::State::failed  ? &feed
                                                                          : nullptr;
        const bool any_ok = uploads.state == Exchange::State::ok || feed.state == Exchange::State::ok;
        if (!failed && !any_ok && last_success.empty()) return;
        const auto retry_at = failed ? to_system(failed->retry_at) : std::chrono::system_clock::time_point{};
        publish([&](SyncStatus& s) {
            if (failed) {
                s.link = failed->link;
                s.next_attempt = retry_at;
                s.last_error = failed->error;
            } else if (any_ok) {
                s.link = LinkState::online;
                s.next_attempt = {};
                s.last_error.clear();
            }
            if (!last_success.empty()) s.last_success_at = last_success;
        });
    }

    // Keeps the outcome for kioskctl; returns the success time to show ("" when it failed).
    std::string record(const PassResult& result) {
        const auto now = std::chrono::system_clock::now();
        try {
            record_last_sync(*store, result, now);
        } catch (const StoreError&) {
            // The status still tells the truth; the record is rewritten after the next exchange.
        }
        return result.succeeded() ? format_rfc3339_utc(now) : std::string();
    }

    void poll_feed() {
        FeedReader reader(*store, feed_client, settings);
        const FeedResult result = reader.poll();
        if (result.outcome == PassOutcome::aborted) return;
        if (result.outcome == PassOutcome::store_error) {
            reopen_store = true;  // not now: an upload pass may be holding the store
        } else {
            try {
                // Also when nothing changed here: another process (kioskctl sync-now) may have moved the cursor, and
                // a poll read to its end may show own events as reflected in the feed now.
                refresh_content();
            } catch (const StoreError&) {
                reopen_store = true;
            }
        }
        if (result.succeeded()) {
            feed_policy.reset();
            // Pages left after the per-poll limit: continue soon, after the uploads had their turn.
            next_feed = SteadyClock::now() + (result.complete ? std::chrono::seconds(settings.feed_interval)
                                                              : std::chrono::seconds(0));
            feed = Exchange{Exchange::State::ok, LinkState::online, {}, {}};
        } else {
            next_feed = SteadyClock::now() + feed_policy.next_delay(result.retry_after);
            feed = Exchange{Exchange::State::failed, link_after(result.outcome), next_feed, result.error};
        }
        // With nothing to upload the feed is the exchange with the collector, as the upload pass is otherwise.
        const std::string last_success =
            uploads.state == Exchange::State::none && !reopen_store ? record(as_pass_result(result)) : std::string();
        publish_link(last_success);
    }

    void poll_feed_if_due() {
        if (SteadyClock::now() >= next_feed) poll_feed();
    }

    // Scheduling the feed against uploads: both run on this thread, each on its own schedule and back-off. The
    // feed is polled when due before every upload pass, and between the batches of a pass (on_batch), so a long
    // drain of a large backlog never starves it: it waits at most for one batch to be answered (bounded by
    // request_timeout). It has its own client, because the upload client may carry a batch in flight while the
    // feed is read; the batches already on their way keep going meanwhile.
    void run_upload_pass() {
        Uploader uploader(*store, client, settings);
        const PassResult result = uploader.run_pass([this](const PassResult&) {
            publish_counts();
            poll_feed_if_due();
        });
        if (result.outcome == PassOutcome::aborted) return;

        if (result.succeeded()) {
            upload_policy.reset();
            next_upload = SteadyClock::now() + settings.poll_interval;
            uploads = Exchange{result.contacted ? Exchange::State::ok : Exchange::State::none, LinkState::online, {}, {}};
        } else {
            next_upload = SteadyClock::now() + upload_policy.next_delay(result.retry_after);
            uploads = Exchange{Exchange::State::failed, link_after(result.outcome), next_upload, result.error};
        }
        if (result.outcome == PassOutcome::store_error) reopen_store = true;  // the fault may be the handle
        try {
            if (!reopen_store) refresh_content();  // a refused (quarantined) action no longer shows
        } catch (const StoreError&) {
            reopen_store = true;
        }
        const std::string last_success = result.contacted && !reopen_store ? record(result) : std::string();
        publish_link(last_success);
    }

    // Sleeps until the next upload pass, feed poll or prune is due, or until someone asks for something.
    void wait_for_work() {
        std::unique_lock lock(mutex);
        SteadyTime deadline = store ? next_prune : SteadyClock::now() + kReopenStoreDelay;
        if (store && has_collector()) deadline = std::min({deadline, next_upload, next_feed});
        if (!has_collector()) deadline = std::min(deadline, SteadyClock::now() + settings.poll_interval);
        wake.wait_until(lock, deadline, [this] { return stopping || new_events || sync_requested; });
        if (sync_requested) next_upload = next_feed = SteadyClock::now();
        // New events go out at once unless uploads are backing off; then they wait for the back-off to end.
        if (new_events && upload_policy.failures() == 0) next_upload = SteadyClock::now();
        if (new_events) snapshot_due = true;
        new_events = false;
        sync_requested = false;
    }

    void run() {
        while (true) {
            {
                std::lock_guard lock(mutex);
                if (stopping) return;
            }
            if (store || open_store()) {
                try {
                    publish_counts();
                    // Before any network: a question or an ambassador's action shows at once, also offline.
                    if (std::exchange(snapshot_due, false)) refresh_content();
                    prune_if_due();
                    if (has_collector()) {
                        poll_feed_if_due();
                        if (!reopen_store && SteadyClock::now() >= next_upload) run_upload_pass();
                    }
                } catch (const std::exception& error) {
                    // StoreError mostly; anything else must not end the thread either. Reopen and back off.
                    const std::string message = error.what();
                    next_upload = SteadyClock::now() + upload_policy.next_delay();
                    const auto retry_at = to_system(next_upload);
                    publish([&](SyncStatus& s) {
                        s.last_error = message;
                        if (s.link != LinkState::no_collector) {
                            s.link = LinkState::retrying;
                            s.next_attempt = retry_at;
                        }
                    });
                    reopen_store = true;
                }
                if (reopen_store) {
                    store.reset();
                    reopen_store = false;
                }
            }
            wait_for_work();
        }
    }
};

SyncEngine::SyncEngine(std::string db_path, SyncSettings settings, std::function<void()> on_status_change)
    : impl_(std::make_unique<Impl>(std::move(db_path), std::move(settings), std::move(on_status_change))) {
    impl_->worker = std::thread([impl = impl_.get()] { impl->run(); });
}

SyncEngine::~SyncEngine() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->client.abort();
    impl_->feed_client.abort();
    impl_->wake.notify_all();
    impl_->worker.join();
}

void SyncEngine::notify_new_events() {
    std::lock_guard lock(impl_->mutex);
    impl_->new_events = true;
    impl_->wake.notify_all();
}

void SyncEngine::sync_now() {
    std::lock_guard lock(impl_->mutex);
    impl_->sync_requested = true;
    impl_->wake.notify_all();
}

SyncStatus SyncEngine::status() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->status;
}

std::shared_ptr<const ContentSnapshot> SyncEngine::content() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->content;
}

}  // namespace floorsync

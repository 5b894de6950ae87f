// The sync worker thread: owns the network and its own store connection, schedules passes, publishes status.
#include "sync/sync_engine.hpp"

#include "sync/http_client.hpp"
#include "sync/retry_policy.hpp"
#include "sync/uploader.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

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
    HttpClient client;

    mutable std::mutex mutex;
    std::condition_variable wake;
    SyncStatus status;
    bool stopping = false;
    bool new_events = false;
    bool sync_requested = false;

    std::thread worker;

    // Worker-thread state.
    std::unique_ptr<Store> store;
    RetryPolicy policy{settings.retry_base, settings.retry_cap};
    SteadyTime next_attempt = SteadyClock::now();
    SteadyTime next_prune = SteadyClock::now();

    Impl(std::string path, SyncSettings given, std::function<void()> callback)
        : db_path(std::move(path)),
          settings(std::move(given)),
          on_status_change(std::move(callback)),
          client(http_client_settings(settings)) {
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

    bool open_store() {
        try {
            store = std::make_unique<Store>(db_path);
            if (const auto last = read_last_sync(*store)) {
                publish([&](SyncStatus& s) { s.last_success_at = last->last_success_at; });
            }
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

    void run_attempt() {
        Uploader uploader(*store, client, settings);
        const PassResult result = uploader.sync([this](const PassResult&) { publish_counts(); });
        if (result.outcome == PassOutcome::aborted) return;

        const auto now = std::chrono::system_clock::now();
        try {
            record_last_sync(*store, result, now);
        } catch (const StoreError&) {
            // The status below still tells the truth; the record is rewritten after the next pass.
        }
        std::string last_success;
        if (result.succeeded()) {
            policy.reset();
            next_attempt = SteadyClock::now() + settings.poll_interval;
            last_success = format_rfc3339_utc(now);
        } else {
            next_attempt = SteadyClock::now() + policy.next_delay(result.retry_after);
        }
        if (result.outcome == PassOutcome::store_error) store.reset();  // reopen: the fault may be the handle
        const LinkState link = link_after(result.outcome);
        const auto retry_at = to_system(next_attempt);
        publish([&](SyncStatus& s) {
            s.link = link;
            s.next_attempt = link == LinkState::online ? std::chrono::system_clock::time_point{} : retry_at;
            s.last_error = result.error;
            if (!last_success.empty()) s.last_success_at = last_success;
        });
    }

    // Sleeps until the next attempt or prune is due, or until someone asks for something.
    void wait_for_work() {
        std::unique_lock lock(mutex);
        SteadyTime deadline = store ? next_prune : SteadyClock::now() + kReopenStoreDelay;
        if (store && has_collector()) deadline = std::min(deadline, next_attempt);
        if (!has_collector()) deadline = std::min(deadline, SteadyClock::now() + settings.poll_interval);
        wake.wait_until(lock, deadline, [this] { return stopping || new_events || sync_requested; });
        if (sync_requested) next_attempt = SteadyClock::now();
        // New events go out at once unless the engine is backing off; then they wait for the back-off to end.
        if (new_events && policy.failures() == 0) next_attempt = SteadyClock::now();
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
                    prune_if_due();
                    if (has_collector() && SteadyClock::now() >= next_attempt) run_attempt();
                } catch (const std::exception& error) {
                    // StoreError mostly; anything else must not end the thread either. Reopen and back off.
                    const std::string message = error.what();
                    next_attempt = SteadyClock::now() + policy.next_delay();
                    const auto retry_at = to_system(next_attempt);
                    publish([&](SyncStatus& s) {
                        s.last_error = message;
                        if (s.link != LinkState::no_collector) {
                            s.link = LinkState::retrying;
                            s.next_attempt = retry_at;
                        }
                    });
                    store.reset();
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

}  // namespace floorsync

// The Recorder's worker thread: commits submitted events one by one, reports each outcome, heals after faults.
#include "sync/recorder.hpp"

#include "sync/shared/clock.hpp"
#include "sync/sqlite.hpp"
#include "sync/store.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace floorsync {
namespace {

// While storage is unhealthy, the worker tries this often to open the store and write to it, so the status
// line turns healthy again by itself once the fault is gone (not only at the next tap).
constexpr auto kProbeInterval = std::chrono::seconds(2);

struct Submission {
    std::uint64_t ticket;
    Event event;
};

}  // namespace

struct Recorder::Impl {
    Impl(std::string path, Listener listener) : db_path(std::move(path)), listener(std::move(listener)) {}

    void run() {
        open_store();
        std::unique_lock lock(mutex);
        for (;;) {
            if (queue.empty()) {
                if (stopping) {
                    return;
                }
                if (health.ok) {
                    wake.wait(lock, [&] { return stopping || !queue.empty(); });
                } else if (!wake.wait_for(lock, kProbeInterval, [&] { return stopping || !queue.empty(); })) {
                    lock.unlock();
                    probe();
                    lock.lock();
                }
                continue;
            }
            std::deque<Submission> batch;
            batch.swap(queue);
            lock.unlock();
            commit(batch);
            lock.lock();
        }
    }

    // Disk work happens without the mutex held, so submit() never waits for the disk.
    void commit(std::deque<Submission>& batch) {
        std::vector<RecordResult> outcomes;
        bool any_stored = false;
        for (Submission& submission : batch) {
            outcomes.push_back(store_one(submission));
            any_stored = any_stored || outcomes.back().stored;
        }
        {
            std::lock_guard lock(mutex);
            for (RecordResult& outcome : outcomes) {
                results.push_back(std::move(outcome));
            }
        }
        if (any_stored && listener.on_committed) {
            listener.on_committed();
        }
        if (listener.on_result) {
            listener.on_result();
        }
    }

    // After a failure the connection is dropped and the append tried once more on a fresh one: that heals a
    // replaced or deleted file at once, and costs little when the fault persists (full disk, corrupt file).
    RecordResult store_one(const Submission& submission) {
        RecordResult outcome{submission.ticket, false, {}};
        for (int attempt = 0; attempt < 2; ++attempt) {
            try {
                if (!store) {
                    open_store_or_throw();
                }
                store->append(submission.event);
                outcome.stored = true;
                outcome.error.clear();
                set_health(true, {});
                return outcome;
            } catch (const StoreError& failure) {
                outcome.error = failure.what();
                if (failure.code == sqlite::code_constraint) {
                    // On the second attempt, the first may have committed before its error: that is success.
                    outcome.stored = attempt > 0 && already_stored(submission.event);
                    return outcome;
                }
            } catch (const std::exception& failure) {
                outcome.error = failure.what();
            }
            store.reset();
        }
        set_health(false, outcome.error);
        return outcome;
    }

    bool already_stored(const Event& event) {
        try {
            const auto found = store->find(event.id);
            return found && found->event == event;
        } catch (const std::exception&) {
            return false;
        }
    }

    void open_store_or_throw() { store = std::make_unique<Store>(db_path); }

    void open_store() {
        try {
            open_store_or_throw();
            set_health(true, {});
        } catch (const std::exception& failure) {
            store.reset();
            set_health(false, failure.what());
        }
    }

    // A real write, because a file can open fine and still refuse writes (full disk).
    void probe() {
        try {
            if (!store) {
                open_store_or_throw();
            }
            store->set_meta("storage_checked_at", utc_now_rfc3339());
            set_health(true, {});
        } catch (const std::exception& failure) {
            store.reset();
            set_health(false, failure.what());
        }
    }

    void set_health(bool ok, std::string error) {
        bool changed = false;
        {
            std::lock_guard lock(mutex);
            changed = health.ok != ok || health.error != error;
            health.ok = ok;
            health.error = std::move(error);
        }
        // A change seen by the probe alone would otherwise go unnoticed until the next tap.
        if (changed && listener.on_result) {
            listener.on_result();
        }
    }

    const std::string db_path;
    const Listener listener;
    std::unique_ptr<Store> store;  // used only on the worker thread

    mutable std::mutex mutex;  // guards everything below
    std::condition_variable wake;
    std::deque<Submission> queue;
    std::vector<RecordResult> results;
    StorageHealth health;
    std::uint64_t next_ticket = 1;
    bool stopping = false;

    std::thread worker;  // last: starts after everything above exists
};

Recorder::Recorder(std::string db_path, Listener listener)
    : impl_(std::make_unique<Impl>(std::move(db_path), std::move(listener))) {
    impl_->worker = std::thread([impl = impl_.get()] { impl->run(); });
}

Recorder::~Recorder() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->wake.notify_one();
    impl_->worker.join();
}

std::uint64_t Recorder::submit(Event event) {
    std::uint64_t ticket = 0;
    {
        std::lock_guard lock(impl_->mutex);
        ticket = impl_->next_ticket++;
        impl_->queue.push_back(Submission{ticket, std::move(event)});
    }
    impl_->wake.notify_one();
    return ticket;
}

std::vector<RecordResult> Recorder::take_results() {
    std::lock_guard lock(impl_->mutex);
    std::vector<RecordResult> taken;
    taken.swap(impl_->results);
    return taken;
}

StorageHealth Recorder::health() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->health;
}

}  // namespace floorsync

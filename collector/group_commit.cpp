// The writer threads behind GroupCommitter: each drains the queue, one transaction per drain, and wakes its waiters.
#include "collector/group_commit.hpp"

#include "sync/shared/clock.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace floorsync::collector {

namespace {

struct Job {
    BatchWrite batch;
    std::exception_ptr error;
    bool done = false;
};

}  // namespace

struct GroupCommitter::Impl {
    Impl(std::vector<std::unique_ptr<EventWriter>> event_writers, std::size_t max_rows)
        : writers(std::move(event_writers)), max_rows_per_transaction(max_rows) {
        for (auto& writer : writers) threads.emplace_back([this, &writer] { loop(*writer); });
    }

    ~Impl() {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        work.notify_all();
        for (auto& thread : threads) thread.join();
    }

    std::vector<std::unique_ptr<EventWriter>> writers;
    std::size_t max_rows_per_transaction;
    mutable std::mutex mutex;
    std::condition_variable work;      // the writer waits for jobs
    std::condition_variable finished;  // callers wait for their job
    std::deque<Job*> queue;
    std::size_t writing = 0;  // jobs taken into the transactions being written now (guarded by mutex)
    bool stopping = false;
    std::vector<std::thread> threads;  // last: start after everything above exists

    void run_job(Job& job) {
        {
            std::lock_guard lock(mutex);
            queue.push_back(&job);
        }
        work.notify_one();
        std::unique_lock lock(mutex);
        finished.wait(lock, [&] { return job.done; });
        if (job.error) std::rethrow_exception(job.error);
    }

    // Queues every job at once, so one drain of a writer takes them into one transaction, then waits for all.
    void run_jobs(std::vector<Job>& jobs) {
        {
            std::lock_guard lock(mutex);
            for (Job& job : jobs) queue.push_back(&job);
        }
        work.notify_one();
        std::unique_lock lock(mutex);
        finished.wait(lock, [&] { return std::all_of(jobs.begin(), jobs.end(), [](const Job& job) { return job.done; }); });
        for (const Job& job : jobs)
            if (job.error) std::rethrow_exception(job.error);
    }

    void loop(EventWriter& writer) {
        std::unique_lock lock(mutex);
        while (true) {
            work.wait(lock, [&] { return stopping || !queue.empty(); });
            if (queue.empty()) return;  // stopping, and nothing left to do
            std::vector<Job*> jobs;
            std::vector<BatchWrite*> batches;
            std::size_t rows = 0;
            while (!queue.empty() && (jobs.empty() || rows < max_rows_per_transaction)) {
                Job* job = queue.front();
                queue.pop_front();
                rows += job->batch.events ? job->batch.events->size() : 0;
                jobs.push_back(job);
                batches.push_back(&job->batch);
            }
            writing += jobs.size();
            lock.unlock();
            std::exception_ptr error;
            try {
                writer.write(batches, utc_now_rfc3339());
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            writing -= jobs.size();
            for (Job* job : jobs) {
                job->error = error;
                job->done = true;
            }
            finished.notify_all();
        }
    }
};

GroupCommitter::GroupCommitter(std::vector<std::unique_ptr<EventWriter>> writers, std::size_t max_rows_per_transaction)
    : impl_(std::make_unique<Impl>(std::move(writers), max_rows_per_transaction)) {
    if (impl_->writers.empty()) throw std::invalid_argument("GroupCommitter needs at least one writer");
}

GroupCommitter::~GroupCommitter() = default;

std::optional<std::vector<EventResult>> GroupCommitter::write(const KioskIdentity& kiosk, const KioskReport& report,
                                                              const std::vector<CheckedEvent>& events) {
    Job job;
    job.batch.kiosk = &kiosk;
    job.batch.report = &report;
    job.batch.events = &events;
    impl_->run_job(job);
    return std::move(job.batch.results);
}

void GroupCommitter::touch(const KioskIdentity& kiosk) {
    Job job;
    job.batch.kiosk = &kiosk;
    impl_->run_job(job);
}

void GroupCommitter::touch_all(const std::vector<KioskIdentity>& kiosks) {
    std::vector<Job> jobs(kiosks.size());
    for (std::size_t i = 0; i < kiosks.size(); ++i) jobs[i].batch.kiosk = &kiosks[i];
    impl_->run_jobs(jobs);
}

std::size_t GroupCommitter::queued() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->queue.size();
}

std::size_t GroupCommitter::writing() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->writing;
}

}  // namespace floorsync::collector

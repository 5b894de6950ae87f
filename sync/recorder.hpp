// The kiosk's writer thread: takes events from the UI without blocking it and commits them to the Store.
#pragma once

#include "sync/shared/event.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace floorsync {

struct RecordResult {
    std::uint64_t ticket = 0;
    bool stored = false;  // committed durably; only then may the screen say thank you
    std::string error;    // when not stored: what went wrong, for the status line and the log
};

struct StorageHealth {
    bool ok = true;
    std::string error;  // the last failure while !ok
};

// Anything the screens can hand events to; the Recorder in the app, a fake or a Recorder in tests.
class EventSink {
public:
    virtual ~EventSink() = default;
    // Never blocks on disk. The outcome arrives later through take_results() with the same ticket.
    virtual std::uint64_t submit(Event event) = 0;
    virtual std::vector<RecordResult> take_results() = 0;
};

class Recorder final : public EventSink {
public:
    struct Listener {
        std::function<void()> on_result;     // called on the recorder thread: wake the UI loop
        std::function<void()> on_committed;  // called on the recorder thread: wake the sync engine
    };

    // Opens the store on its own thread. If opening fails, health() says why, every submit fails with
    // that reason, and the next submit tries to open it again (the fault may be gone by then).
    Recorder(std::string db_path, Listener listener);
    ~Recorder() override;  // commits what was already submitted, then joins the thread
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    std::uint64_t submit(Event event) override;
    std::vector<RecordResult> take_results() override;
    StorageHealth health() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync

// Turns SIGINT/SIGTERM into a quit request the frame loop sees, without running code inside a signal handler.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace kiosk::platform {

// Construct first thing in main, before any other thread starts: it blocks SIGINT and SIGTERM for the
// whole process (threads inherit the mask) and waits for them on its own thread with sigwait(). On a signal it
// sets quit_requested() and calls `wake` (glfwPostEmptyEvent is thread-safe, unlike calling it from a handler).
class QuitSignals {
public:
    explicit QuitSignals(std::function<void()> wake);
    ~QuitSignals();  // stops the waiting thread
    QuitSignals(const QuitSignals&) = delete;
    QuitSignals& operator=(const QuitSignals&) = delete;

    bool quit_requested() const { return quit_.load(); }
    int signal_number() const { return signal_.load(); }

private:
    void wait_for_signals();

    std::function<void()> wake_;
    std::atomic<bool> quit_{false};
    std::atomic<bool> stopping_{false};
    std::atomic<int> signal_{0};
    std::thread thread_;
};

}  // namespace kiosk::platform

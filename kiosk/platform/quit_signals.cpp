// A sigwait() thread for SIGINT/SIGTERM; SIGUSR2 sent to that thread only tells it to stop.
#include "kiosk/platform/quit_signals.hpp"

#include <pthread.h>
#include <signal.h>

namespace kiosk::platform {
namespace {

sigset_t waited_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR2);
    return set;
}

}  // namespace

QuitSignals::QuitSignals(std::function<void()> wake) : wake_(std::move(wake)) {
    const sigset_t set = waited_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    thread_ = std::thread([this] { wait_for_signals(); });
}

QuitSignals::~QuitSignals() {
    stopping_ = true;
    pthread_kill(thread_.native_handle(), SIGUSR2);
    thread_.join();
    // The signals stay blocked: a SIGTERM arriving during the last steps of shutdown must not kill the process
    // before it has joined its threads and returned 0.
}

void QuitSignals::wait_for_signals() {
    const sigset_t set = waited_signals();
    while (true) {
        int received = 0;
        if (sigwait(&set, &received) != 0)
            continue;
        if (received == SIGUSR2) {
            if (stopping_)
                return;
            continue;  // someone else's SIGUSR2: not ours to act on
        }
        signal_ = received;
        quit_ = true;
        if (wake_)
            wake_();
    }
}

}  // namespace kiosk::platform

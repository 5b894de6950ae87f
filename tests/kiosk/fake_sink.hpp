// A scripted EventSink for flow tests: keeps every submitted event and answers as the test says.
#pragma once

#include "sync/recorder.hpp"

#include <vector>

namespace kiosk_test {

class FakeSink final : public floorsync::EventSink {
public:
    enum class Mode { store, fail, hold };  // hold: no answer until answer_held()
    Mode mode = Mode::store;
    std::string failure = "database or disk is full";

    std::vector<floorsync::Event> submitted;
    std::vector<floorsync::Event> stored;

    std::uint64_t submit(floorsync::Event event) override {
        const std::uint64_t ticket = ++last_ticket_;
        submitted.push_back(event);
        if (mode == Mode::hold) {
            held_.push_back({ticket, event});
        } else {
            answer(ticket, event, mode == Mode::store);
        }
        return ticket;
    }

    std::vector<floorsync::RecordResult> take_results() override {
        auto results = std::move(ready_);
        ready_.clear();
        return results;
    }

    void answer_held(bool ok) {
        for (auto& [ticket, event] : held_) answer(ticket, event, ok);
        held_.clear();
    }

    std::size_t count(const std::string& type) const {
        std::size_t n = 0;
        for (const auto& event : stored) n += event.type == type;
        return n;
    }

private:
    void answer(std::uint64_t ticket, const floorsync::Event& event, bool ok) {
        if (ok) stored.push_back(event);
        ready_.push_back({ticket, ok, ok ? "" : failure});
    }

    std::uint64_t last_ticket_ = 0;
    std::vector<std::pair<std::uint64_t, floorsync::Event>> held_;
    std::vector<floorsync::RecordResult> ready_;
};

}  // namespace kiosk_test

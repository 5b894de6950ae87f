// Counts open connections in total and per client address; a connection over either limit is refused.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace floorsync::collector {

class ConnectionLimits {
public:
    ConnectionLimits(std::size_t max_total, std::size_t max_per_address)
        : max_total_(max_total), max_per_address_(max_per_address) {}

    // Held for a connection's whole life; gives its place back when destroyed.
    class Slot {
    public:
        Slot(ConnectionLimits* limits, std::string address) : limits_(limits), address_(std::move(address)) {}
        Slot(Slot&& other) noexcept : limits_(other.limits_), address_(std::move(other.address_)) { other.limits_ = nullptr; }
        Slot& operator=(Slot&&) = delete;
        Slot(const Slot&) = delete;
        ~Slot() {
            if (limits_) limits_->release(address_);
        }
        const std::string& address() const { return address_; }

    private:
        ConnectionLimits* limits_;
        std::string address_;
    };

    // nullopt when the total or this address is at its limit.
    std::optional<Slot> admit(const std::string& address) {
        std::lock_guard lock(mutex_);
        if (total_ >= max_total_) return std::nullopt;
        std::size_t& mine = per_address_[address];
        if (mine >= max_per_address_) {
            if (mine == 0) per_address_.erase(address);
            return std::nullopt;
        }
        ++mine;
        ++total_;
        return Slot(this, address);
    }

    std::size_t open() const {
        std::lock_guard lock(mutex_);
        return total_;
    }

private:
    void release(const std::string& address) {
        std::lock_guard lock(mutex_);
        --total_;
        const auto found = per_address_.find(address);
        if (found != per_address_.end() && --found->second == 0) per_address_.erase(found);
    }

    const std::size_t max_total_;
    const std::size_t max_per_address_;
    mutable std::mutex mutex_;
    std::size_t total_ = 0;
    std::unordered_map<std::string, std::size_t> per_address_;
};

}  // namespace floorsync::collector

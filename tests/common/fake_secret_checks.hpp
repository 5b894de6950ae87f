// A SecretChecks for screen tests: the real shared crypto and LockoutPolicy, run synchronously, lockouts in memory.
// Results wait in take_results() as the worker's would; hold() keeps them back to test "still checking".
#pragma once

#include "sync/secret_checks.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace kiosk_test {

class FakeSecretChecks final : public floorsync::SecretChecks {
public:
    using Clock = std::function<floorsync::SystemTime()>;
    explicit FakeSecretChecks(Clock wall_now, floorsync::LockoutPolicy policy = {})
        : wall_now_(std::move(wall_now)), policy_(policy) {}

    std::uint64_t check_pin(std::string pin, std::vector<floorsync::ambassador::Credential> credentials) override {
        floorsync::SecretResult result = begin(floorsync::LockKind::pin);
        if (result.outcome != Outcome::locked) {
            for (const auto& c : credentials) {
                const auto key = floorsync::ambassador::derive_pin_key(pin, c.salt, c.params);
                if (floorsync::ambassador::check_value(key, c.id) == c.check) {
                    result.session = floorsync::AmbassadorSession{c.id, c.name, c.department,
                                                                   floorsync::ambassador::mac_key(key, c.id)};
                    break;
                }
            }
            finish(result, floorsync::LockKind::pin, result.session.has_value());
        }
        ++pin_checks;
        return push(std::move(result));
    }

    std::uint64_t look_up_pickup(std::string code, std::vector<std::string> known) override {
        floorsync::SecretResult result = begin(floorsync::LockKind::pickup);
        if (result.outcome != Outcome::locked) {
            auto keys = floorsync::pickup::derive(code);
            const bool found = std::find(known.begin(), known.end(), keys.id) != known.end();
            if (found) result.pickup = std::move(keys);
            finish(result, floorsync::LockKind::pickup, found);
        }
        return push(std::move(result));
    }

    std::uint64_t new_pickup() override {
        floorsync::SecretResult result;
        result.code = floorsync::pickup::new_code();
        result.pickup = floorsync::pickup::derive(result.code);
        result.outcome = Outcome::accepted;
        return push(std::move(result));
    }

    floorsync::Lockout lockout(floorsync::LockKind kind) const override {
        const auto found = lockouts_.find(kind);
        return found == lockouts_.end() ? floorsync::Lockout{} : found->second;
    }

    std::vector<floorsync::SecretResult> take_results() override {
        if (held) return {};
        return std::exchange(results_, {});
    }

    bool held = false;  // true: results wait, as while Argon2id runs
    int pin_checks = 0;

private:
    using Outcome = floorsync::SecretResult::Outcome;

    floorsync::SecretResult begin(floorsync::LockKind kind) {
        floorsync::SecretResult result;
        result.lockout = lockout(kind);
        if (result.lockout.locked(wall_now_())) result.outcome = Outcome::locked;
        return result;
    }
    void finish(floorsync::SecretResult& result, floorsync::LockKind kind, bool right) {
        result.outcome = right ? Outcome::accepted : Outcome::refused;
        result.lockout = right ? floorsync::Lockout{} : policy_.after_failure(result.lockout, wall_now_());
        lockouts_[kind] = result.lockout;
    }
    std::uint64_t push(floorsync::SecretResult result) {
        result.ticket = ++last_ticket_;
        results_.push_back(std::move(result));
        return last_ticket_;
    }

    Clock wall_now_;
    floorsync::LockoutPolicy policy_;
    std::map<floorsync::LockKind, floorsync::Lockout> lockouts_;
    std::vector<floorsync::SecretResult> results_;
    std::uint64_t last_ticket_ = 0;
};

}  // namespace kiosk_test

// Central-team accounts and their browser sessions: adding and removing accounts, passwords (Argon2id), sign-in with
// throttling per account and per address, session checks with idle and absolute expiry, sign-out.
#pragma once

#include "collector/dashboard/web.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::collector::dashboard {

// What the account rules refuse: a bad name or password, an unknown account, a name already taken.
struct AccountError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline constexpr std::size_t kPasswordMinChars = 12;   // code points
inline constexpr std::size_t kPasswordMaxBytes = 256;
inline constexpr std::size_t kNameMaxChars = 64;
// The reply to a sign-in that arrives while another one for the same account or address is being checked.
inline constexpr const char* kBusyMessage = "Too many sign-ins at once; try again in a moment.";

// The cost of crypto_pwhash_str. Production uses the interactive limits (64 MiB); tests may use the lowest.
struct PasswordLimits {
    std::uint64_t opslimit = 0;
    std::size_t memlimit = 0;  // bytes
    static PasswordLimits interactive();  // crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE
    static PasswordLimits lowest();       // crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN: tests only
};

struct SignInResult {
    enum class Outcome { signed_in, refused, throttled };
    Outcome outcome = Outcome::refused;
    std::string message;  // for the person: why not (empty when signed in)
    int retry_after_seconds = 0;  // throttled: how long to wait
    // signed_in:
    std::string token;  // the cookie's value: never stored, only hash_token(token)
    Account account;
    std::string csrf_token;
};

struct SessionCheck {
    enum class State { valid, ended, none };  // ended: it existed but expired (say so); none: no such session
    State state = State::none;
    Account account;
    std::string csrf_token;
};

// Thread-safe: each call leases a connection of the pool. At most two password hashes run at once in the process.
class AccountService {
public:
    using Clock = std::function<SystemTime()>;
    AccountService(AccountTablePool& accounts, const DashboardSettings& settings,
                   PasswordLimits limits = PasswordLimits::interactive(),
                   Clock clock = [] { return std::chrono::system_clock::now(); });

    // Throws AccountError: a name of 1..64 characters (no control characters), unique among active accounts; a
    // password of 12 characters to 256 bytes.
    UserRecord add_user(const std::string& name, std::string_view password);
    // Every account, removed ones too, by name.
    std::vector<UserRecord> list_users();
    // Throws AccountError for an unknown name. Both end every session of the account.
    void reset_password(const std::string& name, std::string_view password);
    void remove_user(const std::string& name);

    // Refused and throttled replies are the same whether or not the account exists. While a key is blocked the
    // password is not checked at all. While another sign-in of the same account or address is running, the reply is
    // throttled at once (retry after 1 second, kBusyMessage).
    SignInResult sign_in(const std::string& name, std::string_view password, const std::string& address);
    // A valid session is marked used now (at most once a minute, to spare the database).
    SessionCheck check_session(std::string_view token);
    void sign_out(std::string_view token);

    static std::string throttle_key_for_user(const std::string& name) { return "user:" + name; }
    static std::string throttle_key_for_address(const std::string& address) { return "address:" + address; }

private:
    // Holds the throttle keys of one sign-in, so that attempts under one key never overlap in this process: a burst
    // of parallel guesses cannot all pass the throttle check before the first failure is recorded. An attempt whose
    // key is busy is refused at once rather than waiting, so sign-ins never hold worker threads (which also serve
    // kiosk uploads) while another's password hash runs.
    class KeyLocks {
    public:
        // False (and nothing held) when any of the keys is held already.
        bool try_lock(const std::vector<std::string>& keys);
        void unlock(const std::vector<std::string>& keys);

    private:
        std::mutex mutex_;
        std::set<std::string> busy_;
    };

    std::string hash_password(std::string_view password);
    bool verify_password(const std::string& hash, std::string_view password);
    bool needs_rehash(const std::string& hash) const;
    // How long the key is still blocked, in whole seconds rounded up (0: not blocked).
    int blocked_seconds(AccountTable& table, const std::string& key, SystemTime now);
    // One more failure under the key, and the delay it earns.
    void record_failure(AccountTable& table, const std::string& key, SystemTime now);
    std::optional<UserRecord> active_user(const std::string& name);

    AccountTablePool& accounts_;
    const DashboardSettings& settings_;
    PasswordLimits limits_;
    Clock clock_;
    KeyLocks key_locks_;
    std::string dummy_hash_;  // verified against for unknown names, so they take as long as known ones
    std::mutex dummy_mutex_;
};

}  // namespace floorsync::collector::dashboard

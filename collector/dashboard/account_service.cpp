// Accounts, passwords (crypto_pwhash_str, Argon2id), sign-in throttling with a growing delay, and sessions whose
// tokens are stored only as hashes.
#include "collector/dashboard/account_service.hpp"

#include "collector/registry.hpp"
#include "sync/shared/sodium_support.hpp"
#include "sync/shared/text_rules.hpp"
#include "sync/shared/utf8.hpp"

#include <sodium.h>

#include <algorithm>
#include <semaphore>

namespace floorsync::collector::dashboard {

namespace {

constexpr std::size_t kTokenBytes = 32;
// A valid session is written back as used at most this often: a page with its script and style sheet is one write.
constexpr auto kTouchInterval = std::chrono::minutes(1);
// Failures under a key are forgotten after a day without any.
constexpr auto kForgetFailuresAfter = std::chrono::hours(24);
constexpr const char* kRefused = "The name or the password is not right.";

// Each interactive hash takes 64 MiB: a burst of sign-ins must not take the collector's memory.
std::counting_semaphore<2> hash_slots(2);

struct HashSlot {
    HashSlot() { hash_slots.acquire(); }
    ~HashSlot() { hash_slots.release(); }
    HashSlot(const HashSlot&) = delete;
    HashSlot& operator=(const HashSlot&) = delete;
};

std::string random_hex(std::size_t bytes) {
    std::vector<std::uint8_t> buffer(bytes);
    randombytes_buf(buffer.data(), buffer.size());
    std::string hex = crypto::to_hex(buffer.data(), buffer.size());
    sodium_memzero(buffer.data(), buffer.size());
    return hex;
}

std::string throttled_message(int seconds) {
    return "Too many failed sign-ins; try again in " + std::to_string(seconds) + (seconds == 1 ? " second." : " seconds.");
}

void check_name(const std::string& name) {
    if (const auto why = text_rules::violation(name, text_rules::Rule{kNameMaxChars, false}))
        throw AccountError("the name " + *why);
    if (name.front() == ' ' || name.back() == ' ') throw AccountError("the name must not begin or end with a space");
}

void check_password(std::string_view password) {
    if (password.size() > kPasswordMaxBytes)
        throw AccountError("the password is longer than " + std::to_string(kPasswordMaxBytes) + " bytes");
    if (!utf8::is_valid(password)) throw AccountError("the password is not valid UTF-8");
    if (utf8::count_codepoints(password) < kPasswordMinChars)
        throw AccountError("the password must have at least " + std::to_string(kPasswordMinChars) + " characters");
}

// The table of one call, discarded (not reused) when the database failed.
template <class Work>
auto with_table(AccountTablePool& pool, Work&& work) {
    auto lease = pool.acquire();
    try {
        return work(*lease);
    } catch (const StorageError&) {
        lease.discard();
        throw;
    }
}

int seconds_until(SystemTime later, SystemTime now) {
    if (later <= now) return 0;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(later - now).count();
    return static_cast<int>((left + 999) / 1000);  // rounded up: "try again in 0 seconds" would be wrong
}

}  // namespace

PasswordLimits PasswordLimits::interactive() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordLimits PasswordLimits::lowest() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

bool AccountService::KeyLocks::try_lock(const std::vector<std::string>& keys) {
    std::lock_guard lock(mutex_);
    if (std::any_of(keys.begin(), keys.end(), [&](const std::string& key) { return busy_.count(key) != 0; }))
        return false;
    busy_.insert(keys.begin(), keys.end());
    return true;
}

void AccountService::KeyLocks::unlock(const std::vector<std::string>& keys) {
    std::lock_guard lock(mutex_);
    for (const auto& key : keys) busy_.erase(key);
}

AccountService::AccountService(AccountTablePool& accounts, const DashboardSettings& settings, PasswordLimits limits,
                               Clock clock)
    : accounts_(accounts), settings_(settings), limits_(limits), clock_(std::move(clock)) {
    crypto::ensure_sodium();
}

std::string AccountService::hash_password(std::string_view password) {
    char hash[crypto_pwhash_STRBYTES];
    HashSlot slot;
    if (crypto_pwhash_str(hash, password.data(), password.size(), limits_.opslimit, limits_.memlimit) != 0)
        throw std::runtime_error("not enough memory to hash a password");
    return hash;
}

bool AccountService::verify_password(const std::string& hash, std::string_view password) {
    HashSlot slot;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool AccountService::needs_rehash(const std::string& hash) const {
    return crypto_pwhash_str_needs_rehash(hash.c_str(), limits_.opslimit, limits_.memlimit) != 0;
}

std::optional<UserRecord> AccountService::active_user(const std::string& name) {
    return with_table(accounts_, [&](AccountTable& table) { return table.find_active_user_by_name(name); });
}

UserRecord AccountService::add_user(const std::string& name, std::string_view password) {
    check_name(name);
    check_password(password);
    UserRecord user;
    user.id = new_uuid_v4();
    user.name = name;
    user.password_hash = hash_password(password);
    user.created_at = format_rfc3339_utc(clock_());
    const bool added = with_table(accounts_, [&](AccountTable& table) { return table.insert_user(user); });
    if (!added) throw AccountError("an account named '" + name + "' already exists");
    return user;
}

std::vector<UserRecord> AccountService::list_users() {
    return with_table(accounts_, [](AccountTable& table) { return table.list_users(); });
}

void AccountService::reset_password(const std::string& name, std::string_view password) {
    check_password(password);
    const auto user = active_user(name);
    if (!user) throw AccountError("no account named '" + name + "'");
    const std::string hash = hash_password(password);
    const bool changed = with_table(accounts_, [&](AccountTable& table) { return table.set_password_hash(user->id, hash); });
    if (!changed) throw AccountError("no account named '" + name + "'");
}

void AccountService::remove_user(const std::string& name) {
    const auto user = active_user(name);
    if (!user) throw AccountError("no account named '" + name + "'");
    const std::string now = format_rfc3339_utc(clock_());
    const bool removed = with_table(accounts_, [&](AccountTable& table) { return table.remove_user(user->id, now); });
    if (!removed) throw AccountError("no account named '" + name + "'");
}

int AccountService::blocked_seconds(AccountTable& table, const std::string& key, SystemTime now) {
    const auto record = table.find_throttle(key);
    if (!record || record->blocked_until.empty()) return 0;
    const auto until = parse_rfc3339(record->blocked_until);
    return until ? seconds_until(*until, now) : 0;
}

// blocked_until doubles as the time of the last failure: a failure within the free ones stores "now" (already past,
// so not blocked), so that a quiet day can forget the count.
void AccountService::record_failure(AccountTable& table, const std::string& key, SystemTime now) {
    ThrottleRecord record = table.find_throttle(key).value_or(ThrottleRecord{key, 0, ""});
    if (!record.blocked_until.empty()) {
        const auto last = parse_rfc3339(record.blocked_until);
        if (!last || now - *last > kForgetFailuresAfter) record.failures = 0;
    }
    ++record.failures;
    SystemTime until = now;
    const std::int64_t over = record.failures - settings_.signin_free_failures;
    if (over > 0) {
        std::int64_t delay = settings_.signin_delay_seconds;
        for (std::int64_t i = 1; i < over && delay < settings_.signin_max_delay_seconds; ++i) delay *= 2;
        delay = std::min<std::int64_t>(delay, settings_.signin_max_delay_seconds);
        until = now + std::chrono::seconds(delay);
    }
    record.key = key;
    record.blocked_until = format_rfc3339_utc(until);
    table.put_throttle(record);
}

SignInResult AccountService::sign_in(const std::string& name, std::string_view password, const std::string& address) {
    const std::vector<std::string> keys{throttle_key_for_user(name), throttle_key_for_address(address)};
    if (!key_locks_.try_lock(keys)) {
        SignInResult busy;
        busy.outcome = SignInResult::Outcome::throttled;
        busy.retry_after_seconds = 1;
        busy.message = kBusyMessage;
        return busy;
    }
    struct Unlock {
        KeyLocks& locks;
        const std::vector<std::string>& keys;
        ~Unlock() { locks.unlock(keys); }
    } unlock{key_locks_, keys};

    const SystemTime now = clock_();
    SignInResult result;
    const int wait = with_table(accounts_, [&](AccountTable& table) {
        return std::max(blocked_seconds(table, keys[0], now), blocked_seconds(table, keys[1], now));
    });
    if (wait > 0) {
        result.outcome = SignInResult::Outcome::throttled;
        result.retry_after_seconds = wait;
        result.message = throttled_message(wait);
        return result;
    }

    // The database connection is not held while hashing (70 ms, and other requests need it).
    const bool plausible = !name.empty() && name.size() <= kNameMaxChars * 4 && password.size() <= kPasswordMaxBytes;
    const auto user = plausible ? active_user(name) : std::nullopt;
    bool right = false;
    if (user) {
        right = verify_password(user->password_hash, password);
    } else if (plausible) {
        std::string dummy;
        {
            std::lock_guard lock(dummy_mutex_);
            if (dummy_hash_.empty()) dummy_hash_ = hash_password(random_hex(16));
            dummy = dummy_hash_;
        }
        verify_password(dummy, password);  // the same work as for a real account, so timing tells nothing
    }

    if (!right) {
        const SystemTime failed_at = clock_();
        with_table(accounts_, [&](AccountTable& table) {
            for (const auto& key : keys) record_failure(table, key, failed_at);
            return 0;
        });
        result.outcome = SignInResult::Outcome::refused;
        result.message = kRefused;
        return result;
    }

    // Limits raised since the hash was made: store it again under the current ones (ends the account's sessions,
    // which is why it happens before this one is created).
    if (needs_rehash(user->password_hash)) {
        const std::string rehashed = hash_password(password);
        with_table(accounts_, [&](AccountTable& table) { return table.set_password_hash(user->id, rehashed); });
    }

    result.outcome = SignInResult::Outcome::signed_in;
    result.token = random_hex(kTokenBytes);
    result.csrf_token = random_hex(kTokenBytes);
    result.account = Account{user->id, user->name};
    SessionRecord session;
    session.token_hash = hash_token(result.token);
    session.user_id = user->id;
    session.csrf_token = result.csrf_token;
    session.created_at = format_rfc3339_utc(now);
    session.last_used = session.created_at;
    const auto idle_before = format_rfc3339_utc(now - std::chrono::minutes(settings_.session_idle_minutes));
    const auto created_before = format_rfc3339_utc(now - std::chrono::hours(settings_.session_absolute_hours));
    with_table(accounts_, [&](AccountTable& table) {
        table.clear_throttle(keys[0]);  // the account's count; the address keeps its own
        table.delete_expired_sessions(idle_before, created_before);
        table.insert_session(session);
        return 0;
    });
    return result;
}

SessionCheck AccountService::check_session(std::string_view token) {
    SessionCheck check;
    if (!crypto::is_lower_hex(token, kTokenBytes)) return check;
    const std::string token_hash = hash_token(token);
    const SystemTime now = clock_();
    return with_table(accounts_, [&](AccountTable& table) {
        const auto session = table.find_session(token_hash);
        if (!session) return check;
        const auto created = parse_rfc3339(session->created_at);
        const auto used = parse_rfc3339(session->last_used);
        if (!created || !used || now - *used >= std::chrono::minutes(settings_.session_idle_minutes) ||
            now - *created >= std::chrono::hours(settings_.session_absolute_hours)) {
            table.delete_session(token_hash);
            check.state = SessionCheck::State::ended;
            return check;
        }
        const auto user = table.find_user(session->user_id);
        if (!user || !user->removed_at.empty()) {
            table.delete_session(token_hash);
            check.state = SessionCheck::State::ended;
            return check;
        }
        if (now - *used >= kTouchInterval) table.touch_session(token_hash, format_rfc3339_utc(now));
        check.state = SessionCheck::State::valid;
        check.account = Account{user->id, user->name};
        check.csrf_token = session->csrf_token;
        return check;
    });
}

void AccountService::sign_out(std::string_view token) {
    if (!crypto::is_lower_hex(token, kTokenBytes)) return;
    const std::string token_hash = hash_token(token);
    with_table(accounts_, [&](AccountTable& table) {
        table.delete_session(token_hash);
        return 0;
    });
}

}  // namespace floorsync::collector::dashboard

// SecretWorker: one thread that runs every Argon2id derivation of the kiosk (PINs, pickup codes) in request order,
// and keeps the lockout counts in memory and, before each answer, on disk.
#include "sync/secret_worker.hpp"

#include "sync/shared/secret_bytes.hpp"
#include "sync/sqlite.hpp"
#include "sync/store.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <utility>

namespace floorsync {
namespace {

using Outcome = SecretResult::Outcome;

void wipe_string(std::string& text) {
    if (!text.empty()) wipe_memory(text.data(), text.size());
    text.clear();
}

struct Request {
    enum class Kind { pin, pickup, new_code } kind = Kind::new_code;
    std::uint64_t ticket = 0;
    // The PIN or the code. On the heap and never moved as a string: moving a short std::string copies its
    // characters and leaves them behind in the source, where no one would wipe them.
    std::unique_ptr<std::string> secret;
    std::vector<ambassador::Credential> credentials;
    std::vector<std::string> known_pickup_ids;
};

// Whether the attempt named someone: yes, no, nothing could be checked at all (nothing was learned either), or it
// named more than one person (a PIN shared across departments, which the collector refuses to hand out).
enum class Match { yes, no, unchecked, ambiguous };

bool same_hex(const std::string& a, const std::string& b) {
    return a.size() == b.size() &&
           equal_in_constant_time(reinterpret_cast<const std::uint8_t*>(a.data()),
                                  reinterpret_cast<const std::uint8_t*>(b.data()), a.size());
}

// One Argon2id run per distinct (salt, limits): a kiosk of one department pays one run, whatever the number of its
// ambassadors. A PIN that cannot be anyone's (not 6 to 12 digits) is wrong without hashing.
Match match_pin(const std::string& pin, const std::vector<ambassador::Credential>& credentials, SecretResult& result) {
    if (ambassador::pin_problem(pin)) return Match::no;
    using GroupKey = std::tuple<std::string, std::uint64_t, std::uint64_t>;
    std::map<GroupKey, std::vector<const ambassador::Credential*>> groups;
    for (const ambassador::Credential& credential : credentials)
        groups[{credential.salt, credential.params.opslimit, credential.params.memlimit}].push_back(&credential);
    bool any_checked = false;
    std::size_t matches = 0;
    std::string problem;
    for (const auto& [group, members] : groups) {
        std::optional<ambassador::PinKey> key;
        try {
            key.emplace(ambassador::derive_pin_key(pin, std::get<0>(group), members.front()->params));
        } catch (const std::exception& error) {
            problem = error.what();
            continue;
        }
        any_checked = true;
        // Every member is compared, also after a match: the time taken does not depend on who matched.
        for (const ambassador::Credential* credential : members) {
            if (!same_hex(ambassador::check_value(*key, credential->id), credential->check)) continue;
            if (++matches == 1)
                result.session = AmbassadorSession{credential->id, credential->name, credential->department,
                                                   ambassador::mac_key(*key, credential->id)};
        }
    }
    // Picking one would let one ambassador act as another (the first match need not be the person at the kiosk).
    if (matches > 1) {
        result.session.reset();
        result.error = "this PIN belongs to more than one ambassador; ask the central team to reset it";
        return Match::ambiguous;
    }
    if (result.session) return Match::yes;
    // Counted as wrong as soon as one group was checked: the attempt told something, so it must cost an attempt.
    if (!any_checked && !groups.empty()) {
        result.error = "the PIN could not be checked: " + problem;
        return Match::unchecked;
    }
    return Match::no;
}

Match match_pickup(const std::string& code, const std::vector<std::string>& known_ids, SecretResult& result) {
    std::optional<std::string> normalised = pickup::normalise(code);
    if (!normalised) return Match::no;
    std::optional<pickup::Keys> keys;
    try {
        keys.emplace(pickup::derive(*normalised));
    } catch (const std::exception& error) {
        wipe_string(*normalised);
        result.error = std::string("the code could not be checked: ") + error.what();
        return Match::unchecked;
    }
    wipe_string(*normalised);
    if (std::find(known_ids.begin(), known_ids.end(), keys->id) == known_ids.end()) return Match::no;
    result.pickup = std::move(*keys);
    return Match::yes;
}

}  // namespace

struct SecretWorker::Impl {
    const std::string db_path;
    const std::function<void()> on_result;
    const LockoutPolicy policy;
    const std::function<SystemTime()> wall_clock;

    mutable std::mutex mutex;
    std::condition_variable wake;
    std::deque<Request> queue;
    std::vector<SecretResult> results;
    std::map<LockKind, Lockout> lockouts;  // what lockout() answers; the worker's truth once counts_loaded
    std::uint64_t last_ticket = 0;
    bool stopping = false;

    // Worker-thread state.
    std::unique_ptr<Store> store;
    bool counts_loaded = false;
    std::string store_problem;  // why the counts could not be read
    std::thread thread;

    Impl(std::string path, std::function<void()> callback, LockoutPolicy given, std::function<SystemTime()> clock)
        : db_path(std::move(path)), on_result(std::move(callback)), policy(given), wall_clock(std::move(clock)) {}

    std::uint64_t enqueue(Request request) {
        std::uint64_t ticket;
        {
            std::lock_guard lock(mutex);
            ticket = request.ticket = ++last_ticket;
            queue.push_back(std::move(request));
        }
        wake.notify_all();
        return ticket;
    }

    // A lock that lasts longer than the policy's longest (the clock was set back, or a damaged row) ends then.
    Lockout limited(Lockout lockout, SystemTime now) const {
        if (lockout.locked_until && *lockout.locked_until > now + policy.longest_lock)
            lockout.locked_until = now + policy.longest_lock;
        return lockout;
    }

    bool open_store() {
        if (store) return true;
        try {
            store = std::make_unique<Store>(db_path);
            return true;
        } catch (const StoreError& error) {
            store_problem = error.what();
            return false;
        }
    }

    // Until the counts are read, no attempt is tried: a kiosk that cannot read them must not start over from 0.
    bool load_counts() {
        if (counts_loaded) return true;
        if (!open_store()) return false;
        try {
            const SystemTime now = wall_clock();
            const Lockout pin = limited(store->lockout(LockKind::pin), now);
            const Lockout code = limited(store->lockout(LockKind::pickup), now);
            std::lock_guard lock(mutex);
            lockouts[LockKind::pin] = pin;
            lockouts[LockKind::pickup] = code;
        } catch (const StoreError& error) {
            store_problem = error.what();
            store.reset();
            return false;
        }
        counts_loaded = true;
        return true;
    }

    Lockout current(LockKind kind) const {
        std::lock_guard lock(mutex);
        const auto found = lockouts.find(kind);
        return found == lockouts.end() ? Lockout{} : found->second;
    }

    void set_current(LockKind kind, const Lockout& lockout) {
        std::lock_guard lock(mutex);
        lockouts[kind] = lockout;
    }

    SecretResult attempt(const Request& request) {
        const LockKind kind = request.kind == Request::Kind::pin ? LockKind::pin : LockKind::pickup;
        SecretResult result;
        result.lockout = current(kind);
        if (!load_counts()) {
            result.outcome = Outcome::failed;
            result.error = "cannot read the lockout counts: " + store_problem;
            return result;
        }
        const SystemTime now = wall_clock();
        const Lockout before = current(kind);
        result.lockout = before;
        if (before.locked(now)) {
            result.outcome = Outcome::locked;
            return result;
        }
        const Match match = kind == LockKind::pin ? match_pin(*request.secret, request.credentials, result)
                                                  : match_pickup(*request.secret, request.known_pickup_ids, result);
        // Neither counts as a wrong attempt nor resets the count: nothing was checked, or the PIN was right but
        // names two people, which is the central team's mistake to fix, not a guess.
        if (match == Match::unchecked || match == Match::ambiguous) {
            result.outcome = Outcome::failed;
            return result;
        }
        const Lockout after = match == Match::yes ? Lockout{} : policy.after_failure(before, now);
        try {
            if (!open_store()) throw StoreError(store_problem, sqlite::code_cantopen);
            store->write_lockout(kind, after);
        } catch (const StoreError& error) {
            // Not a word on whether it was right: otherwise a disk that refuses writes would allow guessing
            // without a lockout. A wrong attempt still counts in memory; a right one does not reset the count.
            store.reset();
            if (match == Match::no) set_current(kind, after);
            result.session.reset();
            result.pickup.reset();
            result.outcome = Outcome::failed;
            result.lockout = current(kind);
            result.error = std::string("cannot record the attempt: ") + error.what();
            return result;
        }
        set_current(kind, after);
        result.lockout = after;
        result.outcome = match == Match::yes ? Outcome::accepted : Outcome::refused;
        return result;
    }

    static SecretResult new_code() {
        SecretResult result;
        try {
            result.code = pickup::new_code();
            result.pickup = pickup::derive(result.code);
            result.outcome = Outcome::accepted;
        } catch (const std::exception& error) {
            result = SecretResult{};
            result.outcome = Outcome::failed;
            result.error = std::string("cannot make a pickup code: ") + error.what();
        }
        return result;
    }

    void run() {
        load_counts();
        if (on_result) on_result();  // the counts are known now: the screen may show a lock
        for (;;) {
            Request request;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [this] { return stopping || !queue.empty(); });
                if (stopping) return;
                request = std::move(queue.front());
                queue.pop_front();
            }
            SecretResult result = request.kind == Request::Kind::new_code ? new_code() : attempt(request);
            if (request.secret) wipe_string(*request.secret);
            result.ticket = request.ticket;
            {
                std::lock_guard lock(mutex);
                if (stopping) return;  // nobody is there to take it
                results.push_back(std::move(result));
            }
            if (on_result) on_result();
        }
    }
};

SecretWorker::SecretWorker(std::string db_path, std::function<void()> on_result, LockoutPolicy policy,
                           std::function<SystemTime()> wall_clock)
    : impl_(std::make_unique<Impl>(std::move(db_path), std::move(on_result), policy, std::move(wall_clock))) {
    impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

SecretWorker::~SecretWorker() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
        for (Request& request : impl_->queue)
            if (request.secret) wipe_string(*request.secret);
        impl_->queue.clear();
    }
    impl_->wake.notify_all();
    impl_->thread.join();
}

std::uint64_t SecretWorker::check_pin(std::string pin, std::vector<ambassador::Credential> credentials) {
    Request request;
    request.kind = Request::Kind::pin;
    request.secret = std::make_unique<std::string>(pin);
    wipe_string(pin);
    request.credentials = std::move(credentials);
    return impl_->enqueue(std::move(request));
}

std::uint64_t SecretWorker::look_up_pickup(std::string normalised_code, std::vector<std::string> known_pickup_ids) {
    Request request;
    request.kind = Request::Kind::pickup;
    request.secret = std::make_unique<std::string>(normalised_code);
    wipe_string(normalised_code);
    request.known_pickup_ids = std::move(known_pickup_ids);
    return impl_->enqueue(std::move(request));
}

std::uint64_t SecretWorker::new_pickup() {
    Request request;
    request.kind = Request::Kind::new_code;
    return impl_->enqueue(std::move(request));
}

Lockout SecretWorker::lockout(LockKind kind) const { return impl_->current(kind); }

std::vector<SecretResult> SecretWorker::take_results() {
    std::lock_guard lock(impl_->mutex);
    return std::exchange(impl_->results, {});
}

}  // namespace floorsync

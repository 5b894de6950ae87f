// SecretWorker with a real SQLite file and real libsodium: right and wrong PINs, the lockout and its growth, the
// lockout surviving a restart, pickup lookups, new codes, a disk that refuses the count, a PIN two ambassadors
// share, no PIN in the file.
#include "sync/secret_worker.hpp"
#include "sync/sqlite.hpp"
#include "sync/store.hpp"
#include "sync_test_support.hpp"

#include "common/sample_questions.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>

using namespace floorsync;
using namespace sync_test;
using namespace std::chrono_literals;
using Outcome = SecretResult::Outcome;

namespace {

const std::string kAnnaPin = "48151623";
const std::string kBoPin = "27182818";

// A wall clock the test moves by hand, so lockouts can be crossed without waiting.
struct TestClock {
    std::mutex mutex;
    SystemTime now = parse_rfc3339("2026-12-01T10:00:00Z").value();
    SystemTime read() {
        std::lock_guard lock(mutex);
        return now;
    }
    void advance(std::chrono::seconds by) {
        std::lock_guard lock(mutex);
        now += by;
    }
};

// A worker on a kiosk database in a temp dir, and a way to wait for the answer to one request.
struct WorkerRig {
    TempDir dir;
    std::string db_path = dir.file("kiosk.db");
    TestClock clock;
    std::atomic<int> wakes{0};
    std::unique_ptr<SecretWorker> worker;
    std::vector<ambassador::Credential> credentials = {
        kiosk_test::make_credential(1, "Anna", "warehouse", kAnnaPin),
        kiosk_test::make_credential(2, "Bo", "warehouse", kBoPin)};

    WorkerRig() { start(); }

    void start() {
        wakes = 0;
        worker = std::make_unique<SecretWorker>(db_path, [this] { ++wakes; }, LockoutPolicy{},
                                                [this] { return clock.read(); });
        // The first wake-up says the counts are loaded.
        REQUIRE(eventually([&] { return wakes > 0; }, 10s));
    }

    SecretResult wait_for(std::uint64_t ticket) {
        std::optional<SecretResult> found;
        REQUIRE(eventually(
            [&] {
                for (SecretResult& result : worker->take_results())
                    if (result.ticket == ticket) found = std::move(result);
                return found.has_value();
            },
            30s));
        return std::move(*found);
    }

    SecretResult pin(const std::string& pin) { return wait_for(worker->check_pin(pin, credentials)); }
};

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("secrets: the right PIN unlocks with the ambassador's session and MAC key; a wrong one is counted") {
    WorkerRig rig;
    const SecretResult wrong = rig.pin("11111111");
    CHECK(wrong.outcome == Outcome::refused);
    CHECK_FALSE(wrong.session);
    CHECK(wrong.lockout.failures == 1);
    CHECK_FALSE(wrong.lockout.locked_until);
    CHECK(rig.worker->lockout(LockKind::pin).failures == 1);

    const SecretResult bo = rig.pin(kBoPin);
    CHECK(bo.outcome == Outcome::accepted);
    REQUIRE(bo.session);
    CHECK(bo.session->ambassador_id == rig.credentials[1].id);
    CHECK(bo.session->name == "Bo");
    CHECK(bo.session->department == "warehouse");
    const auto expected = ambassador::mac_key(
        ambassador::derive_pin_key(kBoPin, kiosk_test::kDepartmentSalt, kiosk_test::kFastKdf), rig.credentials[1].id);
    CHECK(bo.session->mac == expected);
    // A right PIN starts over, on disk too.
    CHECK(bo.lockout == Lockout{});
    CHECK(Store(rig.db_path).lockout(LockKind::pin) == Lockout{});

    // Not 6 to 12 digits: wrong without hashing, and counted like any wrong PIN.
    CHECK(rig.pin("12ab").outcome == Outcome::refused);
    CHECK(rig.pin("").lockout.failures == 2);
    // No credentials at all: no PIN is right.
    CHECK(rig.wait_for(rig.worker->check_pin(kAnnaPin, {})).outcome == Outcome::refused);
}

TEST_CASE("secrets: 5 wrong PINs lock entry for a minute; every further one doubles it, up to an hour") {
    WorkerRig rig;
    for (int i = 1; i <= 4; ++i) {
        const SecretResult result = rig.pin("00000" + std::to_string(i) + "00");
        CHECK(result.outcome == Outcome::refused);
        CHECK(result.lockout.failures == i);
        CHECK_FALSE(result.lockout.locked_until);
    }
    const SystemTime fifth_at = rig.clock.read();
    const SecretResult fifth = rig.pin("99999999");
    CHECK(fifth.outcome == Outcome::refused);
    CHECK(fifth.lockout.failures == 5);
    REQUIRE(fifth.lockout.locked_until);
    CHECK(*fifth.lockout.locked_until == fifth_at + 60s);

    // While locked even the right PIN is not tried, and nothing is counted.
    rig.clock.advance(59s);
    const SecretResult locked = rig.pin(kAnnaPin);
    CHECK(locked.outcome == Outcome::locked);
    CHECK_FALSE(locked.session);
    CHECK(locked.lockout == fifth.lockout);
    // Credentials that could not even be hashed (a malformed salt) show that no Argon2id run happened.
    auto unhashable = rig.credentials;
    unhashable[0].salt = "zz";
    CHECK(rig.wait_for(rig.worker->check_pin(kAnnaPin, unhashable)).outcome == Outcome::locked);

    // Growth: 2, 4, ... minutes, capped at one hour.
    std::chrono::seconds expected_lock = 60s;
    for (int failures = 6; failures <= 13; ++failures) {
        rig.clock.advance(expected_lock);
        const SecretResult again = rig.pin("12312312");
        CHECK(again.outcome == Outcome::refused);
        CHECK(again.lockout.failures == failures);
        expected_lock = std::min<std::chrono::seconds>(expected_lock * 2, std::chrono::hours(1));
        REQUIRE(again.lockout.locked_until);
        CHECK(*again.lockout.locked_until == rig.clock.read() + expected_lock);
    }
    CHECK(expected_lock == std::chrono::hours(1));

    // After the lock, the right PIN unlocks and starts over.
    rig.clock.advance(expected_lock);
    const SecretResult right = rig.pin(kAnnaPin);
    CHECK(right.outcome == Outcome::accepted);
    CHECK(right.lockout == Lockout{});
}

TEST_CASE("secrets: the lockout survives a restart of the worker (a new instance on the same file)") {
    WorkerRig rig;
    for (int i = 0; i < 5; ++i) REQUIRE(rig.pin("10101010").outcome == Outcome::refused);
    const Lockout before = rig.worker->lockout(LockKind::pin);
    REQUIRE(before.locked(rig.clock.read()));

    rig.worker.reset();
    rig.start();
    CHECK(rig.worker->lockout(LockKind::pin) == before);
    CHECK(rig.worker->lockout(LockKind::pickup) == Lockout{});
    CHECK(rig.pin(kAnnaPin).outcome == Outcome::locked);

    // A lock far beyond the policy (the clock was set back since) is cut to the longest lock.
    rig.worker.reset();
    Store(rig.db_path).write_lockout(LockKind::pin, Lockout{9, rig.clock.read() + std::chrono::hours(24 * 365)});
    rig.start();
    CHECK(*rig.worker->lockout(LockKind::pin).locked_until == rig.clock.read() + std::chrono::hours(1));
}

TEST_CASE("secrets: a pickup code finds its question among the known ids; wrong codes lock like PINs, apart") {
    WorkerRig rig;
    const std::string code = "K7PX4MQ2";
    const auto keys = pickup::derive(code);
    const std::vector<std::string> known = {pickup::derive("ABCDEFGH").id, keys.id};

    const SecretResult found = rig.wait_for(rig.worker->look_up_pickup(code, known));
    CHECK(found.outcome == Outcome::accepted);
    REQUIRE(found.pickup);
    CHECK(found.pickup->id == keys.id);
    CHECK(found.pickup->public_key == keys.public_key);
    CHECK(found.pickup->secret_key == keys.secret_key);

    for (int i = 1; i <= 5; ++i) {
        const SecretResult wrong = rig.wait_for(rig.worker->look_up_pickup("23456789", known));
        CHECK(wrong.outcome == Outcome::refused);
        CHECK(wrong.lockout.failures == i);
    }
    CHECK(rig.worker->lockout(LockKind::pickup).locked(rig.clock.read()));
    CHECK(rig.wait_for(rig.worker->look_up_pickup(code, known)).outcome == Outcome::locked);
    // The PIN count is its own.
    CHECK(rig.worker->lockout(LockKind::pin) == Lockout{});
    CHECK(rig.pin(kAnnaPin).outcome == Outcome::accepted);
    CHECK(Store(rig.db_path).lockout(LockKind::pickup).failures == 5);
}

TEST_CASE("secrets: new_pickup makes a fresh code of 8 symbols and its keys") {
    WorkerRig rig;
    const SecretResult first = rig.wait_for(rig.worker->new_pickup());
    const SecretResult second = rig.wait_for(rig.worker->new_pickup());
    CHECK(first.outcome == Outcome::accepted);
    CHECK(pickup::normalise(first.code) == first.code);
    CHECK(first.code.size() == pickup::code_symbols);
    CHECK(first.code != second.code);
    REQUIRE(first.pickup);
    CHECK(first.pickup->id == pickup::derive(first.code).id);
    CHECK(first.lockout == Lockout{});
}

TEST_CASE("secrets: a count that cannot be written makes the answer failed, also for the right PIN") {
    WorkerRig rig;
    {
        sqlite::Database other(rig.db_path);
        other.exec("CREATE TRIGGER refuse_insert BEFORE INSERT ON lockouts BEGIN SELECT RAISE(ABORT, 'no'); END;"
                   "CREATE TRIGGER refuse_update BEFORE UPDATE ON lockouts BEGIN SELECT RAISE(ABORT, 'no'); END;");
    }
    const SecretResult right = rig.pin(kAnnaPin);
    CHECK(right.outcome == Outcome::failed);
    CHECK_FALSE(right.session);
    CHECK(right.error.find("cannot record the attempt") != std::string::npos);
    // A wrong PIN still counts, in memory, so a refusing disk is no way around the lockout.
    for (int i = 1; i <= 5; ++i) {
        const SecretResult wrong = rig.pin("11223344");
        CHECK(wrong.outcome == Outcome::failed);
        CHECK(wrong.lockout.failures == i);
    }
    CHECK(rig.pin(kAnnaPin).outcome == Outcome::locked);

    {
        sqlite::Database other(rig.db_path);
        other.exec("DROP TRIGGER refuse_insert; DROP TRIGGER refuse_update;");
    }
    rig.clock.advance(std::chrono::hours(1));
    CHECK(rig.pin(kAnnaPin).outcome == Outcome::accepted);
}

TEST_CASE("secrets: a credential with the interactive Argon2id limits is checked as the feed gives it") {
    WorkerRig rig;
    ambassador::Credential real;
    real.id = kiosk_test::ambassador_id(7);
    real.name = "Chris";
    real.department = "warehouse";
    real.salt = ambassador::new_salt_hex();
    real.params = ambassador::interactive_params();
    real.check = ambassador::check_value(ambassador::derive_pin_key("7654321098", real.salt, real.params), real.id);
    rig.credentials.push_back(real);  // two salts, two limits: two derivations
    const SecretResult result = rig.pin("7654321098");
    CHECK(result.outcome == Outcome::accepted);
    REQUIRE(result.session);
    CHECK(result.session->name == "Chris");
    CHECK(rig.pin(kAnnaPin).session->name == "Anna");
}

TEST_CASE("secrets: a PIN two ambassadors of two departments share unlocks neither, and is not counted") {
    WorkerRig rig;
    // A kiosk serving two departments: each department has its own salt, so both credentials match the same PIN.
    const std::string other_salt = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    REQUIRE(other_salt != kiosk_test::kDepartmentSalt);
    rig.credentials = {kiosk_test::make_credential(1, "Anna", "assembly", kAnnaPin),
                       kiosk_test::make_credential(2, "Bert", "bakery", kAnnaPin, other_salt),
                       kiosk_test::make_credential(3, "Bo", "bakery", kBoPin, other_salt)};
    REQUIRE(rig.pin("11111111").lockout.failures == 1);

    const SecretResult shared = rig.pin(kAnnaPin);
    CHECK(shared.outcome == Outcome::failed);
    CHECK_FALSE(shared.session);
    CHECK(shared.error == "this PIN belongs to more than one ambassador; ask the central team to reset it");
    // Neither a wrong attempt nor a right one: the count stays, in memory and on disk.
    CHECK(shared.lockout.failures == 1);
    CHECK(rig.worker->lockout(LockKind::pin).failures == 1);
    CHECK(Store(rig.db_path).lockout(LockKind::pin).failures == 1);

    // Whichever credential comes first, the answer is the same.
    std::swap(rig.credentials[0], rig.credentials[1]);
    CHECK(rig.pin(kAnnaPin).outcome == Outcome::failed);
    CHECK(rig.worker->lockout(LockKind::pin).failures == 1);

    // A PIN that names one person still unlocks, and starts the count over.
    const SecretResult bo = rig.pin(kBoPin);
    CHECK(bo.outcome == Outcome::accepted);
    REQUIRE(bo.session);
    CHECK(bo.session->name == "Bo");
    CHECK(bo.lockout == Lockout{});
}

TEST_CASE("secrets: after PIN checks the PIN is nowhere in the database files") {
    WorkerRig rig;
    {
        Store store(rig.db_path);  // as the kiosk runs: the recorder's connection next to the worker's
        store.append(Event{new_uuid_v7(), event_type::rating, utc_now_rfc3339(), "kiosk-a1", "warehouse", "nl",
                           R"({"score":4,"suspect":false})"});
    }
    for (int i = 0; i < 3; ++i) CHECK(rig.pin("90807060").outcome == Outcome::refused);
    CHECK(rig.pin(kAnnaPin).outcome == Outcome::accepted);
    CHECK(rig.wait_for(rig.worker->look_up_pickup("K7PX4MQ2", {})).outcome == Outcome::refused);
    const std::vector<std::string> secrets = {kAnnaPin, "90807060", "K7PX4MQ2"};
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(rig.dir.path())) {
        const std::string bytes = file_bytes(entry.path());
        ++files;
        for (const std::string& secret : secrets)
            CHECK_MESSAGE(bytes.find(secret) == std::string::npos, entry.path().string() << " holds " << secret);
    }
    CHECK(files >= 2);  // the database and its WAL at least
    rig.worker.reset();
    for (const auto& entry : std::filesystem::directory_iterator(rig.dir.path()))
        for (const std::string& secret : secrets) CHECK(file_bytes(entry.path()).find(secret) == std::string::npos);
}

// AccountTable on the backend under test: accounts with names unique among active ones, sessions that end with a
// new password or a removal, sign-in throttling, alert acknowledgements.
#include "collector_test_support.hpp"

#include <doctest/doctest.h>

using namespace collector_test;
using floorsync::collector::AlertAck;
using floorsync::collector::SessionRecord;
using floorsync::collector::ThrottleRecord;
using floorsync::collector::UserRecord;

namespace {

constexpr const char* kAnnaId = "0b9e3c62-1d4f-4a8b-9c7d-2e5f6a7b8c9d";
constexpr const char* kBenId = "1c0f4d73-2e5a-4b9c-8d8e-3f6a7b8c9d0e";

UserRecord user(const std::string& id, const std::string& name, const std::string& created_at = "2026-11-01T08:00:00.000Z") {
    return {id, name, "$argon2id$v=19$m=65536,t=2,p=1$salt$hash-of-" + name, created_at, ""};
}

SessionRecord session(const std::string& token_hash, const std::string& user_id, const std::string& created_at,
                      const std::string& last_used) {
    return {token_hash, user_id, "csrf-" + token_hash, created_at, last_used};
}

struct Accounts {
    TempDir dir;
    std::string db = fresh_database(dir);
    std::unique_ptr<floorsync::collector::Storage> storage = floorsync::collector::open_storage(db);
    std::unique_ptr<floorsync::collector::AccountTable> table = storage->open_accounts();
};

}  // namespace

TEST_CASE("accounts: insert, find, list; an active name is refused, a removed one is free again") {
    Accounts accounts;
    auto& table = *accounts.table;
    REQUIRE(table.insert_user(user(kAnnaId, "anna")));
    CHECK(table.find_user(kAnnaId) == user(kAnnaId, "anna"));
    CHECK(table.find_active_user_by_name("anna") == user(kAnnaId, "anna"));
    CHECK_FALSE(table.find_active_user_by_name("Anna"));  // compared as typed
    CHECK_FALSE(table.find_user(kBenId));

    CHECK_FALSE(table.insert_user(user(kBenId, "anna")));  // an active account has the name: nothing written
    CHECK_FALSE(table.find_user(kBenId));
    CHECK_FALSE(table.insert_user(user(kAnnaId, "other")));  // the id exists

    REQUIRE(table.remove_user(kAnnaId, "2026-11-02T08:00:00.000Z"));
    CHECK_FALSE(table.remove_user(kAnnaId, "2026-11-03T08:00:00.000Z"));  // already removed
    CHECK_FALSE(table.remove_user(kBenId, "2026-11-03T08:00:00.000Z"));   // unknown
    CHECK(table.find_user(kAnnaId)->removed_at == "2026-11-02T08:00:00.000Z");
    CHECK_FALSE(table.find_active_user_by_name("anna"));

    REQUIRE(table.insert_user(user(kBenId, "anna", "2026-11-05T08:00:00.000Z")));  // the name is free again
    CHECK(table.find_active_user_by_name("anna")->id == kBenId);
    const auto all = table.list_users();
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == kAnnaId);  // by name, then creation
    CHECK(all[1].id == kBenId);
    CHECK_FALSE(table.set_password_hash(kAnnaId, "$argon2id$new"));  // removed accounts keep their hash
}

TEST_CASE("sessions: found, touched and ended; a new password or a removal ends all of the account's") {
    Accounts accounts;
    auto& table = *accounts.table;
    REQUIRE(table.insert_user(user(kAnnaId, "anna")));
    REQUIRE(table.insert_user(user(kBenId, "ben")));
    table.insert_session(session("a1", kAnnaId, "2026-11-02T08:00:00.000Z", "2026-11-02T08:00:00.000Z"));
    table.insert_session(session("a2", kAnnaId, "2026-11-02T09:00:00.000Z", "2026-11-02T09:00:00.000Z"));
    table.insert_session(session("b1", kBenId, "2026-11-02T08:00:00.000Z", "2026-11-02T08:00:00.000Z"));
    CHECK(table.find_session("a1") == session("a1", kAnnaId, "2026-11-02T08:00:00.000Z", "2026-11-02T08:00:00.000Z"));
    CHECK_FALSE(table.find_session("zz"));

    table.touch_session("a1", "2026-11-02T08:30:00.000Z");
    CHECK(table.find_session("a1")->last_used == "2026-11-02T08:30:00.000Z");
    CHECK(table.find_session("a1")->created_at == "2026-11-02T08:00:00.000Z");

    SUBCASE("a new password") {
        REQUIRE(table.set_password_hash(kAnnaId, "$argon2id$new"));
        CHECK(table.find_user(kAnnaId)->password_hash == "$argon2id$new");
        CHECK_FALSE(table.set_password_hash("2d1a5e84-3f6b-4cad-9e9f-4a7b8c9d0e1f", "$argon2id$x"));  // unknown
    }
    SUBCASE("a removal") {
        REQUIRE(table.remove_user(kAnnaId, "2026-11-03T08:00:00.000Z"));
    }
    CHECK_FALSE(table.find_session("a1"));
    CHECK_FALSE(table.find_session("a2"));
    CHECK(table.find_session("b1"));  // another account's session stays

    table.delete_session("b1");
    CHECK_FALSE(table.find_session("b1"));
    table.delete_session("b1");  // ending it twice is harmless
}

TEST_CASE("delete_expired_sessions ends the idle ones and those past the absolute limit") {
    Accounts accounts;
    auto& table = *accounts.table;
    REQUIRE(table.insert_user(user(kAnnaId, "anna")));
    table.insert_session(session("idle", kAnnaId, "2026-11-02T08:00:00.000Z", "2026-11-02T08:10:00.000Z"));
    table.insert_session(session("old", kAnnaId, "2026-11-01T08:00:00.000Z", "2026-11-02T11:55:00.000Z"));
    table.insert_session(session("live", kAnnaId, "2026-11-02T09:00:00.000Z", "2026-11-02T11:50:00.000Z"));
    // At 12:00 with 1 hour of inactivity and 12 hours in all.
    CHECK(table.delete_expired_sessions("2026-11-02T11:00:00.000Z", "2026-11-02T00:00:00.000Z") == 2);
    CHECK_FALSE(table.find_session("idle"));
    CHECK_FALSE(table.find_session("old"));
    CHECK(table.find_session("live"));
    CHECK(table.delete_expired_sessions("2026-11-02T11:00:00.000Z", "2026-11-02T00:00:00.000Z") == 0);
}

TEST_CASE("sign-in throttling: put replaces, find reads, clear forgets") {
    Accounts accounts;
    auto& table = *accounts.table;
    CHECK_FALSE(table.find_throttle("user:anna"));
    table.put_throttle({"user:anna", 1, ""});
    CHECK(table.find_throttle("user:anna") == ThrottleRecord{"user:anna", 1, ""});
    table.put_throttle({"user:anna", 4, "2026-11-02T12:00:08.000Z"});
    table.put_throttle({"address:127.0.0.1", 2, ""});
    CHECK(table.find_throttle("user:anna") == ThrottleRecord{"user:anna", 4, "2026-11-02T12:00:08.000Z"});
    table.clear_throttle("user:anna");
    CHECK_FALSE(table.find_throttle("user:anna"));
    CHECK(table.find_throttle("address:127.0.0.1")->failures == 2);
    table.clear_throttle("user:nobody");  // nothing to clear is fine
}

TEST_CASE("an alert acknowledged twice keeps its first acknowledgement") {
    Accounts accounts;
    auto& table = *accounts.table;
    CHECK(table.acknowledgements().empty());
    CHECK(table.acknowledge({"silent:hall-1:2026-11-01T08:00:00.000Z", "anna", "2026-11-02T09:00:00.000Z"}));
    CHECK_FALSE(table.acknowledge({"silent:hall-1:2026-11-01T08:00:00.000Z", "ben", "2026-11-02T10:00:00.000Z"}));
    CHECK(table.acknowledge({"drop:Sales:2026-W45", "ben", "2026-11-02T08:00:00.000Z"}));
    CHECK(table.acknowledgements() ==
          std::vector<AlertAck>{{"drop:Sales:2026-W45", "ben", "2026-11-02T08:00:00.000Z"},
                                {"silent:hall-1:2026-11-01T08:00:00.000Z", "anna", "2026-11-02T09:00:00.000Z"}});
}

TEST_CASE("accounts are shared by every connection to the database") {
    Accounts accounts;
    REQUIRE(accounts.table->insert_user(user(kAnnaId, "anna")));
    const auto other = floorsync::collector::open_storage(accounts.db)->open_accounts();
    CHECK(other->find_active_user_by_name("anna"));
    CHECK_FALSE(other->insert_user(user(kBenId, "anna")));
}

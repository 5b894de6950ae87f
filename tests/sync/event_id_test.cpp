// Event ids: version-4 and time-ordered version-7 UUIDs in canonical form, v7 strictly increasing within a process.
#include "sync/shared/clock.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

using floorsync::SystemTime;

namespace {

SystemTime at(const char* rfc3339) { return *floorsync::parse_rfc3339(rfc3339); }

char version_of(const std::string& uuid) { return uuid[14]; }
bool has_rfc_variant(const std::string& uuid) { return std::string("89ab").find(uuid[19]) != std::string::npos; }

}  // namespace

TEST_CASE("v4 ids are canonical, lower case and random") {
    const std::string id = floorsync::new_uuid_v4();
    CHECK(floorsync::is_uuid(id));
    CHECK(version_of(id) == '4');
    CHECK(has_rfc_variant(id));
    std::set<std::string> ids;
    for (int i = 0; i < 1000; ++i) ids.insert(floorsync::new_uuid_v4());
    CHECK(ids.size() == 1000);
}

TEST_CASE("v7 ids carry the Unix milliseconds in their first 48 bits") {
    const std::string id = floorsync::TimeOrderedUuids().next(at("2026-11-30T12:00:00.123Z"));
    CHECK(floorsync::is_uuid(id));
    CHECK(version_of(id) == '7');
    CHECK(has_rfc_variant(id));
    // 1796040000123 ms = 0x01a22c53827b
    CHECK(id.substr(0, 13) == "01a22c53-827b");
    for (char c : id) CHECK_FALSE((c >= 'A' && c <= 'Z'));
}

TEST_CASE("v7 ids from one process sort in the order they were made, also within one millisecond") {
    floorsync::TimeOrderedUuids ids;
    const SystemTime same_millisecond = at("2031-01-01T00:00:00.000Z");
    std::string previous = ids.next(same_millisecond);
    // More ids than the 12-bit counter holds: it rolls over into the next millisecond instead of repeating.
    for (int i = 0; i < 10'000; ++i) {
        const std::string next = ids.next(same_millisecond);
        REQUIRE(next > previous);
        previous = next;
    }
}

TEST_CASE("v7 ids keep increasing when the wall clock steps back") {
    floorsync::TimeOrderedUuids ids;
    const std::string before = ids.next(at("2032-06-01T10:00:00Z"));
    const std::string after_step_back = ids.next(at("2032-06-01T09:00:00Z"));
    CHECK(after_step_back > before);
    const std::string later = ids.next(at("2032-06-01T10:00:01Z"));
    CHECK(later > after_step_back);
    CHECK(later.substr(0, 13) != before.substr(0, 13));
}

TEST_CASE("the process-wide v7 generator is safe to call from several threads and never repeats") {
    std::vector<std::string> made[4];
    std::vector<std::thread> threads;
    for (auto& list : made) {
        threads.emplace_back([&list] {
            for (int i = 0; i < 2000; ++i) list.push_back(floorsync::new_uuid_v7());
        });
    }
    for (auto& thread : threads) thread.join();
    std::set<std::string> all;
    for (const auto& list : made) {
        for (std::size_t i = 1; i < list.size(); ++i) REQUIRE(list[i] > list[i - 1]);
        all.insert(list.begin(), list.end());
    }
    CHECK(all.size() == 8000);
}

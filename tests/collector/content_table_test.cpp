// The content table on the backend under test: revisions of one counter, the feed's pages, interest counts.
#include "collector_test_support.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <thread>

using namespace floorsync;
using namespace floorsync::collector;
using collector_test::TempDir;

namespace {

content::Item announcement(const std::string& title, std::vector<std::string> audience = {}) {
    content::Item item;
    item.id = new_uuid_v4();
    item.kind = content::Kind::announcement;
    item.audience = std::move(audience);
    item.default_language = "nl";
    item.translations["nl"] = content::Translation{title, "Meer op intranet.", ""};
    item.translations["en"] = content::Translation{title + " (en)", "", ""};
    item.updated_at = "2026-11-29T08:00:00.000Z";
    return item;
}

content::Item training_session() {
    content::Item item = announcement("Training kassa", {"IT", "Sales"});
    item.kind = content::Kind::training;
    item.at = "2026-12-01T09:00:00Z";
    item.until = "2026-12-01T11:00:00Z";
    item.place = "Zaal 2";
    item.seats = 12;
    return item;
}

std::vector<std::int64_t> revisions_of(const std::vector<ContentRecord>& records) {
    std::vector<std::int64_t> revisions;
    for (const auto& record : records) revisions.push_back(record.item.revision);
    return revisions;
}

Event interest_event(const std::string& session) {
    return Event{new_uuid_v7(), event_type::training_interest, utc_now_rfc3339(), "hall-3", "IT", "nl",
                 events::encode(events::TrainingInterest{session})};
}

// Stores `events` as one upload of kiosk hall-3 through the backend's EventWriter; returns the statuses.
std::string store_events(Storage& storage, const std::vector<Event>& events) {
    const KioskIdentity kiosk{"hall-3", {"IT"}};
    const KioskReport report{"test-1.0", 0};
    std::vector<CheckedEvent> checked;
    for (const Event& event : events) checked.push_back(CheckedEvent{event, {}});
    BatchWrite batch{&kiosk, &report, &checked, std::nullopt};
    storage.open_writer()->write({&batch}, utc_now_rfc3339());
    REQUIRE(batch.results.has_value());
    std::string statuses;
    for (const EventResult& result : *batch.results) {
        if (!statuses.empty()) statuses += ',';
        statuses += to_string(result.status);
    }
    return statuses;
}

}  // namespace

TEST_CASE("content table: insert, replace and withdraw each take the next revision") {
    TempDir dir;
    const auto storage = open_storage(collector_test::fresh_database(dir));
    const auto table = storage->open_content();
    CHECK(table->head_revision() == 0);
    CHECK(table->list().empty());

    content::Item first = announcement("Nieuwe kassa");
    const content::Item second = training_session();
    CHECK(table->insert(first) == 1);
    CHECK(table->insert(second) == 2);
    first.translations["nl"].title = "Nieuwe kassa vanaf maandag";
    CHECK(table->replace(first) == 3);
    CHECK(table->withdraw(second.id, "2026-11-30T10:00:00.000Z") == 4);
    CHECK(table->head_revision() == 4);

    const auto edited = table->find(first.id);
    REQUIRE(edited);
    CHECK_FALSE(edited->withdrawn);
    CHECK(edited->withdrawn_at.empty());
    CHECK(edited->item.revision == 3);
    content::Item expected = first;
    expected.revision = 3;
    CHECK(edited->item == expected);

    const auto withdrawn = table->find(second.id);
    REQUIRE(withdrawn);
    CHECK(withdrawn->withdrawn);
    CHECK(withdrawn->withdrawn_at == "2026-11-30T10:00:00.000Z");
    CHECK(withdrawn->item.revision == 4);
    CHECK(withdrawn->item.place == "Zaal 2");
    CHECK_FALSE(table->find(new_uuid_v4()));

    // Refused writes take no revision.
    CHECK_FALSE(table->replace(second));                                       // withdrawn
    CHECK_FALSE(table->replace(announcement("unknown")));                      // never stored
    CHECK_FALSE(table->withdraw(second.id, "2026-11-30T11:00:00.000Z"));       // already withdrawn
    CHECK_FALSE(table->withdraw(new_uuid_v4(), "2026-11-30T11:00:00.000Z"));  // unknown
    CHECK_THROWS_AS(table->insert(first), StorageError);                       // the id exists
    content::Item invalid = announcement("");
    CHECK_THROWS_AS(table->insert(invalid), content::ContentError);
    CHECK(table->head_revision() == 4);
    CHECK(table->find(second.id)->withdrawn_at == "2026-11-30T10:00:00.000Z");

    // Every item, the withdrawn one too, in revision order.
    const auto records = table->list();
    REQUIRE(records.size() == 2);
    CHECK(records[0].item.id == first.id);
    CHECK(records[1].item.id == second.id);
    CHECK(revisions_of(records) == std::vector<std::int64_t>{3, 4});
}

TEST_CASE("content table: the schema and the counter survive reopening the database") {
    TempDir dir;
    const std::string db = collector_test::fresh_database(dir);
    const content::Item item = announcement("Blijft staan");
    {
        const auto storage = open_storage(db);
        CHECK(storage->open_content()->insert(item) == 1);
    }
    const auto storage = open_storage(db);  // migrations already ran: nothing to do
    const auto table = storage->open_content();
    CHECK(table->head_revision() == 1);
    CHECK(table->insert(announcement("Tweede")) == 2);
    REQUIRE(table->find(item.id));
    CHECK(table->find(item.id)->item.translations.at("nl").title == "Blijft staan");
    CHECK(collector_test::count_rows(db, "SELECT count(*) FROM content") == 2);
    CHECK(collector_test::count_rows(db, "SELECT revision FROM content_head") == 2);
}

TEST_CASE("content table: changed_since pages through the changes in revision order") {
    TempDir dir;
    const auto storage = open_storage(collector_test::fresh_database(dir));
    const auto table = storage->open_content();
    std::vector<content::Item> items;
    for (int i = 0; i < 5; ++i) {
        items.push_back(announcement("Bericht " + std::to_string(i), i % 2 == 0 ? std::vector<std::string>{}
                                                                                 : std::vector<std::string>{"IT"}));
        table->insert(items.back());
    }
    items[1].translations["nl"].body = "Aangepast.";
    CHECK(table->replace(items[1]) == 6);
    CHECK(table->withdraw(items[3].id, "2026-11-30T10:00:00.000Z") == 7);

    // Pages of two, each continuing after the last revision of the previous one.
    std::vector<std::string> ids;
    std::vector<std::int64_t> revisions;
    std::int64_t cursor = 0;
    int pages = 0;
    while (true) {
        const auto page = table->changed_since(cursor, 2);
        if (page.empty()) break;
        CHECK(page.size() <= 2);
        ++pages;
        for (const auto& record : page) {
            ids.push_back(record.item.id);
            revisions.push_back(record.item.revision);
        }
        cursor = page.back().item.revision;
    }
    CHECK(pages == 3);
    CHECK(revisions == std::vector<std::int64_t>{1, 3, 5, 6, 7});  // 2 and 4 were superseded by 6 and 7
    CHECK(ids == std::vector<std::string>{items[0].id, items[2].id, items[4].id, items[1].id, items[3].id});
    CHECK(cursor == table->head_revision());

    const auto tail = table->changed_since(5, 100);
    REQUIRE(tail.size() == 2);
    CHECK(tail[0].item.translations.at("nl").body == "Aangepast.");
    CHECK_FALSE(tail[0].withdrawn);
    CHECK(tail[0].item.audience == std::vector<std::string>{"IT"});
    CHECK(tail[1].withdrawn);
    CHECK(table->changed_since(7, 100).empty());
    CHECK(table->changed_since(0, 0).empty());
    CHECK(revisions_of(table->list()) == std::vector<std::int64_t>{1, 3, 5, 6, 7});
}

TEST_CASE("content table: interest_counts counts each stored training_interest event once per session") {
    TempDir dir;
    const std::string db = collector_test::fresh_database(dir);
    collector_test::add_kiosk(db, "hall-3", {"IT"});
    const auto storage = open_storage(db);
    const auto table = storage->open_content();
    CHECK(table->interest_counts().empty());

    const content::Item first = training_session();
    const content::Item second = training_session();
    table->insert(first);
    table->insert(second);
    const Event once = interest_event(first.id);
    CHECK(store_events(*storage, {once, interest_event(first.id), interest_event(second.id)}) == "stored,stored,stored");
    // A resend is a duplicate and counts nothing; other event types are not interest.
    const Event rating{new_uuid_v7(), event_type::rating, utc_now_rfc3339(), "hall-3", "IT", "nl",
                       events::encode(events::Rating{4, false})};
    CHECK(store_events(*storage, {once, rating}) == "duplicate,stored");

    const auto counts = table->interest_counts();
    CHECK(counts == std::map<std::string, std::int64_t>{{first.id, 2}, {second.id, 1}});
    CHECK(collector_test::count_rows(db, "SELECT count(*) FROM events") == 4);
}

TEST_CASE("content table: writers on two connections get unique revisions that increase") {
    TempDir dir;
    const auto storage = open_storage(collector_test::fresh_database(dir));
    const auto one = storage->open_content();
    const auto two = storage->open_content();

    // Interleaved on one thread: each write sees the other connection's last one.
    content::Item a = announcement("A");
    content::Item b = announcement("B");
    CHECK(one->insert(a) == 1);
    CHECK(two->insert(b) == 2);
    CHECK(two->replace(a) == 3);
    CHECK(one->replace(b) == 4);
    CHECK(two->withdraw(b.id, "2026-11-30T10:00:00.000Z") == 5);
    CHECK_FALSE(one->replace(b));  // withdrawn through the other connection
    CHECK(one->head_revision() == 5);
    CHECK(two->head_revision() == 5);

    // At once on two threads: no revision twice, none skipped, each writer's own revisions increasing.
    constexpr int kWrites = 40;
    std::vector<std::int64_t> seen_one, seen_two;
    const auto writer = [](ContentTable& table, std::vector<std::int64_t>& seen) {
        content::Item item = announcement("Parallel");
        seen.push_back(table.insert(item));
        for (int i = 1; i < kWrites; ++i) {
            item.translations["nl"].title = "Parallel " + std::to_string(i);
            seen.push_back(table.replace(item).value_or(-1));
        }
    };
    std::thread first(writer, std::ref(*one), std::ref(seen_one));
    std::thread second(writer, std::ref(*two), std::ref(seen_two));
    first.join();
    second.join();
    CHECK(std::is_sorted(seen_one.begin(), seen_one.end()));
    CHECK(std::is_sorted(seen_two.begin(), seen_two.end()));
    std::set<std::int64_t> all(seen_one.begin(), seen_one.end());
    all.insert(seen_two.begin(), seen_two.end());
    CHECK(all.size() == 2 * kWrites);
    CHECK(*all.begin() == 6);
    CHECK(*all.rbegin() == 5 + 2 * kWrites);
    CHECK(one->head_revision() == 5 + 2 * kWrites);
    // Each item's last write is what the feed reads.
    const std::vector<std::int64_t> last{std::min(seen_one.back(), seen_two.back()),
                                         std::max(seen_one.back(), seen_two.back())};
    CHECK(revisions_of(two->changed_since(5, 100)) == last);
}

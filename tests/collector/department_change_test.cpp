// A kiosk's departments change: over the real HTTP feed, its next incremental poll adds and removes the items.
#include "collector_test_support.hpp"

#include "sync/shared/content_item.hpp"
#include "sync/shared/protocol.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace collector_test;
using floorsync::collector::ContentChanges;
using floorsync::content::Item;
using floorsync::content::Kind;

namespace {

// The item without its revision: what a change of departments must leave as it was.
Item unrevised(Item item) {
    item.revision = 0;
    return item;
}

// A kiosk's copy of the feed, kept as the reference kiosk keeps it: items upserted, tombstones removing.
struct KioskCopy {
    std::string token;
    std::string cursor;
    std::map<std::string, Item> items;

    // Polls until "more" is false and applies every page; returns the entries of this round, in order.
    std::vector<floorsync::FeedEntry> poll(httplib::Client& client) {
        std::vector<floorsync::FeedEntry> seen;
        while (true) {
            const auto reply =
                client.Get(cursor.empty() ? "/api/v1/feed" : "/api/v1/feed?since=" + cursor, bearer(token));
            REQUIRE(reply);
            REQUIRE_MESSAGE(reply->status == 200, reply->body);
            const auto page = floorsync::decode_feed(reply->body);
            for (const auto& entry : page.entries) {
                if (entry.withdrawn) {
                    items.erase(entry.id);
                } else {
                    items[entry.id] = floorsync::content::decode(entry.json);
                }
                seen.push_back(entry);
            }
            cursor = page.next_cursor;
            if (!page.more) return seen;
        }
    }

    // What the kiosk holds, by id, without revisions.
    std::map<std::string, Item> held() const {
        std::map<std::string, Item> copy;
        for (const auto& [id, item] : items) copy[id] = unrevised(item);
        return copy;
    }
};

std::map<std::string, Item> holding(const std::vector<Item>& items) {
    std::map<std::string, Item> map;
    for (const auto& item : items) map[item.id] = unrevised(item);
    return map;
}

// "id:item" or "id:tombstone" per entry, in feed order.
std::vector<std::string> describe(const std::vector<floorsync::FeedEntry>& entries) {
    std::vector<std::string> list;
    for (const auto& entry : entries) list.push_back(entry.id + (entry.withdrawn ? ":tombstone" : ":item"));
    return list;
}

}  // namespace

TEST_CASE("department change: the next poll brings the items it shows and tombstones for those it hides") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    KioskCopy moving{add_kiosk(db, "kiosk-k", {"Assembly"})};
    KioskCopy staying{add_kiosk(db, "kiosk-l", {"Assembly"})};
    KioskCopy bakery{add_kiosk(db, "kiosk-b", {"Bakery"})};
    TestContent content(db);
    const Item for_a = content->add(announcement_changes("Alleen Assembly", {"Assembly"}));
    const Item for_b = content->add(announcement_changes("Alleen Bakery", {"Bakery"}));
    const Item for_all = content->add(announcement_changes("Voor iedereen", {}));
    const Item for_both = content->add(announcement_changes("Assembly en Bakery", {"Assembly", "Bakery"}));
    const Item gone_b = content->add(announcement_changes("Ingetrokken, Bakery", {"Bakery"}));
    content->withdraw(gone_b.id);

    RunningCollector collector(db);
    const auto client = collector.client();
    moving.poll(*client);
    staying.poll(*client);
    bakery.poll(*client);
    CHECK(moving.held() == holding({for_a, for_all, for_both}));
    CHECK(staying.held() == moving.held());
    CHECK(bakery.held() == holding({for_b, for_all, for_both}));
    const std::int64_t head = content.table().head_revision();
    REQUIRE(moving.cursor == std::to_string(head));

    // From Assembly to Bakery: A's item and B's item flip for this kiosk; everyone's, both departments' and the
    // withdrawn one do not. They are written again, as they were, under the next revisions, in their old order.
    TestRegistry registry(db);
    CHECK(registry->set_departments("kiosk-k", {"Bakery"}) == 2);
    CHECK(content.table().head_revision() == head + 2);
    CHECK(unrevised(content->find(for_a.id)->item) == unrevised(for_a));
    CHECK(content->find(for_a.id)->item.revision == head + 1);
    CHECK(content->find(for_b.id)->item.revision == head + 2);
    CHECK(content->find(for_all.id)->item.revision == for_all.revision);
    CHECK(content->find(for_both.id)->item.revision == for_both.revision);
    CHECK(content->find(gone_b.id)->withdrawn);

    const auto moved = moving.poll(*client);
    CHECK(describe(moved) == std::vector<std::string>{for_a.id + ":tombstone", for_b.id + ":item"});
    CHECK(moving.cursor == std::to_string(head + 2));
    CHECK(moving.held() == holding({for_b, for_all, for_both}));
    REQUIRE(moving.items.count(for_b.id) == 1);
    CHECK(moving.items.at(for_b.id).revision == head + 2);

    // Kiosks whose departments did not change may get an unchanged item again, and a tombstone for one they never
    // held: what they hold stays the same.
    const auto same = staying.poll(*client);
    CHECK(describe(same) == std::vector<std::string>{for_a.id + ":item", for_b.id + ":tombstone"});
    CHECK(staying.held() == holding({for_a, for_all, for_both}));
    bakery.poll(*client);
    CHECK(bakery.held() == holding({for_b, for_all, for_both}));

    // The same departments again change nothing, so nothing is written.
    CHECK(registry->set_departments("kiosk-k", {"Bakery"}) == 0);
    CHECK(content.table().head_revision() == head + 2);
    CHECK(moving.poll(*client).empty());

    // Back through the real CLI, to Assembly and Dock: the two items flip back, in their (new) revision order.
    const CommandRun back = run_collector_command(
        dir, {"--db", db, "kiosk", "set-departments", "--id", "kiosk-k", "--department", "Assembly", "--department", "Dock"});
    CHECK_MESSAGE(back.code == 0, back.err);
    CHECK(back.out.find("may now send events for: Assembly, Dock") != std::string::npos);
    CHECK(back.out.find("content items it now gets or loses, sent again with its next feed poll: 2") !=
          std::string::npos);
    const auto returned = moving.poll(*client);
    CHECK(describe(returned) == std::vector<std::string>{for_a.id + ":item", for_b.id + ":tombstone"});
    CHECK(moving.held() == holding({for_a, for_all, for_both}));

    // An incremental copy ends where a fresh one starts.
    KioskCopy fresh{moving.token};
    fresh.poll(*client);
    CHECK(fresh.held() == moving.held());
    CHECK(fresh.cursor == moving.cursor);
}

TEST_CASE("department change: a new kiosk and a refused change write no content") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    TestContent content(db);
    content->add(announcement_changes("Assembly", {"Assembly"}));
    content->add(announcement_changes("Bakery", {"Bakery"}));
    const std::int64_t head = content.table().head_revision();

    // A new kiosk's first poll is from 0: it gets its items without anything written again.
    const std::string token = add_kiosk(db, "kiosk-new", {"Assembly"});
    CHECK(content.table().head_revision() == head);

    TestRegistry registry(db);
    CHECK_THROWS_AS(registry->set_departments("nobody", {"Bakery"}), floorsync::collector::RegistryError);
    CHECK_THROWS_AS(registry->set_departments("kiosk-new", {"bad\ndepartment"}), floorsync::collector::RegistryError);
    CHECK(content.table().head_revision() == head);
    CHECK(registry->list().at(0).departments == std::vector<std::string>{"Assembly"});

    // Adding a department that no item names flips nothing.
    CHECK(registry->set_departments("kiosk-new", {"Assembly", "Dock"}) == 0);
    CHECK(content.table().head_revision() == head);

    // A withdrawn item for the new department is not written again (the kiosk never needs it).
    const Item withdrawn = content->add(announcement_changes("Ingetrokken", {"Canteen"}));
    content->withdraw(withdrawn.id);
    const std::int64_t after_withdrawal = content.table().head_revision();
    CHECK(registry->set_departments("kiosk-new", {"Assembly", "Canteen"}) == 0);
    CHECK(content.table().head_revision() == after_withdrawal);
    CHECK(content->find(withdrawn.id)->item.revision == after_withdrawal);
}

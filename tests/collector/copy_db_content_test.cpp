// copy-db and published content: items keep their revisions, withdrawn ones move too, the counter follows.
#include "collector_test_support.hpp"

#include "sync/shared/content_item.hpp"
#include "sync/shared/protocol.hpp"

#include <doctest/doctest.h>

using namespace collector_test;
using floorsync::collector::ContentChanges;
using floorsync::collector::ContentRecord;
using floorsync::content::Item;
using floorsync::content::Kind;

namespace {

std::vector<ContentRecord> content_of(const std::string& db) {
    const auto storage = floorsync::collector::open_storage(db);
    return storage->open_content()->list();
}

std::int64_t head_of(const std::string& db) {
    const auto storage = floorsync::collector::open_storage(db);
    return storage->open_content()->head_revision();
}

floorsync::FeedResponse poll(httplib::Client& client, const std::string& token, const std::string& since) {
    const auto reply = client.Get("/api/v1/feed?since=" + since, bearer(token));
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    return floorsync::decode_feed(reply->body);
}

}  // namespace

TEST_CASE("copy-db content: items with their revisions, withdrawn ones and the counter; feed cursors stay valid") {
    TempDir dir;
    const std::string source = dir.file("old-collector.db");
    const std::string hall = add_kiosk(source, "hall-1", {"Sales"});
    Item for_sales, for_all, withdrawn;
    {
        TestContent content(source);
        for_sales = content->add(announcement_changes("Verkoop", {"Sales"}));
        for_all = content->add(announcement_changes("Iedereen", {}));
        withdrawn = content->add(announcement_changes("Ingetrokken", {}));
        ContentChanges retitle;
        retitle.translations["nl"].title = std::string("Iedereen, nieuwe tekst");
        for_all = content->edit(for_all.id, retitle);
        content->withdraw(withdrawn.id);
    }
    const std::int64_t source_head = head_of(source);
    REQUIRE(source_head == 5);

    std::string cursor;
    std::vector<std::string> first_poll_items;
    {
        RunningCollector old(source);
        auto client = old.client();
        const auto page = poll(*client, hall, "0");
        for (const auto& entry : page.entries) first_poll_items.push_back(entry.json);
        REQUIRE(first_poll_items.size() == 2);
        cursor = page.next_cursor;
        CHECK(cursor == "5");
    }

    const std::string target = fresh_database(dir, "new-collector.db");
    const CommandRun copied = run_collector_command(dir, {"copy-db", "--from", source, "--to", target});
    CHECK_MESSAGE(copied.code == 0, copied.err);
    CHECK(copied.out.find("1 kiosks added, 0 already there; 0 events added, 0 already there; "
                          "3 content items added, 0 already there (content revision 5)") != std::string::npos);
    const auto copied_content = content_of(target);
    CHECK(copied_content == content_of(source));  // items, revisions, withdrawn state and time
    REQUIRE(copied_content.size() == 3);
    CHECK(copied_content.back().withdrawn);
    CHECK(copied_content.back().withdrawn_at == content_of(source).back().withdrawn_at);
    CHECK(head_of(target) == source_head);

    // The kiosk carries on against the new database from the cursor it has: nothing new; a first poll there gives
    // the same items, byte for byte; the next write takes the next revision after the copied ones.
    {
        RunningCollector moved(target);
        auto client = moved.client();
        const auto unchanged = poll(*client, hall, cursor);
        CHECK(unchanged.entries.empty());
        CHECK(unchanged.next_cursor == cursor);
        std::vector<std::string> again;
        for (const auto& entry : poll(*client, hall, "0").entries) again.push_back(entry.json);
        CHECK(again == first_poll_items);

        TestContent content(target);
        const Item added = content->add(announcement_changes("Na de verhuizing", {"Sales"}));
        CHECK(added.revision == source_head + 1);
        const auto next = poll(*client, hall, cursor);
        REQUIRE(next.entries.size() == 1);
        CHECK(next.entries[0].id == added.id);
    }

    // A second run adds nothing, and never lowers the target's counter (now past the source's).
    const CommandRun again = run_collector_command(dir, {"copy-db", "--from", source, "--to", target});
    CHECK_MESSAGE(again.code == 0, again.err);
    CHECK(again.out.find("0 content items added, 3 already there (content revision 6)") != std::string::npos);
    CHECK(head_of(target) == source_head + 1);
    CHECK(content_of(target).size() == 4);

    // An item changed at the source since: the same id with other content is a conflict, and nothing is copied.
    add_kiosk(source, "dock-2", {"Warehouse"});
    {
        TestContent content(source);
        ContentChanges retitle;
        retitle.translations["nl"].title = std::string("Verkoop, later veranderd");
        content->edit(for_sales.id, retitle);
    }
    const auto before_refusal = content_of(target);
    const CommandRun refused = run_collector_command(dir, {"copy-db", "--from", source, "--to", target});
    CHECK(refused.code == 1);
    CHECK(refused.err.find("content item " + for_sales.id) != std::string::npos);
    CHECK(refused.err.find("nothing was copied") != std::string::npos);
    CHECK(content_of(target) == before_refusal);
    CHECK(head_of(target) == source_head + 1);
    CHECK(count_rows(target, "SELECT count(*) FROM kiosks") == 1);  // dock-2 was not added either
}

TEST_CASE("copy-db content: another item under a copied revision is a conflict; the target stays as it was") {
    TempDir dir;
    const std::string source = dir.file("old-collector.db");
    Item published;
    {
        TestContent content(source);
        published = content->add(announcement_changes("Eerste", {}));  // revision 1
    }
    const std::string target = fresh_database(dir, "busy.db");
    Item resident;
    {
        TestContent content(target);
        resident = content->add(announcement_changes("Al hier", {"Sales"}));  // revision 1 too, another id
    }
    const CommandRun refused = run_collector_command(dir, {"copy-db", "--from", source, "--to", target});
    CHECK(refused.code == 1);
    CHECK(refused.err.find("content item " + published.id + " (revision 1)") != std::string::npos);
    const auto content = content_of(target);
    REQUIRE(content.size() == 1);
    CHECK(content[0].item == resident);
    CHECK(head_of(target) == 1);

    // A target whose items use other revisions takes the source's items beside its own, and keeps the higher counter.
    const std::string other = fresh_database(dir, "other.db");
    {
        TestContent content(other);
        const Item own = content->add(announcement_changes("Eigen", {}));
        ContentChanges retitle;
        for (int i = 0; i < 3; ++i) {
            retitle.translations["nl"].title = "Eigen " + std::to_string(i);
            content->edit(own.id, retitle);  // revisions 2, 3, 4: the item now holds 4
        }
    }
    const CommandRun merged = run_collector_command(dir, {"copy-db", "--from", source, "--to", other});
    CHECK_MESSAGE(merged.code == 0, merged.err);
    CHECK(merged.out.find("1 content items added, 0 already there (content revision 4)") != std::string::npos);
    const auto both = content_of(other);
    REQUIRE(both.size() == 2);
    CHECK(both[0].item == published);
    CHECK(both[1].item.revision == 4);
    CHECK(head_of(other) == 4);
}

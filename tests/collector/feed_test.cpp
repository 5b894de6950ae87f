// GET /api/v1/feed over real HTTP on loopback: per-department items, edits, tombstones, paging, 304, errors.
#include "collector_test_support.hpp"

#include "raw_http.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/content_item.hpp"
#include "sync/shared/protocol.hpp"

#include <doctest/doctest.h>

#include <set>
#include <thread>

using namespace collector_test;
using floorsync::collector::ContentChanges;
using floorsync::content::Item;
using floorsync::content::Kind;

namespace {

struct Fixture {
    TempDir dir;
    std::string db = fresh_database(dir);
    std::string token_a = add_kiosk(db, "kiosk-a", {"Assembly"});
    std::string token_b = add_kiosk(db, "kiosk-b", {"Bakery"});
    TestContent content{db};
    RunningCollector collector{db};
    std::unique_ptr<httplib::Client> client = collector.client();

    httplib::Result get(const std::string& token, const std::string& since) {
        return client->Get(since.empty() ? "/api/v1/feed" : "/api/v1/feed?since=" + since, bearer(token));
    }
    // A 200 reply decoded with the protocol's own codec (which checks its shape).
    floorsync::FeedResponse poll(const std::string& token, const std::string& since) {
        const auto reply = get(token, since);
        REQUIRE(reply);
        REQUIRE_MESSAGE(reply->status == 200, reply->body);
        return floorsync::decode_feed(reply->body);
    }
};

std::vector<std::string> ids(const floorsync::FeedResponse& page) {
    std::vector<std::string> list;
    for (const auto& entry : page.entries) list.push_back(entry.id);
    return list;
}

}  // namespace

TEST_CASE("a kiosk gets its departments' items and everyone's, exactly as published") {
    Fixture f;
    const Item for_a = f.content->add(announcement_changes("Alleen Assembly", {"Assembly"}, true));
    const Item for_all = f.content->add(announcement_changes("Voor iedereen", {}, true));
    const Item for_b = f.content->add(announcement_changes("Alleen Bakery", {"Bakery", "Dock"}, true));

    const auto a = f.poll(f.token_a, "");
    CHECK(ids(a) == std::vector<std::string>{for_a.id, for_all.id});
    CHECK_FALSE(a.more);
    CHECK(a.next_cursor == std::to_string(for_b.revision));  // the last change examined, though not A's
    REQUIRE(a.entries.size() == 2);
    CHECK_FALSE(a.entries[0].withdrawn);
    CHECK(a.entries[0].revision == for_a.revision);
    CHECK(floorsync::content::decode(a.entries[0].json) == for_a);
    CHECK(floorsync::content::decode(a.entries[1].json) == for_all);

    const auto b = f.poll(f.token_b, "0");  // "0" is a first poll too: no tombstones for A's item
    CHECK(ids(b) == std::vector<std::string>{for_all.id, for_b.id});
    CHECK(b.next_cursor == a.next_cursor);

    const auto reply = f.get(f.token_a, "");
    CHECK(reply->get_header_value("ETag") == "\"feed-" + a.next_cursor + "\"");
    CHECK(reply->get_header_value("Content-Type") == "application/json");
    // The wire form of an item is content::encode's.
    const json body = json::parse(reply->body);
    CHECK(body["items"][0].dump() == floorsync::content::encode(for_a));
}

TEST_CASE("edits arrive as new revisions, withdrawals and audience changes as tombstones") {
    Fixture f;
    const Item for_a = f.content->add(announcement_changes("Assembly", {"Assembly"}, true));
    const Item for_all = f.content->add(announcement_changes("Iedereen", {}, true));
    const std::string cursor_a = f.poll(f.token_a, "").next_cursor;
    const std::string cursor_b = f.poll(f.token_b, "").next_cursor;
    CHECK(f.poll(f.token_a, cursor_a).entries.empty());

    ContentChanges retitle;
    retitle.translations["nl"] = {std::string("Iedereen, nieuwe tekst"), std::nullopt, std::nullopt};
    const Item edited = f.content->edit(for_all.id, retitle);
    const auto a = f.poll(f.token_a, cursor_a);
    REQUIRE(a.entries.size() == 1);
    CHECK(a.entries[0].id == for_all.id);
    CHECK(a.entries[0].revision == edited.revision);
    CHECK(a.entries[0].revision > for_all.revision);
    CHECK(floorsync::content::decode(a.entries[0].json).translations.at("nl").title == "Iedereen, nieuwe tekst");
    CHECK(a.next_cursor == std::to_string(edited.revision));

    // A's item moves to Bakery: A gets a tombstone, B the item.
    ContentChanges move;
    move.audience = std::vector<std::string>{"Bakery"};
    const Item moved = f.content->edit(for_a.id, move);
    const auto a2 = f.poll(f.token_a, a.next_cursor);
    REQUIRE(a2.entries.size() == 1);
    CHECK(a2.entries[0].withdrawn);
    CHECK(a2.entries[0].id == for_a.id);
    CHECK(a2.entries[0].revision == moved.revision);
    const auto b = f.poll(f.token_b, cursor_b);
    CHECK(ids(b) == std::vector<std::string>{for_all.id, for_a.id});
    CHECK_FALSE(b.entries[1].withdrawn);

    f.content->withdraw(for_all.id);
    const auto reply = f.get(f.token_a, a2.next_cursor);
    REQUIRE(reply);
    REQUIRE(reply->status == 200);
    const json tombstone = json::parse(reply->body)["items"].at(0);
    // Nothing but the id, the revision and the flag: a withdrawn item's texts are not sent again.
    CHECK(tombstone == json{{"id", for_all.id}, {"revision", f.content->find(for_all.id)->item.revision}, {"withdrawn", true}});
    // A first poll after all this holds no tombstones: B sees only the moved item.
    CHECK(ids(f.poll(f.token_b, "")) == std::vector<std::string>{for_a.id});
    CHECK(f.poll(f.token_a, "").entries.empty());
}

TEST_CASE("paging: at most 100 entries a reply, \"more\" until the last page, the cursor moves on every page") {
    Fixture f;
    // 130 items for Assembly first: B's first page holds none of its items (and, as a first poll, no tombstones),
    // yet its cursor moves on; later pages carry tombstones for the rest of them.
    for (int i = 0; i < 130; ++i) f.content->add(announcement_changes("Assembly " + std::to_string(i), {"Assembly"}, true));
    std::vector<std::string> published;
    for (int i = 0; i < 230; ++i) published.push_back(f.content->add(announcement_changes("Bericht " + std::to_string(i), {}, true)).id);

    std::vector<std::string> seen;
    std::vector<std::size_t> sizes;
    std::size_t tombstones = 0;
    std::int64_t last_revision = 0;
    std::string cursor;
    bool more = true;
    int pages = 0;
    while (more && pages < 10) {
        const auto reply = f.get(f.token_b, cursor);
        REQUIRE(reply);
        REQUIRE(reply->status == 200);
        const auto page = floorsync::decode_feed(reply->body);
        CHECK(reply->has_header("ETag") == !page.more);
        for (const auto& entry : page.entries) {
            CHECK(entry.revision > last_revision);  // revision order, nothing twice
            last_revision = entry.revision;
            if (entry.withdrawn) {
                ++tombstones;
            } else {
                seen.push_back(entry.id);
            }
        }
        sizes.push_back(page.entries.size());
        CHECK(page.next_cursor != cursor);
        cursor = page.next_cursor;
        more = page.more;
        ++pages;
    }
    CHECK(sizes == std::vector<std::size_t>{0, 100, 100, 60});
    CHECK(tombstones == 30);
    CHECK(seen == published);
    CHECK(cursor == std::to_string(f.content.table().head_revision()));
    CHECK(f.poll(f.token_b, cursor).entries.empty());

    const auto a_first = f.poll(f.token_a, "");
    CHECK(a_first.entries.size() == 100);
    CHECK(a_first.more);
    CHECK(a_first.next_cursor == std::to_string(a_first.entries.back().revision));
}

TEST_CASE("an unchanged poll with If-None-Match gets 304 without a body; a change gets 200 again") {
    Fixture f;
    f.content->add(announcement_changes("Eerste", {}, true));
    const auto first = f.get(f.token_a, "");
    REQUIRE(first);
    const std::string cursor = json::parse(first->body)["next_cursor"];
    const std::string etag = first->get_header_value("ETag");
    CHECK(etag == "\"feed-" + cursor + "\"");

    RawConnection connection(f.collector.port());
    REQUIRE(connection.connected());
    const auto conditional = [&](const std::string& since, const std::string& tag) {
        REQUIRE(connection.send("GET /api/v1/feed?since=" + since + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                f.token_a + "\r\nIf-None-Match: " + tag + "\r\n\r\n"));
        return connection.read_reply();
    };
    const RawReply unchanged = conditional(cursor, etag);
    CHECK(unchanged.status == 304);
    CHECK(unchanged.body.empty());
    CHECK(unchanged.headers.at("etag") == etag);
    CHECK(unchanged.headers.count("content-length") == 0);
    CHECK(unchanged.headers.count("content-type") == 0);
    // The connection stays usable (no body was expected or sent), also for weak and listed tags.
    CHECK(conditional(cursor, "W/" + etag).status == 304);
    CHECK(conditional(cursor, "\"other\", " + etag).status == 304);
    // A tag for another cursor, or none: an ordinary 200.
    const RawReply other = conditional(cursor, "\"feed-0\"");
    CHECK(other.status == 200);
    CHECK(json::parse(other.body)["items"].empty());

    f.content->add(announcement_changes("Tweede", {}, true));
    const RawReply changed = conditional(cursor, etag);
    CHECK(changed.status == 200);
    CHECK(json::parse(changed.body)["items"].size() == 1);
    CHECK(changed.headers.at("etag") != etag);
    // Through the HTTP library too.
    const auto via_library = f.client->Get("/api/v1/feed?since=" + cursor, {{"Authorization", "Bearer " + f.token_a},
                                                                           {"If-None-Match", etag}});
    REQUIRE(via_library);
    CHECK(via_library->status == 200);
}

TEST_CASE("a malformed cursor is 400, a missing or unknown token 401") {
    Fixture f;
    for (const std::string bad : {"abc", "-1", "1.5", "%31", "99999999999999999999", "123456789012345678901"}) {
        CAPTURE(bad);
        const auto reply = f.get(f.token_a, bad);
        REQUIRE(reply);
        CHECK(reply->status == 400);
        CHECK(json::parse(reply->body)["error"].get<std::string>().find("since") != std::string::npos);
    }
    const auto anonymous = f.client->Get("/api/v1/feed");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
    CHECK(anonymous->get_header_value("WWW-Authenticate") == "Bearer");
    const auto stranger = f.client->Get("/api/v1/feed", bearer("not-a-token"));
    REQUIRE(stranger);
    CHECK(stranger->status == 401);
    CHECK(f.get(f.token_a, "9223372036854775807")->status == 200);
}

TEST_CASE("feed polls record last_seen at most once per 10 s per kiosk; uploads every time") {
    Fixture f;
    const auto last_seen = [&](const std::string& id) {
        TestRegistry registry(f.db);
        for (const auto& kiosk : registry->list())
            if (kiosk.id == id) return kiosk.last_seen;
        return std::string("?");
    };
    CHECK(last_seen("kiosk-a").empty());
    f.poll(f.token_a, "");
    const std::string first = last_seen("kiosk-a");
    CHECK_FALSE(first.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (int i = 0; i < 5; ++i) f.poll(f.token_a, "");
    CHECK(last_seen("kiosk-a") == first);
    f.poll(f.token_b, "");  // another kiosk is recorded on its own
    CHECK_FALSE(last_seen("kiosk-b").empty());

    CHECK(statuses(post_events(*f.client, f.token_a, upload_body({rating_json("kiosk-a", "Assembly")}))) == "stored");
    const std::string uploaded = last_seen("kiosk-a");
    CHECK(uploaded > first);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    f.poll(f.token_a, "");  // just recorded by the upload
    CHECK(last_seen("kiosk-a") == uploaded);
}

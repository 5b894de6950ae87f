// Store behaviour tests: append/find/reopen, durability order, batches, state changes, counts, pruning, meta.
#include "store_test_support.hpp"

#include "sync/sqlite.hpp"
#include "sync/store.hpp"

#include <sqlite3.h>

#include <random>

using namespace floorsync;
using store_test::TempDir;
using store_test::count_rows;
using store_test::make_event;

namespace {

void check_counts_match_rows(Store& store) {
    const OutboxCounts counts = store.counts();
    CHECK(counts.pending == count_rows(store.path(), "state = 0"));
    CHECK(counts.sent == count_rows(store.path(), "state = 1"));
    CHECK(counts.quarantined == count_rows(store.path(), "state = 2"));
}

}  // namespace

TEST_CASE("an appended event is found with every field, also after reopening") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Event question = make_event(event_type::question, R"({"text":"Wanneer krijgen we training? \u00e9\u20ac"})");
    question.department.clear();  // the employee preferred not to say
    question.language = "en";
    {
        Store store(path);
        store.append(question);
        const auto found = store.find(question.id);
        REQUIRE(found.has_value());
        CHECK(found->event == question);
        CHECK(found->state == EventState::pending);
        CHECK(found->seq > 0);
        CHECK(found->sent_at.empty());
        CHECK_FALSE(store.find("00000000-0000-4000-8000-000000000000").has_value());
    }
    Store reopened(path);
    const auto found = reopened.find(question.id);
    REQUIRE(found.has_value());
    CHECK(found->event == question);
    CHECK(reopened.counts().pending == 1);
}

TEST_CASE("after append returns, an independent connection already sees the row") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    for (int i = 0; i < 20; ++i) {
        const Event event = make_event();
        store.append(event);
        sqlite::Database other(store.path(), sqlite::open_readonly);
        sqlite::Statement query(other, "SELECT payload FROM events WHERE id = ?1");
        query.bind(1, event.id);
        REQUIRE(query.step());
        CHECK(query.column_text(0) == event.payload);
    }
}

TEST_CASE("an id already stored is refused with a clear error and the first event is kept") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    const Event first = make_event();
    store.append(first);
    Event second = make_event();
    second.id = first.id;
    try {
        store.append(second);
        FAIL("duplicate id accepted");
    } catch (const StoreError& error) {
        CHECK(error.code == SQLITE_CONSTRAINT);
        CHECK(std::string(error.what()).find("already stored") != std::string::npos);
        CHECK(std::string(error.what()).find(store.path()) != std::string::npos);
    }
    CHECK(store.find(first.id)->event == first);
    CHECK(store.counts().pending == 1);
    // The cached statement still works after the failure.
    store.append(make_event());
    CHECK(store.counts().pending == 2);
}

TEST_CASE("append_all stores everything in one transaction, or nothing") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    std::vector<Event> events;
    for (int i = 0; i < 50; ++i) {
        events.push_back(make_event());
    }
    store.append_all(events);
    CHECK(store.counts().pending == 50);

    std::vector<Event> with_duplicate = {make_event(), make_event(), events[3]};
    CHECK_THROWS_AS(store.append_all(with_duplicate), StoreError);
    CHECK(store.counts().pending == 50);
    CHECK_FALSE(store.find(with_duplicate[0].id).has_value());
    check_counts_match_rows(store);
}

TEST_CASE("pending_batch returns the oldest pending events first, within the event and byte limits") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    std::vector<Event> events;
    for (int i = 0; i < 30; ++i) {
        events.push_back(make_event(event_type::rating, R"({"score":3,"n":")" + std::string(90, 'a' + i % 26) + "\"}"));
        store.append(events.back());
    }
    const std::size_t payload_size = events[0].payload.size();

    auto batch = store.pending_batch(10, 1 << 20);
    REQUIRE(batch.size() == 10);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        CHECK(batch[i].event.id == events[i].id);
        if (i > 0) {
            CHECK(batch[i].seq > batch[i - 1].seq);
        }
    }

    batch = store.pending_batch(100, payload_size * 4 + payload_size / 2);
    CHECK(batch.size() == 4);

    // One event larger than the byte limit still goes alone, or it would block the outbox forever.
    batch = store.pending_batch(100, 10);
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].event.id == events[0].id);
    CHECK(store.pending_batch(0, 1000).empty());

    // Sent and quarantined events drop out; the rest keep their order.
    store.mark_sent({events[0].id, events[1].id}, "2026-03-01T10:00:00.000Z");
    store.quarantine(events[2].id, "rejected: unknown type");
    batch = store.pending_batch(3, 1 << 20);
    REQUIRE(batch.size() == 3);
    CHECK(batch[0].event.id == events[3].id);
    CHECK(batch[2].event.id == events[5].id);
}

TEST_CASE("counts stay equal to a real COUNT(*) through mixed operations") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    std::mt19937 random(12345);
    std::vector<std::string> pending_ids;
    for (int round = 0; round < 200; ++round) {
        const int action = static_cast<int>(random() % 10);
        if (action < 5 || pending_ids.empty()) {
            const Event event = make_event();
            store.append(event);
            pending_ids.push_back(event.id);
        } else if (action < 8) {
            std::vector<std::string> ids;
            const std::size_t n = 1 + random() % std::min<std::size_t>(5, pending_ids.size());
            ids.assign(pending_ids.begin(), pending_ids.begin() + static_cast<std::ptrdiff_t>(n));
            pending_ids.erase(pending_ids.begin(), pending_ids.begin() + static_cast<std::ptrdiff_t>(n));
            ids.push_back("unknown-id-is-ignored");
            store.mark_sent(ids, round % 2 ? "2026-01-01T00:00:00Z" : "2026-06-01T00:00:00.500+02:00");
        } else if (action < 9) {
            store.quarantine(pending_ids.back(), "rejected: conflict");
            pending_ids.pop_back();
        } else {
            store.prune_sent_before("2026-03-01T00:00:00Z");
        }
    }
    check_counts_match_rows(store);
    CHECK(store.counts().pending == static_cast<std::int64_t>(pending_ids.size()));

    // Counters are maintained by triggers in the file, so another connection's changes are counted too.
    {
        sqlite::Database other(store.path());
        other.exec("UPDATE events SET state = 1, sent_at = '2026-01-01T00:00:00.000Z' WHERE state = 2");
        other.exec("DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE state = 0 LIMIT 1)");
    }
    check_counts_match_rows(store);
}

TEST_CASE("mark_sent and quarantine record when and why, and leave sent events alone") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    const Event a = make_event(), b = make_event(), c = make_event();
    store.append_all({a, b, c});

    store.mark_sent({a.id}, "2026-02-03T04:05:06Z");
    auto found = store.find(a.id);
    CHECK(found->state == EventState::sent);
    CHECK(found->sent_at == "2026-02-03T04:05:06.000Z");  // canonical form, so text order is time order

    store.mark_sent({a.id}, "2027-01-01T00:00:00Z");  // a second confirmation keeps the first time
    CHECK(store.find(a.id)->sent_at == "2026-02-03T04:05:06.000Z");

    store.quarantine(b.id, "rejected: payload too long");
    found = store.find(b.id);
    CHECK(found->state == EventState::quarantined);
    CHECK(found->quarantine_reason == "rejected: payload too long");
    auto held = store.quarantined(10);
    REQUIRE(held.size() == 1);
    CHECK(held[0].event == b);

    store.quarantine(a.id, "late rejection");  // already at the collector: stays sent
    CHECK(store.find(a.id)->state == EventState::sent);
    CHECK_THROWS_WITH_AS(store.quarantine("no-such-id", "x"), doctest::Contains("no such event"), StoreError);
    CHECK_THROWS_WITH_AS(store.mark_sent({c.id}, "yesterday"), doctest::Contains("RFC 3339"), StoreError);
    CHECK(store.find(c.id)->state == EventState::pending);
    check_counts_match_rows(store);
}

TEST_CASE("requeueing makes quarantined events pending again, all or one, and touches nothing else") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    const Event sent = make_event(), held_1 = make_event(), held_2 = make_event(), waiting = make_event();
    store.append_all({sent, held_1, held_2, waiting});
    store.mark_sent({sent.id}, "2026-02-03T04:05:06Z");
    store.quarantine(held_1.id, "rejected: department not allowed");
    store.quarantine(held_2.id, "rejected: department not allowed");

    CHECK(store.requeue_quarantined(waiting.id) == 0);  // not quarantined
    CHECK(store.requeue_quarantined("no-such-id") == 0);
    CHECK(store.requeue_quarantined(held_2.id) == 1);
    CHECK(store.find(held_2.id)->state == EventState::pending);
    CHECK(store.find(held_2.id)->quarantine_reason.empty());
    CHECK(store.find(held_1.id)->state == EventState::quarantined);
    check_counts_match_rows(store);

    CHECK(store.requeue_quarantined() == 1);
    CHECK(store.counts().quarantined == 0);
    CHECK(store.find(sent.id)->state == EventState::sent);
    // Requeued events go out in their original order, before newer ones.
    const auto batch = store.pending_batch(10, 1 << 20);
    REQUIRE(batch.size() == 3);
    CHECK(batch[0].event.id == held_1.id);
    CHECK(batch[1].event.id == held_2.id);
    CHECK(batch[2].event.id == waiting.id);
    check_counts_match_rows(store);
}

TEST_CASE("pruning deletes only sent events confirmed before the cut-off") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    std::vector<Event> old_sent, new_sent, pending, quarantined;
    for (int i = 0; i < 2500; ++i) {  // more than one pruning chunk
        old_sent.push_back(make_event());
    }
    for (int i = 0; i < 5; ++i) {
        new_sent.push_back(make_event());
        pending.push_back(make_event());
        quarantined.push_back(make_event());
    }
    store.append_all(old_sent);
    store.append_all(new_sent);
    store.append_all(pending);
    store.append_all(quarantined);
    std::vector<std::string> ids;
    for (const Event& e : old_sent) {
        ids.push_back(e.id);
    }
    store.mark_sent(ids, "2026-01-10T12:00:00.000Z");
    ids.clear();
    for (const Event& e : new_sent) {
        ids.push_back(e.id);
    }
    store.mark_sent(ids, "2026-01-20T12:00:00.000Z");
    for (const Event& e : quarantined) {
        store.quarantine(e.id, "rejected");
    }

    CHECK(store.prune_sent_before("2026-01-10T12:00:00Z") == 0);  // strictly before
    CHECK(store.prune_sent_before("2026-01-15T00:00:00+01:00") == 2500);
    CHECK(store.prune_sent_before("2026-01-15T00:00:00Z") == 0);
    const OutboxCounts counts = store.counts();
    CHECK(counts.sent == 5);
    CHECK(counts.pending == 5);
    CHECK(counts.quarantined == 5);
    // Even a cut-off far in the future never touches pending or quarantined events.
    CHECK(store.prune_sent_before("2200-01-01T00:00:00Z") == 5);
    for (const Event& e : pending) {
        CHECK(store.find(e.id)->state == EventState::pending);
    }
    CHECK(store.quarantined(100).size() == 5);
    check_counts_match_rows(store);
    CHECK_THROWS_AS(store.prune_sent_before("not a time"), StoreError);
}

TEST_CASE("meta keys are set, replaced and read back") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    {
        Store store(path);
        CHECK_FALSE(store.meta("last_sync").has_value());
        store.set_meta("last_sync", "ok");
        store.set_meta("last_sync", "failed: timeout");
        store.set_meta("empty", "");
        CHECK(store.meta("last_sync") == "failed: timeout");
    }
    Store store(path);
    CHECK(store.meta("last_sync") == "failed: timeout");
    CHECK(store.meta("empty") == "");
}

TEST_CASE("integrity_ok is true for a healthy file and false once its pages are damaged") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    {
        Store store(path);
        std::vector<Event> events;
        for (int i = 0; i < 400; ++i) {
            events.push_back(make_event(event_type::question, R"({"text":")" + std::string(200, 'q') + "\"}"));
        }
        store.append_all(events);
        CHECK(store.integrity_ok());
    }  // closing the last connection checkpoints the WAL into the main file
    {
        // Damage a page in the middle of the file, leaving the header intact.
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(std::filesystem::file_size(path) / 2));
        const std::string garbage(4096, '\x07');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    Store store(path);
    CHECK_FALSE(store.integrity_ok());
}

TEST_CASE("counts read the counters table, not the events (instant with a large outbox)") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    sqlite::Database db(store.path());
    sqlite::Statement plan(db, "EXPLAIN QUERY PLAN SELECT state, n FROM outbox_counts");
    std::string details;
    while (plan.step()) {
        details += plan.column_text(3) + ";";
    }
    CHECK(details.find("outbox_counts") != std::string::npos);
    sqlite::Statement pending_plan(
        db, "EXPLAIN QUERY PLAN SELECT seq FROM events WHERE state = 0 ORDER BY seq LIMIT 10");
    details.clear();
    while (pending_plan.step()) {
        details += pending_plan.column_text(3) + ";";
    }
    CHECK(details.find("events_pending") != std::string::npos);
    CHECK(details.find("TEMP B-TREE") == std::string::npos);
}

TEST_CASE("append refuses to write into a database file that was deleted or replaced while open") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Store store(path);
    store.append(make_event());
    std::filesystem::rename(path, dir.file("moved-away.db"));
    std::ofstream(path) << "";
    CHECK_THROWS_WITH_AS(store.append(make_event()), doctest::Contains("deleted or replaced"), StoreError);
}

TEST_CASE("mark_sent handles ids that need escaping and large batches in one statement") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    std::vector<Event> events;
    for (int i = 0; i < 1200; ++i) {
        events.push_back(make_event());
    }
    events[0].id = "odd \"id\" with \\ and \t tab";
    events[1].id = "één-€";
    store.append_all(events);
    std::vector<std::string> ids;
    for (const Event& e : events) {
        ids.push_back(e.id);
    }
    store.mark_sent(ids, "2026-04-01T08:00:00Z");
    CHECK(store.counts().sent == 1200);
    CHECK(store.counts().pending == 0);
    CHECK(store.find(events[0].id)->state == EventState::sent);
    CHECK(store.find(events[1].id)->state == EventState::sent);
    store.mark_sent({}, "2026-04-01T08:00:00Z");  // nothing to do is fine
    check_counts_match_rows(store);
}

TEST_CASE("mark_sent_by_seq marks by outbox seq, keeps the first sent time, and leaves the connection synchronous=FULL") {
    TempDir dir;
    Store store(dir.file("kiosk.db"));
    const Event a = make_event(), b = make_event(), c = make_event();
    store.append_all({a, b, c});
    const std::int64_t seq_a = store.find(a.id)->seq, seq_c = store.find(c.id)->seq;

    store.mark_sent_by_seq({seq_a, seq_c}, "2026-02-03T04:05:06Z");
    CHECK(store.find(a.id)->state == EventState::sent);
    CHECK(store.find(a.id)->sent_at == "2026-02-03T04:05:06.000Z");
    CHECK(store.find(b.id)->state == EventState::pending);
    CHECK(store.find(c.id)->state == EventState::sent);
    store.mark_sent_by_seq({seq_a}, "2027-01-01T00:00:00Z");
    CHECK(store.find(a.id)->sent_at == "2026-02-03T04:05:06.000Z");
    CHECK(store.counts().pending == 1);
    CHECK(store.counts().sent == 2);
    check_counts_match_rows(store);

    // Only the marking commit is relaxed; recording events must stay durable.
    CHECK(store.connection_settings().synchronous == 2);
    CHECK_THROWS_WITH_AS(store.mark_sent_by_seq({seq_a}, "soon"), doctest::Contains("RFC 3339"), StoreError);
    CHECK(store.connection_settings().synchronous == 2);
}

// feed_page on its own: the three sections merged by revision, organisation-wide questions by state, the head bound.
#include "collector/feed_page.hpp"

#include "sync/shared/question_view.hpp"

#include <doctest/doctest.h>

using namespace floorsync;
using namespace floorsync::collector;

namespace {

QuestionRecord question(const std::string& hex, const std::string& department, questions::State state,
                        std::int64_t revision) {
    QuestionRecord record;
    record.view.id = std::string(32 - hex.size(), '0') + hex;
    record.view.department = department;
    record.view.day = "2026-11-30";
    record.view.text = "Vraag " + hex;
    record.view.state = state;
    if (state == questions::State::answered) {
        record.view.answer = "Antwoord";
        record.view.answer_by = "Anna";
    }
    record.view.revision = revision;
    return record;
}

AmbassadorRecord ambassador_of(const std::string& department, std::int64_t revision, bool removed = false) {
    AmbassadorRecord record;
    record.id = "5f0c6a0e-3c1b-4a7e-9b2d-0f1e2d3c4b5" + std::to_string(revision % 10);
    record.name = "Anna";
    record.department = department;
    record.salt = std::string(32, 'a');
    record.check = std::string(32, 'c');
    record.mac_key = std::string(64, 'f');
    record.params = ambassador::interactive_params();
    record.removed_at = removed ? "2026-11-30T10:00:00.000Z" : "";
    record.revision = revision;
    return record;
}

}  // namespace

TEST_CASE("feed_page: organisation-wide questions show once public, in revision order with credentials") {
    FeedChanges changes;
    changes.since = 10;
    changes.head = 20;
    changes.questions = {question("1", "", questions::State::open, 11), question("2", "", questions::State::answered, 13),
                         question("3", "Assembly", questions::State::dismissed, 14),
                         question("4", "", questions::State::dismissed, 21)};  // above the head: next time
    changes.ambassadors = {ambassador_of("Assembly", 12), ambassador_of("Assembly", 15, true)};
    const FeedResponse page = feed_page(changes, {"Assembly"}, 100);
    REQUIRE(page.entries.size() == 5);
    CHECK(page.entries[0].withdrawn);  // new, organisation-wide: a tombstone
    CHECK(page.entries[1].section == FeedSection::ambassador);
    CHECK(page.entries[1].json.find(std::string(64, 'f')) == std::string::npos);  // never the MAC key
    CHECK(ambassador::decode_credential(page.entries[1].json).revision == 12);
    CHECK(questions::decode_view(page.entries[2].json).answer == "Antwoord");
    CHECK(questions::decode_view(page.entries[3].json).state == questions::State::dismissed);
    CHECK(page.entries[4].section == FeedSection::ambassador);
    CHECK(page.entries[4].withdrawn);
    CHECK_FALSE(page.more);
    CHECK(page.next_cursor == "20");

    changes.since = 0;  // a first poll: no tombstones
    const FeedResponse first = feed_page(changes, {"Assembly"}, 100);
    CHECK(first.entries.size() == 3);
}

TEST_CASE("feed_page: the page limit counts every section, and the cursor stops at the last change taken") {
    FeedChanges changes;
    changes.since = 0;
    changes.head = 10;
    for (int i = 1; i <= 4; ++i) changes.questions.push_back(question(std::to_string(i), "Assembly", questions::State::open, i * 2));
    changes.ambassadors = {ambassador_of("Assembly", 1), ambassador_of("Assembly", 3)};
    const FeedResponse page = feed_page(changes, {"Assembly"}, 3);
    CHECK(page.more);
    REQUIRE(page.entries.size() == 3);
    CHECK(page.entries[0].revision == 1);
    CHECK(page.entries[1].revision == 2);
    CHECK(page.entries[2].revision == 3);
    CHECK(page.next_cursor == "3");
}

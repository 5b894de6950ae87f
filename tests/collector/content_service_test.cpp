// ContentService on the backend under test: new ids, partial edits, withdrawal, one go-live, states and interest.
#include "collector_test_support.hpp"

#include "collector/content_service.hpp"
#include "sync/shared/clock.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace collector_test;
using floorsync::collector::ContentChanges;
using floorsync::collector::ContentState;
using floorsync::collector::TranslationChanges;
using floorsync::content::ContentError;
using floorsync::content::Item;
using floorsync::content::Kind;

namespace {

ContentChanges announcement(const std::string& title, std::vector<std::string> audience = {}) {
    ContentChanges changes;
    changes.kind = Kind::announcement;
    changes.audience = std::move(audience);
    changes.translations["nl"].title = title;
    changes.translations["nl"].body = "Vanaf maandag werken we met het nieuwe systeem.\nVragen? Loop binnen bij IT.";
    return changes;
}

ContentChanges milestone(const std::string& title, bool go_live) {
    ContentChanges changes;
    changes.kind = Kind::milestone;
    changes.audience = std::vector<std::string>{};
    changes.translations["en"].title = title;
    changes.at = "2026-09-01T06:00:00.000Z";
    changes.go_live = go_live;
    return changes;
}

// The field a refusal names, or "accepted".
template <class Action>
std::string refused_field(Action&& action) {
    try {
        action();
    } catch (const ContentError& error) {
        return error.field;
    }
    return "accepted";
}

template <class Action>
std::string refusal(Action&& action) {
    try {
        action();
    } catch (const ContentError& error) {
        return error.field + ": " + error.why;
    }
    return "accepted";
}

}  // namespace

TEST_CASE("add gives the item a lower-case UUID, the time and a revision, and stores it") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    TestContent content(db);
    const auto before = floorsync::utc_now_rfc3339();
    const Item added = content->add(announcement("Nieuw systeem", {"Warehouse", "Dock", "Warehouse"}));
    CHECK(floorsync::is_uuid(added.id));
    CHECK(added.id[14] == '7');  // version 7: time-ordered
    CHECK(added.id.find_first_of("ABCDEF") == std::string::npos);
    CHECK(added.updated_at >= before);
    CHECK(added.revision > 0);
    CHECK(added.default_language == "nl");  // the only translation
    CHECK(added.audience == std::vector<std::string>{"Dock", "Warehouse"});  // sorted, once each

    const auto stored = content->find(added.id);
    REQUIRE(stored);
    CHECK_FALSE(stored->withdrawn);
    CHECK(stored->item == added);
    const Item second = content->add(announcement("Tweede bericht"));
    CHECK(second.revision > added.revision);
    CHECK(second.id > added.id);

    SUBCASE("an item that brings its own id is refused") {
        Item item = added;
        CHECK(refused_field([&] { content->add(item); }) == "id");
    }
    SUBCASE("add(Item) follows the same rules") {
        Item item;
        item.kind = Kind::why;
        item.translations["nl"] = {"Waarom", "Het oude systeem wordt niet meer onderhouden.", "Minder dubbel werk."};
        item.translations["en"] = {"Why", "The old system is no longer maintained.", "Less double work."};
        item.default_language = "en";
        const Item why = content->add(item);
        CHECK(content->find(why.id)->item.translations.at("nl").detail == "Minder dubbel werk.");
    }
}

TEST_CASE("bad content is refused naming the field, and nothing is stored") {
    TempDir dir;
    TestContent content(fresh_database(dir));
    ContentChanges bidi = announcement("Nieuw \u202E systeem");
    const std::string why = refusal([&] { content->add(bidi); });
    CHECK(why.rfind("translations.nl.title: ", 0) == 0);
    CHECK(why.find("U+202E") != std::string::npos);

    ContentChanges no_kind = announcement("x");
    no_kind.kind.reset();
    CHECK(refused_field([&] { content->add(no_kind); }) == "kind");
    ContentChanges two_languages = announcement("Nieuw");
    two_languages.translations["en"].title = "New";
    CHECK(refused_field([&] { content->add(two_languages); }) == "default_language");
    ContentChanges training;
    training.kind = Kind::training;
    training.audience = std::vector<std::string>{"Warehouse"};
    training.translations["en"].title = "SAP basics";
    training.at = "2026-06-01T07:00:00.000Z";
    training.until = "2026-06-01T06:00:00.000Z";
    training.place = "Room 3";
    CHECK(refused_field([&] { content->add(training); }) == "until");
    ContentChanges bad_department = announcement("Nieuw", {"Ware\nhouse"});
    CHECK(refused_field([&] { content->add(bad_department); }) == "audience[0]");
    CHECK(content->list(true).empty());
    CHECK(content.table().head_revision() == 0);
}

TEST_CASE("edit changes only the given fields, validates the result and stores a new revision") {
    TempDir dir;
    TestContent content(fresh_database(dir));
    ContentChanges first = announcement("Nieuw systeem", {"Warehouse"});
    first.shown_from = "2026-05-01T06:00:00.000Z";
    const Item added = content->add(first);

    ContentChanges english;
    english.translations["en"].title = "New system";
    const Item edited = content->edit(added.id, english);
    CHECK(edited.id == added.id);
    CHECK(edited.revision > added.revision);
    CHECK(edited.translations.at("en").title == "New system");
    CHECK(edited.translations.at("nl") == added.translations.at("nl"));
    CHECK(edited.default_language == "nl");
    CHECK(edited.audience == added.audience);
    CHECK(edited.shown_from == added.shown_from);
    CHECK(content->find(added.id)->item == edited);

    SUBCASE("one text of one language") {
        ContentChanges body;
        body.translations["nl"].body = "Vanaf dinsdag.";
        const Item again = content->edit(added.id, body);
        CHECK(again.translations.at("nl").title == "Nieuw systeem");
        CHECK(again.translations.at("nl").body == "Vanaf dinsdag.");
        CHECK(again.translations.at("en").title == "New system");
    }
    SUBCASE("shown_from is cleared with an empty value, and audience becomes everyone") {
        ContentChanges clear;
        clear.shown_from = "";
        clear.audience = std::vector<std::string>{};
        const Item again = content->edit(added.id, clear);
        CHECK(again.shown_from.empty());
        CHECK(again.audience.empty());
    }
    SUBCASE("the kind cannot change; the same kind may be repeated") {
        ContentChanges other;
        other.kind = Kind::milestone;
        CHECK(refusal([&] { content->edit(added.id, other); }).find("kind: cannot change from announcement") == 0);
        ContentChanges same;
        same.kind = Kind::announcement;
        same.translations["nl"].title = "Nieuw systeem!";
        CHECK(content->edit(added.id, same).translations.at("nl").title == "Nieuw systeem!");
    }
    SUBCASE("a result that breaks the rules is refused and the stored item stays as it was") {
        ContentChanges place;
        place.place = "Room 3";
        CHECK(refused_field([&] { content->edit(added.id, place); }) == "place");
        ContentChanges bad;
        bad.translations["de"].body = "Nur ein Text";  // a new language without a title
        CHECK(refused_field([&] { content->edit(added.id, bad); }) == "translations.de.title");
        ContentChanges shown;
        shown.shown_until = "2026-04-01T00:00:00.000Z";  // before shown_from
        CHECK(refused_field([&] { content->edit(added.id, shown); }) == "shown_until");
        CHECK(content->find(added.id)->item == edited);
    }
    SUBCASE("an unknown id is refused") {
        const std::string why = refusal([&] { content->edit("01900000-0000-7000-8000-000000000000", english); });
        CHECK(why.find("id: there is no content item '01900000-0000-7000-8000-000000000000'") == 0);
    }
}

TEST_CASE("withdraw: kiosks drop it, and it can be neither edited nor withdrawn again") {
    TempDir dir;
    TestContent content(fresh_database(dir));
    const Item kept = content->add(announcement("Blijft"));
    const Item gone = content->add(announcement("Gaat weg"));
    const auto head = content.table().head_revision();
    content->withdraw(gone.id);
    const auto record = content->find(gone.id);
    REQUIRE(record);
    CHECK(record->withdrawn);
    CHECK_FALSE(record->withdrawn_at.empty());
    CHECK(record->item.revision > head);  // the withdrawal is a change the feed sends
    CHECK(content.table().head_revision() == record->item.revision);

    const auto published = content->list();
    REQUIRE(published.size() == 1);
    CHECK(published[0].record.item.id == kept.id);
    const auto all = content->list(true);
    REQUIRE(all.size() == 2);
    CHECK(all[1].state == ContentState::withdrawn);

    ContentChanges change;
    change.translations["nl"].title = "Toch niet";
    CHECK(refusal([&] { content->edit(gone.id, change); }).find("id: item '" + gone.id + "' was withdrawn at") == 0);
    CHECK(refusal([&] { content->withdraw(gone.id); }).find("was already withdrawn at " + record->withdrawn_at) !=
          std::string::npos);
    CHECK(refused_field([&] { content->withdraw("01900000-0000-7000-8000-000000000000"); }) == "id");
    CHECK(content->find(gone.id)->item.revision == record->item.revision);
}

TEST_CASE("only one published milestone may be the go-live") {
    TempDir dir;
    TestContent content(fresh_database(dir));
    const Item go_live = content->add(milestone("Go-live", true));
    const Item training_day = content->add(milestone("Training day", false));

    const std::string second = refusal([&] { content->add(milestone("Second go-live", true)); });
    CHECK(second.rfind("go_live: ", 0) == 0);
    CHECK(second.find(go_live.id) != std::string::npos);
    CHECK(second.find("Go-live") != std::string::npos);
    ContentChanges promote;
    promote.go_live = true;
    CHECK(refusal([&] { content->edit(training_day.id, promote); }).find(go_live.id) != std::string::npos);
    CHECK_FALSE(content->find(training_day.id)->item.go_live);

    // The go-live itself may be edited; once it is no longer the go-live (or withdrawn), another may be.
    ContentChanges later;
    later.at = "2026-10-01T06:00:00.000Z";
    CHECK(content->edit(go_live.id, later).go_live);
    SUBCASE("after withdrawing the first") {
        content->withdraw(go_live.id);
        CHECK(content->edit(training_day.id, promote).go_live);
    }
    SUBCASE("after un-marking the first") {
        ContentChanges demote;
        demote.go_live = false;
        content->edit(go_live.id, demote);
        CHECK(content->add(milestone("New go-live", true)).go_live);
    }
}

TEST_CASE("list: states by the shown window, and training interest from real uploads against the seats") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const auto now = *floorsync::parse_rfc3339("2026-05-10T12:00:00Z");
    TestContent content(db, [now] { return now; });
    ContentChanges scheduled = announcement("Later");
    scheduled.shown_from = "2026-06-01T00:00:00.000Z";
    ContentChanges expired = announcement("Voorbij");
    expired.shown_from = "2026-04-01T00:00:00.000Z";
    expired.shown_until = "2026-05-01T00:00:00.000Z";
    ContentChanges current = announcement("Nu");
    current.shown_until = "2026-05-11T00:00:00.000Z";
    ContentChanges training;
    training.kind = Kind::training;
    training.audience = std::vector<std::string>{"Warehouse"};
    training.translations["nl"].title = "SAP basis";
    training.at = "2026-06-01T07:00:00.000Z";
    training.until = "2026-06-01T10:00:00.000Z";
    training.place = "Zaal 3";
    training.seats = 20;
    const Item later = content->add(scheduled);
    const Item past = content->add(expired);
    const Item now_shown = content->add(current);
    const Item session = content->add(training);
    ContentChanges other_training = training;
    other_training.seats = 0;
    const Item other_session = content->add(other_training);

    // Three people tap "I'll be there" (one tap arrives twice: it counts once).
    const std::string token = add_kiosk(db, "hall-1", {"Warehouse"});
    {
        RunningCollector collector(db);
        auto client = collector.client();
        const auto interest = [&](const std::string& id) {
            json event = rating_json("hall-1", "Warehouse");
            event["type"] = "training_interest";
            event["payload"] = json{{"session", id}};
            return event;
        };
        const json once = interest(session.id);
        CHECK(statuses(post_events(*client, token, upload_body({once, interest(session.id), interest(session.id)}))) ==
              "stored,stored,stored");
        CHECK(statuses(post_events(*client, token, upload_body({once}))) == "duplicate");
    }

    const auto rows = content->list();
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].record.item.id == later.id);
    CHECK(rows[0].state == ContentState::scheduled);
    CHECK(rows[1].record.item.id == past.id);
    CHECK(rows[1].state == ContentState::expired);
    CHECK(rows[2].record.item.id == now_shown.id);
    CHECK(rows[2].state == ContentState::published);
    CHECK(rows[3].record.item.id == session.id);
    CHECK(rows[3].interest == 3);
    CHECK(rows[3].record.item.seats == 20);
    CHECK(rows[4].record.item.id == other_session.id);
    CHECK(rows[4].interest == 0);
    CHECK(std::string(to_string(ContentState::expired)) == "expired");
}

TEST_CASE("apply_changes: the only translation becomes the default language") {
    Item item;
    ContentChanges changes;
    changes.translations["en"] = TranslationChanges{"Title", std::nullopt, std::nullopt};
    floorsync::collector::apply_changes(item, changes);
    CHECK(item.default_language == "en");
    ContentChanges more;
    more.translations["nl"].title = "Titel";
    floorsync::collector::apply_changes(item, more);
    CHECK(item.default_language == "en");  // an added language does not take over
    CHECK(item.translations.size() == 2);
}

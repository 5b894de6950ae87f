// The ratings read model (schema v5) through real ingest: amendments in any order, resends, suspect taps, other
// kiosks, the migration from v4, copy-db, and the dashboard's reads.
#include "collector_test_support.hpp"
#include "schema_downgrade.hpp"

#include "collector/copy_db.hpp"
#include "collector/local_time.hpp"
#include "sync/shared/clock.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <utility>

using namespace collector_test;
using floorsync::collector::RatingCount;
using floorsync::collector::ReasonCount;
using floorsync::collector::SuspectCount;

namespace {

// Noon UTC: the same local day in every time zone within 11 hours of UTC; the expectation asks local_day anyway.
constexpr const char* kMonday = "2026-11-02T12:00:00.000Z";

std::string day_of(const std::string& rfc3339) {
    return floorsync::collector::local_day(*floorsync::parse_rfc3339(rfc3339));
}

json at(json event, const std::string& created_at) {
    event["created_at"] = created_at;
    return event;
}

// "2026-11-02T12:MM:00.000Z": minutes after kMonday, for amendments that must be newer or older.
std::string monday_plus_minutes(int minutes) {
    char text[32];
    std::snprintf(text, sizeof text, "2026-11-02T12:%02d:00.000Z", minutes);
    return text;
}

// A collector on a fresh database with kiosks hall-1 and hall-2 (both Sales), posting as either.
struct Ingest {
    TempDir dir;
    std::string db = fresh_database(dir);
    std::string hall1 = add_kiosk(db, "hall-1", {"Sales"});
    std::string hall2 = add_kiosk(db, "hall-2", {"Sales"});
    RunningCollector collector{db};
    std::unique_ptr<httplib::Client> client = collector.client();
    std::unique_ptr<floorsync::collector::Storage> storage = floorsync::collector::open_storage(db);
    std::unique_ptr<floorsync::collector::RatingTable> ratings = storage->open_ratings();

    std::string post(const std::string& token, const std::vector<json>& events) {
        return statuses(post_events(*client, token, upload_body(events)));
    }
    std::vector<RatingCount> cells() { return ratings->rating_counts("2000-01-01", "2999-12-31"); }
    std::vector<ReasonCount> reasons() { return ratings->reason_counts("2000-01-01", "2999-12-31"); }
    std::vector<SuspectCount> suspects() { return ratings->suspect_counts("2000-01-01", "2999-12-31"); }
};

RatingCount cell(int score, std::int64_t count, std::int64_t with_reasons, const std::string& kiosk = "hall-1") {
    return {day_of(kMonday), kiosk, "Sales", score, count, with_reasons};
}

ReasonCount reason(const std::string& key, std::int64_t count) { return {day_of(kMonday), "hall-1", "Sales", key, count}; }

}  // namespace

TEST_CASE("a rating counts in its cell, and its amendment adds its reasons") {
    Ingest ingest;
    const json rating = at(rating_json("hall-1", "Sales", 4), kMonday);
    REQUIRE(ingest.post(ingest.hall1, {rating}) == "stored");
    CHECK(ingest.cells() == std::vector<RatingCount>{cell(4, 1, 0)});
    CHECK(ingest.reasons().empty());
    CHECK(ingest.suspects().empty());

    const json amendment =
        at(reasons_json("hall-1", "Sales", rating["id"], {"need_training", "see_why"}), monday_plus_minutes(1));
    REQUIRE(ingest.post(ingest.hall1, {amendment}) == "stored");
    CHECK(ingest.cells() == std::vector<RatingCount>{cell(4, 1, 1)});
    CHECK(ingest.reasons() == std::vector<ReasonCount>{reason("need_training", 1), reason("see_why", 1)});
    CHECK(count_rows(ingest.db, "SELECT count(*) FROM ratings WHERE reasons = 'need_training;see_why' AND reasons_at = '" +
                                    monday_plus_minutes(1) + "'") == 1);

    // A newer amendment replaces the reasons: the old ones leave their cells, no empty cell stays behind.
    const json newer = at(reasons_json("hall-1", "Sales", rating["id"], {"need_support"}), monday_plus_minutes(2));
    REQUIRE(ingest.post(ingest.hall1, {newer}) == "stored");
    CHECK(ingest.cells() == std::vector<RatingCount>{cell(4, 1, 1)});
    CHECK(ingest.reasons() == std::vector<ReasonCount>{reason("need_support", 1)});

    // One that names no reason takes the rating out of with_reasons.
    const json none = at(reasons_json("hall-1", "Sales", rating["id"], {}), monday_plus_minutes(3));
    REQUIRE(ingest.post(ingest.hall1, {none}) == "stored");
    CHECK(ingest.cells() == std::vector<RatingCount>{cell(4, 1, 0)});
    CHECK(ingest.reasons().empty());
}

TEST_CASE("an amendment that comes before its rating counts once the rating comes") {
    Ingest ingest;
    SUBCASE("in an earlier upload") {
        const json rating = at(rating_json("hall-1", "Sales", 2), kMonday);
        const json amendment = at(reasons_json("hall-1", "Sales", rating["id"], {"need_training"}), monday_plus_minutes(1));
        REQUIRE(ingest.post(ingest.hall1, {amendment}) == "stored");
        CHECK(ingest.cells().empty());
        CHECK(ingest.reasons().empty());
        REQUIRE(ingest.post(ingest.hall1, {rating}) == "stored");
    }
    SUBCASE("earlier in the same upload") {
        const json rating = at(rating_json("hall-1", "Sales", 2), kMonday);
        const json amendment = at(reasons_json("hall-1", "Sales", rating["id"], {"need_training"}), monday_plus_minutes(1));
        REQUIRE(ingest.post(ingest.hall1, {amendment, rating}) == "stored,stored");
    }
    SUBCASE("later in the same upload") {
        const json rating = at(rating_json("hall-1", "Sales", 2), kMonday);
        const json amendment = at(reasons_json("hall-1", "Sales", rating["id"], {"need_training"}), monday_plus_minutes(1));
        REQUIRE(ingest.post(ingest.hall1, {rating, amendment}) == "stored,stored");
    }
    CHECK(ingest.cells() == std::vector<RatingCount>{cell(2, 1, 1)});
    CHECK(ingest.reasons() == std::vector<ReasonCount>{reason("need_training", 1)});
}

TEST_CASE("of two amendments the newer one wins, whatever order they arrive in") {
    Ingest ingest;
    const json rating = at(rating_json("hall-1", "Sales", 3), kMonday);
    const json older = at(reasons_json("hall-1", "Sales", rating["id"], {"see_why"}), monday_plus_minutes(1));
    const json newer = at(reasons_json("hall-1", "Sales", rating["id"], {"need_support"}), monday_plus_minutes(2));
    SUBCASE("both after the rating") {
        REQUIRE(ingest.post(ingest.hall1, {rating}) == "stored");
        REQUIRE(ingest.post(ingest.hall1, {newer}) == "stored");
        REQUIRE(ingest.post(ingest.hall1, {older}) == "stored");
    }
    SUBCASE("both before the rating") {
        REQUIRE(ingest.post(ingest.hall1, {newer, older}) == "stored,stored");
        REQUIRE(ingest.post(ingest.hall1, {rating}) == "stored");
    }
    SUBCASE("one before, one after") {
        REQUIRE(ingest.post(ingest.hall1, {newer}) == "stored");
        REQUIRE(ingest.post(ingest.hall1, {rating, older}) == "stored,stored");
    }
    CHECK(ingest.cells() == std::vector<RatingCount>{cell(3, 1, 1)});
    CHECK(ingest.reasons() == std::vector<ReasonCount>{reason("need_support", 1)});
}

TEST_CASE("of two amendments made in the same millisecond, the greater event id wins") {
    Ingest ingest;
    const json rating = at(rating_json("hall-1", "Sales", 3), kMonday);
    json one = at(reasons_json("hall-1", "Sales", rating["id"], {"see_why"}), monday_plus_minutes(1));
    json two = at(reasons_json("hall-1", "Sales", rating["id"], {"need_support"}), monday_plus_minutes(1));
    if (one["id"].get<std::string>() > two["id"].get<std::string>()) std::swap(one, two);  // two: the greater id
    SUBCASE("greater id last") {
        REQUIRE(ingest.post(ingest.hall1, {rating, one}) == "stored,stored");
        REQUIRE(ingest.post(ingest.hall1, {two}) == "stored");
    }
    SUBCASE("greater id first") {
        REQUIRE(ingest.post(ingest.hall1, {rating, two}) == "stored,stored");
        REQUIRE(ingest.post(ingest.hall1, {one}) == "stored");
    }
    SUBCASE("both before the rating") {
        REQUIRE(ingest.post(ingest.hall1, {one, two}) == "stored,stored");
        REQUIRE(ingest.post(ingest.hall1, {rating}) == "stored");
    }
    const std::string expected = two["payload"]["reasons"][0];
    CHECK(ingest.reasons() == std::vector<ReasonCount>{reason(expected, 1)});
}

TEST_CASE("an identical resend of ratings and amendments counts once") {
    Ingest ingest;
    const json rating = at(rating_json("hall-1", "Sales", 5), kMonday);
    const json amendment = at(reasons_json("hall-1", "Sales", rating["id"], {"see_why"}), monday_plus_minutes(1));
    REQUIRE(ingest.post(ingest.hall1, {rating, amendment}) == "stored,stored");
    REQUIRE(ingest.post(ingest.hall1, {rating, amendment}) == "duplicate,duplicate");
    REQUIRE(ingest.post(ingest.hall1, {amendment}) == "duplicate");
    // The same id with other content is a conflict: rejected, and it changes nothing.
    json changed = rating;
    changed["payload"]["score"] = 1;
    CHECK(ingest.post(ingest.hall1, {changed}) == "rejected");
    CHECK(ingest.cells() == std::vector<RatingCount>{cell(5, 1, 1)});
    CHECK(ingest.reasons() == std::vector<ReasonCount>{reason("see_why", 1)});
    CHECK(count_rows(ingest.db, "SELECT count(*) FROM ratings") == 1);
}

TEST_CASE("a suspect tap is kept out of the cells and counted per kiosk") {
    Ingest ingest;
    const json honest = at(rating_json("hall-1", "Sales", 4), kMonday);
    const json suspect = at(rating_json("hall-1", "Sales", 4, true), monday_plus_minutes(1));
    const json other = at(rating_json("hall-2", "Sales", 1, true), monday_plus_minutes(2));
    REQUIRE(ingest.post(ingest.hall1, {honest, suspect}) == "stored,stored");
    REQUIRE(ingest.post(ingest.hall2, {other}) == "stored");
    // An amendment of a suspect tap does not bring it into the reason counts either.
    REQUIRE(ingest.post(ingest.hall1, {at(reasons_json("hall-1", "Sales", suspect["id"], {"see_why"}),
                                          monday_plus_minutes(3))}) == "stored");
    CHECK(ingest.cells() == std::vector<RatingCount>{cell(4, 1, 0)});
    CHECK(ingest.reasons().empty());
    CHECK(ingest.suspects() ==
          std::vector<SuspectCount>{{"hall-1", 1, day_of(kMonday)}, {"hall-2", 1, day_of(kMonday)}});
    CHECK(ingest.ratings->suspect_counts("2000-01-01", "2000-01-02").empty());
    CHECK(count_rows(ingest.db, "SELECT count(*) FROM ratings WHERE suspect") == 2);
}

TEST_CASE("an amendment from another kiosk changes nothing") {
    Ingest ingest;
    const json rating = at(rating_json("hall-1", "Sales", 4), kMonday);
    const json foreign = at(reasons_json("hall-2", "Sales", rating["id"], {"need_training"}), monday_plus_minutes(1));
    SUBCASE("after the rating") {
        REQUIRE(ingest.post(ingest.hall1, {rating}) == "stored");
        REQUIRE(ingest.post(ingest.hall2, {foreign}) == "stored");
    }
    SUBCASE("before the rating") {
        REQUIRE(ingest.post(ingest.hall2, {foreign}) == "stored");
        REQUIRE(ingest.post(ingest.hall1, {rating}) == "stored");
    }
    CHECK(ingest.cells() == std::vector<RatingCount>{cell(4, 1, 0)});
    CHECK(ingest.reasons().empty());
    // The rating's own kiosk still amends it, though the foreign amendment is newer.
    REQUIRE(ingest.post(ingest.hall1, {at(reasons_json("hall-1", "Sales", rating["id"], {"see_why"}), kMonday)}) ==
            "stored");
    CHECK(ingest.reasons() == std::vector<ReasonCount>{reason("see_why", 1)});
}

TEST_CASE("day_range, the day filter of the reads, and the bare aggregate over the events") {
    Ingest ingest;
    CHECK_FALSE(ingest.ratings->day_range());
    CHECK(ingest.ratings->bare_aggregate("2026-11-01", "2026-11-30") == 0);
    REQUIRE(ingest.post(ingest.hall1, {at(rating_json("hall-1", "Sales", 4), "2026-11-02T12:00:00.000Z"),
                                       at(rating_json("hall-1", "", 3), "2026-11-02T12:01:00.000Z"),
                                       at(rating_json("hall-1", "Sales", 5), "2026-11-04T12:00:00.000Z"),
                                       at(rating_json("hall-1", "Sales", 1), "2026-11-06T12:00:00.000Z"),
                                       at(rating_json("hall-1", "Sales", 1, true), "2026-11-08T12:00:00.000Z")}) ==
            "stored,stored,stored,stored,stored");
    const auto range = ingest.ratings->day_range();
    REQUIRE(range);
    CHECK(range->first == day_of("2026-11-02T12:00:00.000Z"));
    CHECK(range->second == day_of("2026-11-06T12:00:00.000Z"));  // a suspect tap is no rating cell
    const auto middle = ingest.ratings->rating_counts(day_of("2026-11-03T12:00:00.000Z"), day_of("2026-11-05T12:00:00.000Z"));
    REQUIRE(middle.size() == 1);
    CHECK(middle[0].score == 5);
    const auto first_day = ingest.ratings->rating_counts(range->first, range->first);
    REQUIRE(first_day.size() == 2);
    CHECK(first_day[0].department.empty());  // ordered by day, kiosk, department, score
    CHECK(first_day[1].department == "Sales");
    // (Sales, 02), ("", 02), (Sales, 04), (Sales, 06): the suspect tap of the 8th is not counted.
    CHECK(ingest.ratings->bare_aggregate("2026-11-01", "2026-11-30") == 4);
    CHECK(ingest.ratings->bare_aggregate("2026-11-03", "2026-11-08") == 2);
    CHECK(ingest.ratings->bare_aggregate("2026-12-01", "2026-12-31") == 0);
}

TEST_CASE("migrating a v4 database to v5 derives the same read model from its stored events") {
    Ingest ingest;
    const json a = at(rating_json("hall-1", "Sales", 4), kMonday);
    const json b = at(rating_json("hall-1", "", 2), monday_plus_minutes(1));
    const json b_reasons = at(reasons_json("hall-1", "", b["id"], {"need_training", "see_why"}), monday_plus_minutes(2));
    const json b_newer = at(reasons_json("hall-1", "", b["id"], {"need_support"}), monday_plus_minutes(3));
    const json c = at(rating_json("hall-2", "Sales", 4), monday_plus_minutes(4));
    const json c_reasons = at(reasons_json("hall-2", "Sales", c["id"], {"see_why"}), monday_plus_minutes(5));
    const json foreign = at(reasons_json("hall-2", "Sales", a["id"], {"need_training"}), monday_plus_minutes(6));
    const json suspect = at(rating_json("hall-2", "Sales", 4, true), monday_plus_minutes(7));
    REQUIRE(ingest.post(ingest.hall1, {b_newer, a, b_reasons}) == "stored,stored,stored");
    REQUIRE(ingest.post(ingest.hall1, {b}) == "stored");
    REQUIRE(ingest.post(ingest.hall2, {c, c_reasons, foreign, suspect}) == "stored,stored,stored,stored");
    const auto cells = ingest.cells();
    const auto reasons = ingest.reasons();
    const auto suspects = ingest.suspects();
    REQUIRE(cells.size() == 3);
    REQUIRE(reasons.size() == 2);
    REQUIRE(suspects.size() == 1);

    back_to_v4(ingest.db);
    CHECK(count_rows(ingest.db, "SELECT count(*) FROM events") == 8);
    const auto migrated = floorsync::collector::open_storage(ingest.db);  // migrates
    const auto table = migrated->open_ratings();
    CHECK(table->rating_counts("2000-01-01", "2999-12-31") == cells);
    CHECK(table->reason_counts("2000-01-01", "2999-12-31") == reasons);
    CHECK(table->suspect_counts("2000-01-01", "2999-12-31") == suspects);
    CHECK(count_rows(ingest.db, "SELECT count(*) FROM ratings") == 4);
    CHECK(count_rows(ingest.db, "SELECT count(*) FROM kiosks WHERE site = ''") == 2);
    CHECK(count_rows(ingest.db, "SELECT count(*) FROM users") == 0);
}

TEST_CASE("copy-db moves the kiosks' sites, the ratings read model and the accounts, not the sessions") {
    TempDir dir;
    const std::string source = fresh_database(dir, "source.db");
    const std::string target = fresh_database(dir, "target.db");
    const std::string token = add_kiosk(source, "hall-1", {"Sales"});
    TestRegistry(source)->set_site("hall-1", "Hal A");
    const json rating = at(rating_json("hall-1", "Sales", 4), kMonday);
    const json amendment = at(reasons_json("hall-1", "Sales", rating["id"], {"see_why"}), monday_plus_minutes(1));
    {
        RunningCollector collector(source);
        auto client = collector.client();
        // The amendment first, in its own upload: copy-db reads events by created_at, so the target sees the rating
        // first; either way the counts are the same.
        REQUIRE(statuses(post_events(*client, token, upload_body({amendment}))) == "stored");
        REQUIRE(statuses(post_events(*client, token, upload_body({rating}))) == "stored");
    }
    const auto from = floorsync::collector::open_storage(source);
    const auto accounts = from->open_accounts();
    const floorsync::collector::UserRecord anna{"6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "anna", "$argon2id$hash-a",
                                                "2026-11-01T08:00:00.000Z", ""};
    const floorsync::collector::UserRecord gone{"7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "anna", "$argon2id$hash-b",
                                                "2026-10-01T08:00:00.000Z", "2026-10-20T08:00:00.000Z"};
    REQUIRE(accounts->insert_user(gone));
    REQUIRE(accounts->insert_user(anna));
    accounts->insert_session({"token-hash-1", anna.id, "csrf-1", kMonday, kMonday});

    const auto report = floorsync::collector::copy_database(source, target);
    CHECK(report.users_added == 2);
    CHECK(report.kiosks_added == 1);
    const auto to = floorsync::collector::open_storage(target);
    const auto range = std::make_pair(std::string("2000-01-01"), std::string("2999-12-31"));
    CHECK(to->open_ratings()->rating_counts(range.first, range.second) ==
          from->open_ratings()->rating_counts(range.first, range.second));
    CHECK(to->open_ratings()->rating_counts(range.first, range.second) == std::vector<RatingCount>{cell(4, 1, 1)});
    CHECK(to->open_ratings()->reason_counts(range.first, range.second) ==
          std::vector<ReasonCount>{reason("see_why", 1)});
    CHECK(to->open_accounts()->list_users() == accounts->list_users());
    CHECK_FALSE(to->open_accounts()->find_session("token-hash-1"));
    CHECK(to->open_kiosks()->list().at(0).site == "Hal A");

    // A second run adds nothing and finds everything identical.
    const auto again = floorsync::collector::copy_database(source, target);
    CHECK(again.users_added == 0);
    CHECK(again.users_identical == 2);
    CHECK(again.events_added == 0);
    CHECK(to->open_ratings()->rating_counts(range.first, range.second) == std::vector<RatingCount>{cell(4, 1, 1)});
}

TEST_CASE("a kiosk's site: set on add or later, trimmed, checked, listed") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    TestRegistry registry(db);
    registry->add("hall-1", {"Sales"}, std::string("  Hal A\t"));
    registry->add("hall-2", {"Sales"});
    auto kiosks = registry->list();
    REQUIRE(kiosks.size() == 2);
    CHECK(kiosks[0].site == "Hal A");
    CHECK(kiosks[1].site.empty());

    CHECK(registry->set_site("hall-2", " Magazijn Noord ") == "Magazijn Noord");
    CHECK(registry->list()[1].site == "Magazijn Noord");
    CHECK_THROWS_WITH_AS(registry->set_site("hall-9", "Hal B"), "no kiosk with id 'hall-9'",
                         floorsync::collector::RegistryError);
    CHECK_THROWS_AS(registry->set_site("hall-1", "   "), floorsync::collector::RegistryError);
    CHECK_THROWS_AS(registry->set_site("hall-1", std::string(101, 'x')), floorsync::collector::RegistryError);
    CHECK_THROWS_AS(registry->set_site("hall-1", "Hal\nB"), floorsync::collector::RegistryError);
    CHECK_THROWS_AS(registry->add("hall-3", {"Sales"}, std::string(" ")), floorsync::collector::RegistryError);
    CHECK(registry->set_site("hall-1", std::string(100, 'x')) == std::string(100, 'x'));
    CHECK(registry->list().size() == 2);  // the refused add wrote nothing
}

TEST_CASE("kiosk add --site, kiosk set-site and kiosk list on the command line") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const auto added = run_collector_command(dir, {"kiosk", "add", "--db", db, "--id", "hall-1", "--department", "Sales",
                                                   "--site", "Hal A"});
    REQUIRE_MESSAGE(added.code == 0, added.err);
    const auto moved = run_collector_command(dir, {"kiosk", "set-site", "--db", db, "--id", "hall-1", "--site", "Hal B"});
    REQUIRE_MESSAGE(moved.code == 0, moved.err);
    CHECK(moved.out.find("Hal B") != std::string::npos);
    const auto listed = run_collector_command(dir, {"kiosk", "list", "--db", db});
    REQUIRE_MESSAGE(listed.code == 0, listed.err);
    CHECK(listed.out.find("\tsite=Hal B\t") != std::string::npos);
    const auto blank = run_collector_command(dir, {"kiosk", "set-site", "--db", db, "--id", "hall-1", "--site", " "});
    CHECK(blank.code != 0);
    CHECK(blank.err.find("invalid site") != std::string::npos);
    const auto unknown = run_collector_command(dir, {"kiosk", "set-site", "--db", db, "--id", "hall-9", "--site", "X"});
    CHECK(unknown.code != 0);
}

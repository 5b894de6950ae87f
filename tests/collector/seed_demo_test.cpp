// seed-demo on the backend under test: what it stores (through the real services and EventWriter), that the demo
// holds what the dashboard must show (a barrier per department, a drop, a hidden small department, suspect taps,
// waiting questions, a silent kiosk), refusal of a database with events, and the same figures for the same seed.
#include "collector_test_support.hpp"

#include "collector/ambassador_service.hpp"
#include "collector/content_service.hpp"
#include "collector/dashboard/account_service.hpp"
#include "collector/dashboard/overview.hpp"
#include "collector/seed_demo.hpp"
#include "collector/seed_demo_timeline.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/question_view.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

#include <map>
#include <memory>
#include <set>

using namespace collector_test;
namespace fc = floorsync::collector;
using floorsync::questions::State;

namespace {

// A fixed Wednesday noon in the past (a future time would move the process-wide UUIDv7 generator ahead for the
// other tests). The demo's days are local days (TZ); whatever the zone, the week is whole but for this Wednesday.
constexpr const char* kNow = "2026-05-06T12:00:00.000Z";

fc::SeedDemoOptions cheap_options(int weeks, std::uint64_t seed) {
    fc::SeedDemoOptions options;
    options.weeks = weeks;
    options.seed = seed;
    options.now = *floorsync::parse_rfc3339(kNow);
    options.pin_params = {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};  // PINs are never used here
    options.lowest_password_cost = true;
    return options;
}

fc::SeedDemoReport seed(const std::string& db, const fc::SeedDemoOptions& options) {
    const auto storage = fc::open_storage(db);
    return fc::seed_demo(*storage, options);
}

std::int64_t events_of(const std::string& db, const std::string& type) {
    return count_rows(db, "SELECT count(*) FROM events WHERE type = '" + type + "'");
}

// What the dashboard reads, in a form two seeded databases can be compared by (ids and exact times differ).
struct Figures {
    std::vector<fc::RatingCount> ratings;
    std::vector<fc::ReasonCount> reasons;
    std::vector<fc::SuspectCount> suspects;
    std::vector<std::string> questions;  // day, department, state, votes, text, answer
    std::vector<std::string> content;    // kind, title, interest
    bool operator==(const Figures&) const = default;
};

Figures figures_of(const std::string& db) {
    const auto storage = fc::open_storage(db);
    const auto ratings = storage->open_ratings();
    Figures figures;
    figures.ratings = ratings->rating_counts("2000-01-01", "2100-01-01");
    figures.reasons = ratings->reason_counts("2000-01-01", "2100-01-01");
    figures.suspects = ratings->suspect_counts("2000-01-01", "2100-01-01");
    for (const auto& record : storage->open_questions()->list()) {
        const auto& v = record.view;
        figures.questions.push_back(v.day + "|" + v.department + "|" + floorsync::questions::to_string(v.state) + "|" +
                                    std::to_string(v.votes) + "|" + v.text + "|" + v.answer);
    }
    const auto content = storage->open_content();
    for (const auto& listing : fc::ContentService(*content).list())
        figures.content.push_back(std::string(floorsync::content::to_string(listing.record.item.kind)) + "|" +
                                  listing.record.item.translations.at("nl").title + "|" +
                                  std::to_string(listing.interest));
    return figures;
}

}  // namespace

TEST_CASE("seed-demo fills an empty database with a living demo organisation, through the real services") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const fc::SeedDemoReport report = seed(db, cheap_options(6, 1));

    CHECK(report.sites == 3);
    CHECK(report.departments == 7);
    CHECK(report.kiosks == 12);
    CHECK(report.ambassadors == 3);
    CHECK(report.content_items == 12);
    CHECK(report.questions == 14);
    CHECK(report.ratings > 8000);
    CHECK(report.reasons > report.ratings / 5);
    CHECK(report.suspect > 0);

    // Every event went through EventWriter, and the read model follows.
    CHECK(events_of(db, "rating") == static_cast<std::int64_t>(report.ratings + report.suspect));
    CHECK(events_of(db, "rating_reasons") == static_cast<std::int64_t>(report.reasons));
    CHECK(events_of(db, "question") == static_cast<std::int64_t>(report.questions));
    CHECK(events_of(db, "question_vote") == static_cast<std::int64_t>(report.votes));
    CHECK(events_of(db, "question_moderation") == static_cast<std::int64_t>(report.ambassador_actions));
    CHECK(events_of(db, "training_interest") == static_cast<std::int64_t>(report.interest));
    const Figures figures = figures_of(db);
    std::int64_t counted = 0;
    for (const auto& cell : figures.ratings) counted += cell.count;
    CHECK(counted == static_cast<std::int64_t>(report.ratings));
    REQUIRE(figures.suspects.size() == 1);  // one kiosk with repeated taps
    CHECK(figures.suspects[0].kiosk_id == "rtm-canteen");
    CHECK(figures.suspects[0].count == static_cast<std::int64_t>(report.suspect));

    const auto storage = fc::open_storage(db);
    {  // kiosks have sites and reports; one has been silent for days
        const auto kiosks = storage->open_kiosks()->list();
        REQUIRE(kiosks.size() == 12);
        std::set<std::string> sites;
        const auto now = *floorsync::parse_rfc3339(kNow);
        for (const auto& kiosk : kiosks) {
            sites.insert(kiosk.site);
            CHECK_FALSE(kiosk.app_version.empty());
            REQUIRE(kiosk.backlog.has_value());
            const auto seen = floorsync::parse_rfc3339(kiosk.last_seen);
            REQUIRE(seen.has_value());
            if (kiosk.id == "gnt-depot") {
                CHECK(now - *seen > std::chrono::hours(24 * 3 - 12));
            } else {
                CHECK(now - *seen < std::chrono::hours(1));
            }
        }
        CHECK(sites == std::set<std::string>{"Eindhoven", "Gent", "Rotterdam"});
    }
    {  // every department has a barrier reason it names most, Legal stays below the threshold each week
        std::map<std::string, std::map<std::string, std::int64_t>> named;  // department -> reason -> ratings
        for (const auto& cell : figures.reasons) named[cell.department][cell.reason] += cell.count;
        const std::map<std::string, std::string> barriers{
            {"Customer Service", "need_training"}, {"Finance", "dont_see_why"}, {"HR", "dont_know_what"},
            {"IT", "need_help"}, {"Logistics", "need_training"}, {"Sales", "dont_know_what"}};
        for (const auto& [department, barrier] : barriers) {
            const auto& reasons = named[department];
            for (const auto& [reason, count] : reasons)
                if (reason != barrier && reason != "works_for_me") CHECK_MESSAGE(count < reasons.at(barrier), department);
        }
        std::map<std::string, std::int64_t> legal_weeks;
        for (const auto& cell : figures.ratings)
            if (cell.department == "Legal") legal_weeks[fc::iso_week_of(cell.day)] += cell.count;
        CHECK_FALSE(legal_weeks.empty());
        for (const auto& [week, count] : legal_weeks) CHECK_MESSAGE(count < 5, week);
    }
    {  // Logistics falls by more than the alert's drop in the last whole week
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> weeks;  // week -> (sum of scores, ratings)
        for (const auto& cell : figures.ratings) {
            if (cell.department != "Logistics") continue;
            weeks[fc::iso_week_of(cell.day)].first += cell.score * cell.count;
            weeks[fc::iso_week_of(cell.day)].second += cell.count;
        }
        REQUIRE(weeks.size() == 7);  // six whole weeks and this one
        const auto mean = [&](std::size_t index) {
            const auto& [sum, count] = std::next(weeks.begin(), static_cast<std::ptrdiff_t>(index))->second;
            return static_cast<double>(sum) / static_cast<double>(count);
        };
        CHECK(mean(4) - mean(5) >= fc::DashboardSettings{}.alert_confidence_drop);
    }
    {  // questions: answered by ambassadors and the central team, voted, some waiting past the alert time
        const auto questions = storage->open_questions()->list();
        std::map<State, int> states;
        int waiting_long = 0;
        for (const auto& record : questions) {
            ++states[record.view.state];
            const auto asked = floorsync::parse_rfc3339(record.created_at);
            const auto wait = std::chrono::hours(fc::DashboardSettings{}.alert_question_wait_hours);
            if (record.view.state == State::open && *floorsync::parse_rfc3339(kNow) - *asked > wait)
                ++waiting_long;
        }
        CHECK(states[State::answered] >= 6);
        CHECK(states[State::answered_privately] == 1);
        CHECK(states[State::dismissed] == 1);
        CHECK(states[State::published] == 1);
        CHECK(waiting_long >= 2);
        const auto actions = storage->open_questions()->actions();
        std::set<std::string> by;
        for (const auto& action : actions) by.insert(action.by);
        CHECK(by.count("Central team") == 1);
        CHECK(by.count("Sanne Jacobs") == 1);
        CHECK(report.votes > 30);
    }
    {  // content: the why, news, a go-live, training with interest against seats, you said we did
        const auto content = storage->open_content();
        std::map<floorsync::content::Kind, int> kinds;
        int go_live = 0;
        for (const auto& listing : fc::ContentService(*content).list()) {
            ++kinds[listing.record.item.kind];
            go_live += listing.record.item.go_live ? 1 : 0;
            CHECK(listing.record.item.translations.count("en") == 1);
            if (listing.record.item.kind == floorsync::content::Kind::training) {
                CHECK(listing.interest > 0);
                CHECK(listing.interest <= listing.record.item.seats);
            }
        }
        CHECK(kinds[floorsync::content::Kind::why] == 1);
        CHECK(kinds[floorsync::content::Kind::announcement] == 2);
        CHECK(kinds[floorsync::content::Kind::training] == 3);
        CHECK(kinds[floorsync::content::Kind::you_said_we_did] == 2);
        CHECK(go_live == 1);
    }
    {  // the account demo signs in with the password it printed; ambassadors are active
        REQUIRE(report.account_name == "demo");
        fc::dashboard::AccountTablePool pool(*storage, 1, 1);
        const fc::DashboardSettings settings;
        fc::dashboard::AccountService accounts(pool, settings, fc::dashboard::PasswordLimits::lowest());
        CHECK(accounts.sign_in("demo", report.account_password, "127.0.0.1").outcome ==
              fc::dashboard::SignInResult::Outcome::signed_in);
        const auto table = storage->open_ambassadors();
        const auto ambassadors = fc::AmbassadorService(*table).list();
        CHECK(ambassadors.size() == 3);
        for (const auto& a : ambassadors) CHECK(a.removed_at.empty());
    }
    {  // a database with events is refused, and nothing changes
        const std::int64_t before = count_rows(db, "SELECT count(*) FROM events");
        CHECK_THROWS_WITH_AS(fc::seed_demo(*storage, cheap_options(6, 2)),
                             doctest::Contains("seed-demo fills only an empty collector database"), fc::SeedDemoError);
        CHECK(count_rows(db, "SELECT count(*) FROM events") == before);
        CHECK(count_rows(db, "SELECT count(*) FROM kiosks") == 12);
        const CommandRun run = run_collector_command(dir, {"seed-demo", "--db", db});
        CHECK(run.code == 1);
        CHECK(run.err.find("seed-demo fills only an empty collector database") != std::string::npos);
        CHECK(count_rows(db, "SELECT count(*) FROM events") == before);
    }
}

TEST_CASE("seed-demo refuses bad options on the command line") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    fc::open_storage(db);  // an empty collector database
    for (const auto& args : std::vector<std::vector<std::string>>{{"seed-demo", "--db", db, "--weeks", "1"},
                                                                  {"seed-demo", "--db", db, "--weeks", "six"},
                                                                  {"seed-demo", "--db", db, "--id", "x"}}) {
        const CommandRun run = run_collector_command(dir, args);
        CHECK_MESSAGE(run.code == 2, run.err);
    }
    CHECK(count_rows(db, "SELECT count(*) FROM kiosks") == 0);
}

TEST_CASE("seed-demo gives the same figures for the same seed") {
    TempDir dir;
    const std::string first = fresh_database(dir, "first.db");
    const std::string again = fresh_database(dir, "again.db");
    fc::SeedDemoOptions options = cheap_options(2, 7);
    options.create_account = false;
    seed(first, options);
    seed(again, options);
    const Figures figures = figures_of(first);
    CHECK_FALSE(figures.ratings.empty());
    CHECK(figures == figures_of(again));
}

TEST_CASE("the demo timeline differs with another seed") {
    namespace demo = fc::demo;
    const demo::DemoCalendar calendar(*floorsync::parse_rfc3339(kNow), 2);
    const auto timeline = [&](std::uint64_t seed_number) {
        std::vector<demo::SigningAmbassador> signers;
        for (const auto& person : demo::demo_ambassadors())
            signers.push_back({floorsync::new_uuid_v4(), person.department, {}});
        const std::vector<demo::DemoSession> sessions{{"5f0e8a52-8d7e-4c4e-9f0a-1c2b3d4e5f60", {}, 3, 0}};
        return std::make_unique<demo::DemoTimeline>(calendar, seed_number, std::move(signers), sessions);
    };
    // What a day's events say, without their ids (the ids hold random bits; moderations' proofs sign the ids).
    const auto contents = [&](demo::DemoTimeline& made) {
        std::vector<std::string> said;
        for (int day = 0; day <= calendar.today(); ++day)
            for (const auto& upload : made.day(day))
                for (const auto& checked : upload.events) {
                    const auto& e = checked.event;
                    const bool signed_or_linked = e.type == "rating_reasons" || e.type == "question_moderation" ||
                                                  e.type == "question_vote";
                    said.push_back(e.kiosk_id + "|" + e.type + "|" + e.created_at + "|" + e.department + "|" +
                                   (signed_or_linked ? std::string() : e.payload));
                }
        return said;
    };
    // (The same seed giving the same figures is checked on the database, above.)
    const auto seven = timeline(7);
    const auto eight = timeline(8);
    const auto said = contents(*seven);
    CHECK(said.size() > 1000);
    CHECK(said != contents(*eight));
}

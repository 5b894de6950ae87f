// The overview's figures from the ratings read model of the backend under test: ratings stored through the real
// EventWriter (suspect taps and amended reasons too), read back as RatingTable counts, built into figures.
#include "collector_test_support.hpp"

#include "collector/dashboard/overview.hpp"
#include "collector/dashboard/ratings_export.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace floorsync;
using namespace floorsync::collector;
using collector_test::TempDir;

namespace {

// Events of one kiosk, built up and then stored as one upload.
class Upload {
public:
    Upload(std::string kiosk, std::vector<std::string> departments)
        : kiosk_{std::move(kiosk), std::move(departments)} {}

    // `count` ratings on `day` at noon UTC (the same local day in every zone from UTC-11 to UTC+11); returns their
    // ids.
    std::vector<std::string> rate(const std::string& day, const std::string& department, int count, int score = 4,
                                  bool suspect = false) {
        std::vector<std::string> ids;
        for (int i = 0; i < count; ++i) {
            const std::string id = new_uuid_v7();
            const std::string second = (i < 10 ? "0" : "") + std::to_string(i);
            events_.push_back(Event{id, event_type::rating, day + "T12:00:" + second + ".000Z", kiosk_.id, department,
                                    "nl", events::encode(events::Rating{score, suspect})});
            ids.push_back(id);
        }
        return ids;
    }
    void reasons(const std::vector<std::string>& rating_ids, const std::string& day, const std::string& department,
                 const std::vector<std::string>& reasons, int minute) {
        for (const auto& rating : rating_ids)
            events_.push_back(Event{new_uuid_v7(), event_type::rating_reasons,
                                    day + "T12:" + std::to_string(minute) + ":00.000Z", kiosk_.id, department, "nl",
                                    events::encode(events::RatingReasons{rating, reasons})});
    }
    // Through the backend's EventWriter, as ingest stores them; every event must be stored.
    void store(Storage& storage) {
        const KioskReport report{"test-1.0", 0, std::nullopt};
        std::vector<CheckedEvent> checked;
        for (const Event& event : events_) checked.push_back(CheckedEvent{event, {}});
        BatchWrite batch{&kiosk_, &report, &checked, std::nullopt};
        storage.open_writer()->write({&batch}, utc_now_rfc3339());
        REQUIRE(batch.results.has_value());
        for (const EventResult& result : *batch.results) REQUIRE(result.status == ResultStatus::stored);
    }

private:
    KioskIdentity kiosk_;
    std::vector<Event> events_;
};

void add_kiosk_at(Storage& storage, const std::string& id, const std::string& site) {
    KioskRecord record;
    record.id = id;
    record.departments = {"IT", "Sales"};
    record.token_hash = std::string(64, id == "north-1" ? 'a' : 'b');
    record.created_at = "2026-11-01T08:00:00.000Z";
    record.site = site;
    REQUIRE(storage.open_kiosks()->insert(record));
}

Overview overview_of(Storage& storage, std::optional<std::string> site = std::nullopt,
                     std::optional<std::string> department = std::nullopt) {
    OverviewQuery asked;
    asked.from_day = "2026-11-02";
    asked.to_day = "2026-11-15";
    asked.site = std::move(site);
    asked.department = std::move(department);
    return overview_from_storage(storage, asked, DashboardSettings{}, "2026-11-18");
}

const Series& named(const std::vector<Series>& all, const std::string& name) {
    for (const auto& series : all)
        if (series.name == name) return series;
    FAIL("no series named '" << name << "'");
    return all.front();
}

}  // namespace

TEST_CASE("overview from storage: below, at and above the threshold, suspect taps left out, no subtraction") {
    TempDir dir;
    const auto storage = open_storage(collector_test::fresh_database(dir));
    add_kiosk_at(*storage, "north-1", "North");
    add_kiosk_at(*storage, "south-1", "South");

    Upload north("north-1", {"IT", "Sales"});
    // 2026-W45: Sales 4 at North (below; with 2 suspect taps it would be 6), IT 5, and South: Sales 6, IT 20.
    north.rate("2026-11-03", "Sales", 4, 2);
    north.rate("2026-11-03", "Sales", 2, 1, true);
    north.rate("2026-11-04", "IT", 5, 2);  // the same face as Sales: a face of its own would be too few
    // 2026-W46: Sales 5 at North (at the threshold, 3 suspect taps beside it), IT 7 with reasons, amended once.
    north.rate("2026-11-10", "Sales", 5, 3);
    north.rate("2026-11-10", "Sales", 3, 5, true);
    const auto it = north.rate("2026-11-11", "IT", 7, 2);
    north.reasons(it, "2026-11-11", "IT", {"need_help"}, 10);
    north.reasons(it, "2026-11-11", "IT", {"need_training", "works_for_me"}, 20);  // the last word counts
    north.store(*storage);
    Upload south("south-1", {"IT", "Sales"});
    south.rate("2026-11-05", "Sales", 6, 4);
    south.rate("2026-11-06", "IT", 20, 4);
    south.rate("2026-11-12", "Sales", 6, 4);
    south.rate("2026-11-12", "IT", 20, 4);
    south.store(*storage);

    // The read model holds the non-suspect ratings only; the suspect ones are counted apart.
    const auto ratings = storage->open_ratings();
    std::int64_t counted = 0;
    for (const auto& cell : ratings->rating_counts("2026-11-02", "2026-11-15")) counted += cell.count;
    CHECK(counted == 4 + 5 + 5 + 7 + 6 + 20 + 6 + 20);
    const auto suspects = ratings->suspect_counts("2026-11-02", "2026-11-15");
    REQUIRE(suspects.size() == 1);
    CHECK(suspects[0].kiosk_id == "north-1");
    CHECK(suspects[0].count == 5);

    const Overview all = overview_of(*storage);
    CHECK(all.all_sites == std::vector<std::string>{"North", "South"});
    CHECK(all.all_departments == std::vector<std::string>{"IT", "Sales"});
    CHECK(all.total.points[0].figure.count == 35);
    CHECK(all.total.points[1].figure.count == 38);

    const Overview at_north = overview_of(*storage, "North");
    const Series& sales = named(at_north.departments, "Sales");
    const Series& it_north = named(at_north.departments, "IT");
    // Week 45: Sales 4 is hidden, and IT (5, the next smallest) with it; North's total (9) does not subtract to 4.
    CHECK_FALSE(sales.points[0].figure.shown);
    CHECK_FALSE(it_north.points[0].figure.shown);
    REQUIRE(at_north.total.points[0].figure.shown);
    CHECK(at_north.total.points[0].figure.count == 9);
    // Week 46: Sales 5 (at the threshold) and IT 7 (above) are shown, the suspect taps not among them.
    CHECK(sales.points[1].figure.shown);
    CHECK(sales.points[1].figure.count == 5);
    CHECK(sales.points[1].figure.faces == std::array<std::int64_t, 5>{0, 0, 5, 0, 0});
    CHECK(it_north.points[1].figure.count == 7);
    CHECK(it_north.points[1].figure.mean == doctest::Approx(2.0));
    // The period is the sum of the shown weeks only.
    CHECK(sales.period.count == 5);
    CHECK(sales.hidden_weeks == 1);

    // Across filters: the same cell under the department filter and under both.
    const Overview sales_everywhere = overview_of(*storage, std::nullopt, "Sales");
    const Series& north_sales = named(sales_everywhere.sites, "North");
    CHECK_FALSE(north_sales.points[0].figure.shown);
    CHECK(north_sales.points[1].figure.count == 5);
    CHECK_FALSE(overview_of(*storage, "North", "Sales").total.points[0].figure.shown);
    // Sales' column total of week 45 (10) minus its shown cells never gives North's 4.
    const Figure& column = sales_everywhere.total.points[0].figure;
    if (column.shown) {
        std::int64_t rest = column.count;
        for (const auto& series : sales_everywhere.sites)
            if (series.points[0].figure.shown) rest -= series.points[0].figure.count;
        CHECK(rest != 4);
        CHECK((rest == 0 || rest >= 5));
    }

    // The barrier from the latest reasons: training (need_help was replaced), works_for_me names no pillar.
    const Barrier& barrier = at_north.barriers.at(0);
    CHECK(barrier.department == "IT");
    CHECK(barrier.shown);
    CHECK(barrier.with_reasons == 7);
    CHECK(barrier.pillar == "training");
    CHECK(barrier.pillars == std::map<std::string, std::int64_t>{{"training", 7}});

    // The aggregated export: no kiosk, no hidden count.
    std::ostringstream csv;
    write_ratings_csv(at_north, csv);
    CHECK(csv.str().find("north-1") == std::string::npos);
    CHECK(csv.str().find("department,Sales,2026-W45,2026-11-02,2026-11-08,false,,,,,,,,too few responses") !=
          std::string::npos);
}

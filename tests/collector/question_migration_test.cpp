// Schema v4 on a database that v3 collectors filled: the questions they stored as events get their rows.
#include "ambassador_test_support.hpp"
#include "schema_downgrade.hpp"

#include "collector/storage/postgres/pq.hpp"
#include "sync/sqlite.hpp"

#include <doctest/doctest.h>

using namespace collector_test;

namespace {

// Takes the database back to schema v3 (the question tables gone), as a collector before ambassadors left it.
void back_to_v3(const std::string& db) {
    back_to_v4(db);
    const char* drop =
        "DROP TABLE question_votes; DROP TABLE question_actions; DROP TABLE questions; DROP TABLE ambassadors; "
        "DROP TABLE department_salts; ";
    if (floorsync::pq::is_postgres_url(db)) {
        floorsync::pq::Connection conn(db);
        conn.exec(std::string(drop) + "DELETE FROM schema_migrations WHERE version = 4");
    } else {
        floorsync::sqlite::Database conn(db);
        conn.exec(std::string(drop) + "PRAGMA user_version = 3");
    }
}

}  // namespace

TEST_CASE("migrating to v4 derives the rows of questions stored before it, under new revisions") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const std::string token = add_kiosk(db, "hall-1", {"Sales"});
    json first = question_json("hall-1", "Sales", "Wanneer komen de nieuwe schermen?");
    first["created_at"] = "2026-11-02T09:00:00.000Z";
    json second = question_json("hall-1", "", "Is er een vraagbaak?");
    second["created_at"] = "2026-11-02T10:00:00.000Z";  // list() is in the order asked
    {
        RunningCollector collector(db);
        auto client = collector.client();
        REQUIRE(statuses(post_events(*client, token, upload_body({first, second}))) == "stored,stored");
    }
    const auto before = stored_question(db, public_id_of(first));
    REQUIRE(before);
    back_to_v3(db);

    const auto storage = floorsync::collector::open_storage(db);  // migrates
    const auto questions = storage->open_questions()->list();
    REQUIRE(questions.size() == 2);
    CHECK(questions[0].view.id == public_id_of(first));
    CHECK(questions[0].view.text == before->view.text);
    CHECK(questions[0].view.day == before->view.day);
    CHECK(questions[0].view.state == floorsync::questions::State::open);
    CHECK(questions[0].view.revision > before->view.revision);  // kiosks past the old head still get them
    CHECK(questions[1].view.department.empty());
    CHECK(storage->open_content()->head_revision() == questions[1].view.revision);
}

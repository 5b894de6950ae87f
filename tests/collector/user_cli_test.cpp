// `kiosk-collector user ...` as the real binary, on the backend under test: the password only through standard
// input and never in the database or any output, too short refused, list without hashes, remove and reset-password
// end the account's sessions.
#include "collector_test_support.hpp"

#include "collector/dashboard/account_service.hpp"
#include "collector/storage/storage.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace collector_test;
namespace dash = floorsync::collector::dashboard;

namespace {

constexpr const char* kPassword = "a long enough passphrase";
constexpr const char* kOtherPassword = "another passphrase, longer";

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Cli {
    TempDir dir;
    std::string db = fresh_database(dir);
    std::string outputs;

    CommandRun run(const std::vector<std::string>& args, const std::string& input = "") {
        std::vector<std::string> all{"--db", db};
        all.insert(all.end(), args.begin(), args.end());
        CommandRun ran = run_collector_command_with_input(dir, all, input);
        outputs += ran.out + ran.err;
        return ran;
    }

    // Signs in through the rules the dashboard uses; returns the session token.
    std::string sign_in(const std::string& name, const std::string& password) {
        const auto storage = floorsync::collector::open_storage(db);
        dash::AccountTablePool pool(*storage, 1, 0);
        const floorsync::collector::DashboardSettings settings;
        dash::AccountService service(pool, settings, dash::PasswordLimits::lowest());
        const auto result = service.sign_in(name, password, "127.0.0.1");
        return result.outcome == dash::SignInResult::Outcome::signed_in ? result.token : "";
    }
    dash::SessionCheck::State session(const std::string& token) {
        const auto storage = floorsync::collector::open_storage(db);
        dash::AccountTablePool pool(*storage, 1, 0);
        const floorsync::collector::DashboardSettings settings;
        dash::AccountService service(pool, settings, dash::PasswordLimits::lowest());
        return service.check_session(token).state;
    }
};

bool database_holds(const Cli& cli, const std::string& text) {
    if (!testing_postgres()) {
        std::string bytes;
        for (const char* suffix : {"", "-wal", "-shm"}) bytes += read_all(cli.db + suffix);
        return bytes.find(text) != std::string::npos;
    }
    return count_rows(cli.db, "SELECT count(*) FROM users WHERE (id || name || password_hash || created_at || "
                              "coalesce(removed_at, '')) LIKE '%" + text + "%'") > 0;
}

}  // namespace

TEST_CASE("user add reads the password from standard input, stores only its Argon2id hash, and list shows no hash") {
    Cli cli;
    const CommandRun added = cli.run({"user", "add", "--name", "anna"}, std::string(kPassword) + "\n");
    REQUIRE_MESSAGE(added.code == 0, added.err);
    CHECK(added.out.find("account 'anna' added") != std::string::npos);
    CHECK_FALSE(database_holds(cli, kPassword));
    CHECK(count_rows(cli.db, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'") == 1);
    CHECK_FALSE(cli.sign_in("anna", kPassword).empty());
    CHECK(cli.sign_in("anna", kOtherPassword).empty());

    const CommandRun listed = cli.run({"user", "list"});
    REQUIRE(listed.code == 0);
    CHECK(listed.out.find("anna\tcreated=") == 0);
    CHECK(listed.out.find("\tstate=active\n") != std::string::npos);
    CHECK(listed.out.find("argon2") == std::string::npos);
    CHECK(cli.outputs.find(kPassword) == std::string::npos);

    const CommandRun twice = cli.run({"user", "add", "--name", "anna"}, std::string(kOtherPassword) + "\n");
    CHECK(twice.code == 1);
    CHECK(twice.err.find("an account named 'anna' already exists") != std::string::npos);
}

TEST_CASE("user add refuses a short password, a missing one, a bad name, and a password on the command line") {
    Cli cli;
    const CommandRun short_one = cli.run({"user", "add", "--name", "anna"}, "elevenchars\n");
    CHECK(short_one.code == 1);
    CHECK(short_one.err.find("the password must have at least 12 characters") != std::string::npos);
    const CommandRun none = cli.run({"user", "add", "--name", "anna"}, "");
    CHECK(none.code == 1);
    CHECK(none.err.find("no password on standard input") != std::string::npos);
    const CommandRun bad_name = cli.run({"user", "add", "--name", std::string(65, 'x')}, std::string(kPassword) + "\n");
    CHECK(bad_name.code == 1);
    CHECK(bad_name.err.find("the name is longer than 64 characters") != std::string::npos);
    CHECK(cli.run({"user", "add", "--name", "anna", "--password", kPassword}).code == 2);
    CHECK(cli.run({"user", "add"}, std::string(kPassword) + "\n").code == 2);
    CHECK(cli.run({"user", "rename", "--name", "anna"}).code == 2);
    CHECK(count_rows(cli.db, "SELECT count(*) FROM users") == 0);
}

TEST_CASE("user reset-password and user remove end the account's sessions") {
    Cli cli;
    REQUIRE(cli.run({"user", "add", "--name", "anna"}, std::string(kPassword) + "\n").code == 0);
    const std::string first = cli.sign_in("anna", kPassword);
    REQUIRE_FALSE(first.empty());
    CHECK(cli.session(first) == dash::SessionCheck::State::valid);

    const CommandRun reset = cli.run({"user", "reset-password", "--name", "anna"}, std::string(kOtherPassword) + "\n");
    REQUIRE_MESSAGE(reset.code == 0, reset.err);
    CHECK(cli.session(first) != dash::SessionCheck::State::valid);
    CHECK(cli.sign_in("anna", kPassword).empty());
    const std::string second = cli.sign_in("anna", kOtherPassword);
    REQUIRE_FALSE(second.empty());

    const CommandRun removed = cli.run({"user", "remove", "--name", "anna"});
    REQUIRE_MESSAGE(removed.code == 0, removed.err);
    CHECK(cli.session(second) != dash::SessionCheck::State::valid);
    CHECK(cli.sign_in("anna", kOtherPassword).empty());
    const CommandRun listed = cli.run({"user", "list"});
    CHECK(listed.out.find("anna\tcreated=") == 0);
    CHECK(listed.out.find("\tstate=removed ") != std::string::npos);
    CHECK(cli.run({"user", "remove", "--name", "anna"}).code == 1);
    CHECK(cli.run({"user", "reset-password", "--name", "nobody"}, std::string(kPassword) + "\n").code == 1);
    // The name is free again for a new account.
    CHECK(cli.run({"user", "add", "--name", "anna"}, std::string(kPassword) + "\n").code == 0);
}

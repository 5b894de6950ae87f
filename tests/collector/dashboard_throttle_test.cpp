// Sign-in throttling behind a reverse proxy (which address X-Forwarded-For names when the socket's peer is a trusted
// proxy, IPv6 grouped by /64, the [dashboard] trusted_proxies setting) and for parallel sign-ins under one key.
#include "collector_test_support.hpp"

#include "collector/config.hpp"
#include "collector/dashboard/account_service.hpp"
#include "collector/dashboard/client_address.hpp"
#include "common/temp_dir.hpp"

#include <doctest/doctest.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

using namespace collector_test;
namespace dash = floorsync::collector::dashboard;

using floorsync::collector::CollectorConfig;
using floorsync::collector::ConfigError;
using floorsync::collector::dashboard::ClientAddresses;

namespace {

constexpr const char* kPassword = "correct horse battery";

CollectorConfig load_text(const std::string& text) {
    test_support::TempDir dir;
    const std::string path = dir.file("collector.toml");
    std::ofstream(path) << text;
    return floorsync::collector::load_config_file(path, CollectorConfig{});
}

std::string config_error(const std::string& text) {
    try {
        load_text(text);
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("without trusted proxies X-Forwarded-For is ignored: the socket's address is the client") {
    const ClientAddresses none({});
    CHECK(none.throttle_address("127.0.0.1", "203.0.113.7") == "127.0.0.1");
    CHECK(none.throttle_address("192.0.2.10", "") == "192.0.2.10");
    // A request not from a trusted proxy cannot name another client either.
    const ClientAddresses proxy({"127.0.0.1"});
    CHECK(proxy.throttle_address("192.0.2.10", "203.0.113.7") == "192.0.2.10");
}

TEST_CASE("from a trusted proxy the client is the last X-Forwarded-For entry that is not a trusted proxy") {
    const ClientAddresses proxies({"127.0.0.1", "10.0.0.5"});
    CHECK(proxies.throttle_address("127.0.0.1", "203.0.113.7") == "203.0.113.7");
    CHECK(proxies.throttle_address("127.0.0.1", " 203.0.113.7 ") == "203.0.113.7");
    // Whatever the client put in front itself is not believed: only what the trusted proxies appended counts.
    CHECK(proxies.throttle_address("127.0.0.1", "198.51.100.1, 203.0.113.7") == "203.0.113.7");
    // A chain of two trusted proxies: the outer one (10.0.0.5) is skipped.
    CHECK(proxies.throttle_address("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.5") == "203.0.113.7");
    // Two header lines, joined by the HTTP session.
    CHECK(proxies.throttle_address("127.0.0.1", "203.0.113.7, 10.0.0.5") == "203.0.113.7");
    // Nothing but proxies, an empty header, or an entry that is no IP address: the proxy's own address.
    CHECK(proxies.throttle_address("127.0.0.1", "10.0.0.5") == "127.0.0.1");
    CHECK(proxies.throttle_address("127.0.0.1", "") == "127.0.0.1");
    CHECK(proxies.throttle_address("127.0.0.1", " , ") == "127.0.0.1");
    CHECK(proxies.throttle_address("127.0.0.1", "unknown") == "127.0.0.1");
    CHECK(proxies.throttle_address("127.0.0.1", "203.0.113.7:4711") == "127.0.0.1");
    CHECK(proxies.throttle_address("127.0.0.1", "198.51.100.1, evil\"<>") == "127.0.0.1");
    // A dual-stack socket reports an IPv4 proxy as IPv4-mapped IPv6: still the trusted proxy.
    CHECK(proxies.throttle_address("::ffff:127.0.0.1", "203.0.113.7") == "203.0.113.7");
}

TEST_CASE("IPv6 clients are grouped by their /64; IPv4 stays one address") {
    const ClientAddresses proxies({"::1"});
    CHECK(proxies.throttle_address("::1", "2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
    CHECK(proxies.throttle_address("::1", "2001:db8:1:2:bbbb:cccc:dddd:eeee") == "2001:db8:1:2::/64");
    CHECK(proxies.throttle_address("::1", "2001:db8:1:3::1") == "2001:db8:1:3::/64");
    CHECK(proxies.throttle_address("2001:db8:9:9::7", "") == "2001:db8:9:9::/64");  // not a proxy: the socket's
    CHECK(proxies.throttle_address("::1", "") == "::/64");
    CHECK(proxies.throttle_address("::1", "::ffff:203.0.113.7") == "203.0.113.7");
    CHECK(proxies.throttle_address("192.0.2.10", "") == "192.0.2.10");
}

TEST_CASE("a trusted proxy that is not an IP address is refused") {
    CHECK_THROWS_AS(ClientAddresses({"127.0.0.1", "proxy.example"}), std::invalid_argument);
    CHECK(floorsync::collector::dashboard::is_ip_address("2001:db8::1"));
    CHECK_FALSE(floorsync::collector::dashboard::is_ip_address("10.0.0.0/8"));
    CHECK_FALSE(floorsync::collector::dashboard::is_ip_address(""));
}

TEST_CASE("[dashboard] trusted_proxies: a list of IP addresses, empty by default, anything else refused") {
    CHECK(CollectorConfig{}.dashboard.trusted_proxies.empty());
    const auto config = load_text("[dashboard]\ntrusted_proxies = [\"127.0.0.1\", \"::1\"]\n");
    CHECK(config.dashboard.trusted_proxies == std::vector<std::string>{"127.0.0.1", "::1"});
    CHECK(config_error("[dashboard]\ntrusted_proxies = \"127.0.0.1\"\n")
              .find("collector.toml:2: key 'dashboard.trusted_proxies': expected a list of IP addresses") !=
          std::string::npos);
    CHECK(config_error("[dashboard]\ntrusted_proxies = [\"127.0.0.1\", \"proxy.example\"]\n")
              .find("key 'dashboard.trusted_proxies': 'proxy.example' is not an IP address") != std::string::npos);
    CHECK(config_error("[dashboard]\ntrusted_proxies = [1]\n").find("expected a string") != std::string::npos);
}

TEST_CASE("a sign-in for an account or address that is busy is refused at once, not queued behind the other") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const auto storage = floorsync::collector::open_storage(db);
    dash::AccountTablePool pool(*storage, 2, 0);
    floorsync::collector::DashboardSettings settings;

    // The clock is read once a sign-in holds its keys: the first sign-in stops there until the test lets it go on.
    std::mutex mutex;
    std::condition_variable changed;
    bool hold_next = false;
    bool holding = false;
    bool released = false;
    const auto clock = [&] {
        std::unique_lock lock(mutex);
        if (hold_next) {
            hold_next = false;
            holding = true;
            changed.notify_all();
            // A guard, not a timing: if a broken lock made the second sign-in wait, this lets it through and the
            // checks below fail instead of the test hanging.
            changed.wait_for(lock, std::chrono::seconds(30), [&] { return released; });
        }
        return std::chrono::system_clock::now();
    };
    dash::AccountService service(pool, settings, dash::PasswordLimits::lowest(), clock);
    service.add_user("anna", kPassword);
    service.add_user("bert", kPassword);
    using Outcome = dash::SignInResult::Outcome;

    {
        std::lock_guard lock(mutex);
        hold_next = true;
    }
    dash::SignInResult first;
    std::thread running([&] { first = service.sign_in("anna", kPassword, "10.0.0.1"); });
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return holding; });
    }
    // The same account from elsewhere, and the same address for another account: both busy.
    const auto same_account = service.sign_in("anna", kPassword, "10.0.0.2");
    CHECK(same_account.outcome == Outcome::throttled);
    CHECK(same_account.retry_after_seconds == 1);
    CHECK(same_account.message == "Too many sign-ins at once; try again in a moment.");
    CHECK(same_account.token.empty());
    CHECK(service.sign_in("bert", kPassword, "10.0.0.1").outcome == Outcome::throttled);
    // Neither key in common: it goes ahead while the first still runs.
    CHECK(service.sign_in("bert", kPassword, "10.0.0.3").outcome == Outcome::signed_in);
    {
        std::lock_guard lock(mutex);
        released = true;
    }
    changed.notify_all();
    running.join();
    CHECK(first.outcome == Outcome::signed_in);
    // A refusal for being busy is no failure: nothing was counted, and the keys are free again.
    CHECK(count_rows(db, "SELECT count(*) FROM signin_throttle") == 0);
    CHECK(service.sign_in("anna", kPassword, "10.0.0.2").outcome == Outcome::signed_in);
}

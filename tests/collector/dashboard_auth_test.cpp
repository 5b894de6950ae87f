// The dashboard's sign-in, sessions, throttling, CSRF checks and security headers, against a real collector on
// loopback over real HTTP (and HTTPS), on the backend under test, with an injected clock (no sleeping) and a small
// route list of its own.
#include "collector_test_support.hpp"
#include "raw_http.hpp"

#include "collector/dashboard/account_service.hpp"
#include "collector/dashboard/web.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

using namespace collector_test;
namespace dash = floorsync::collector::dashboard;
using floorsync::collector::CollectorConfig;
using floorsync::collector::CollectorServer;
using floorsync::collector::DashboardOptions;

namespace {

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kChartJs = "/* a stand-in for Chart.js */ window.Chart = function () {};\n";

std::vector<dash::Route> test_routes() {
    return {
        {"GET", "/dashboard/",
         [](const dash::PageRequest& request, dash::Resources&) {
             return dash::render_page(request, "overview", "Overview", "message.mustache",
                                      {{"message", "Hello " + request.account.name}});
         }},
        {"POST", "/dashboard/echo",
         [](const dash::PageRequest& request, dash::Resources&) {
             return floorsync::collector::HttpResponse{200, "text/plain", "done by " + request.account.name + ": " +
                                                                              request.form.get("text"),
                                                       {}, false};
         }},
    };
}

// A browser's cookie jar over httplib (which keeps every header of a reply, two Set-Cookie lines too).
class Browser {
public:
    explicit Browser(std::unique_ptr<httplib::ClientImpl> client) : client_(std::move(client)) {
        client_->set_read_timeout(std::chrono::seconds(10));
        client_->set_keep_alive(true);
    }

    httplib::Result get(const std::string& path) { return keep(client_->Get(path.c_str(), cookies())); }
    httplib::Result head(const std::string& path) { return keep(client_->Head(path.c_str(), cookies())); }
    httplib::Result post(const std::string& path, const std::string& body,
                         const std::string& content_type = "application/x-www-form-urlencoded",
                         httplib::Headers extra = {}) {
        auto headers = cookies();
        headers.insert(extra.begin(), extra.end());
        return keep(client_->Post(path.c_str(), headers, body, content_type.c_str()));
    }
    httplib::Result put(const std::string& path, const std::string& body) {
        return keep(client_->Put(path.c_str(), cookies(), body, "application/x-www-form-urlencoded"));
    }
    httplib::Result del(const std::string& path) { return keep(client_->Delete(path.c_str(), cookies())); }

    // GET the sign-in form, then POST it with its token.
    httplib::Result sign_in(const std::string& name, const std::string& password, const std::string& next = "",
                            const httplib::Headers& extra = {}) {
        const auto form = get("/dashboard/signin");
        REQUIRE(form);
        REQUIRE(form->status == 200);
        std::string body = "csrf=" + csrf_in(form->body) + "&name=" + dash::url_encode(name) +
                           "&password=" + dash::url_encode(password);
        if (!next.empty()) body += "&next=" + dash::url_encode(next);
        return post("/dashboard/signin", body, "application/x-www-form-urlencoded", extra);
    }

    static std::string csrf_in(const std::string& html) {
        static const std::regex field(R"re(name="csrf" value="([0-9a-f]{64})")re");
        std::smatch match;
        REQUIRE(std::regex_search(html, match, field));
        return match[1];
    }

    std::map<std::string, std::string> jar;
    std::vector<std::string> set_cookies;  // of the last reply

private:
    httplib::Headers cookies() const {
        std::string header;
        for (const auto& [name, value] : jar) header += (header.empty() ? "" : "; ") + name + "=" + value;
        return header.empty() ? httplib::Headers{} : httplib::Headers{{"Cookie", header}};
    }
    httplib::Result keep(httplib::Result result) {
        set_cookies.clear();
        if (!result) return result;
        const auto [from, to] = result->headers.equal_range("Set-Cookie");
        for (auto it = from; it != to; ++it) {
            set_cookies.push_back(it->second);
            const std::string& line = it->second;
            const auto equals = line.find('=');
            const auto end = line.find(';');
            const std::string name = line.substr(0, equals);
            const std::string value = line.substr(equals + 1, end - equals - 1);
            if (line.find("Max-Age=0") != std::string::npos) {
                jar.erase(name);
            } else {
                jar[name] = value;
            }
        }
        return result;
    }

    std::unique_ptr<httplib::ClientImpl> client_;
};

std::string cookie_line(const Browser& browser, const std::string& name) {
    for (const auto& line : browser.set_cookies)
        if (line.rfind(name + "=", 0) == 0) return line;
    return {};
}

// The Location header as sent (httplib decodes it): a GET on a raw connection.
std::string raw_location(int port, const std::string& target, const Browser& browser) {
    RawConnection connection(port);
    REQUIRE(connection.connected());
    std::string cookie;
    for (const auto& [name, value] : browser.jar) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    REQUIRE(connection.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                            (cookie.empty() ? "" : "Cookie: " + cookie + "\r\n") + "Connection: close\r\n\r\n"));
    const RawReply reply = connection.read_reply();
    REQUIRE(reply.status == 303);
    return reply.headers.count("location") ? reply.headers.at("location") : "";
}

// A collector with the test routes, the lowest password limits and a clock the test moves.
struct Dashboard {
    TempDir dir;
    std::string db = fresh_database(dir);
    std::string chart_js = dir.file("chart.min.js");
    floorsync::SystemTime start = std::chrono::system_clock::now();
    std::atomic<std::int64_t> offset_seconds{0};
    CollectorConfig config;
    std::unique_ptr<CollectorServer> server;
    std::thread thread;

    explicit Dashboard(const std::function<void(CollectorConfig&)>& adjust = {}, bool write_chart_js = true) {
        if (write_chart_js) std::ofstream(chart_js) << kChartJs;
        config.db_path = db;
        config.listen_port = 0;
        config.dashboard.chart_js = chart_js;
        config.dashboard.signin_free_failures = 2;
        config.dashboard.signin_delay_seconds = 2;
        config.dashboard.signin_max_delay_seconds = 8;
        if (adjust) adjust(config);
        add_user("anna");
        DashboardOptions options;
        options.pages = test_routes();
        options.clock = [this] { return now(); };
        options.password_limits = dash::PasswordLimits::lowest();
        server = std::make_unique<CollectorServer>(config, std::move(options));
        thread = std::thread([this] { server->run(); });
    }
    ~Dashboard() {
        server->stop();
        thread.join();
    }

    floorsync::SystemTime now() const { return start + std::chrono::seconds(offset_seconds.load()); }
    void advance(std::chrono::seconds by) { offset_seconds += by.count(); }

    void add_user(const std::string& name) {
        const auto storage = floorsync::collector::open_storage(db);
        dash::AccountTablePool pool(*storage, 1, 0);
        dash::AccountService service(pool, config.dashboard, dash::PasswordLimits::lowest());
        service.add_user(name, kPassword);
    }

    Browser browser() { return Browser(std::make_unique<httplib::ClientImpl>("127.0.0.1", server->port())); }
};

}  // namespace

TEST_CASE("signing in sets an HttpOnly, SameSite=Strict session cookie, without Secure over plain HTTP") {
    Dashboard d;
    Browser browser = d.browser();
    const auto reply = browser.sign_in("anna", kPassword);
    REQUIRE(reply);
    CHECK(reply->status == 303);
    CHECK(reply->get_header_value("Location") == "/dashboard/");
    REQUIRE(browser.set_cookies.size() == 2);  // the session, and the sign-in form's token cleared
    const std::string cookie = cookie_line(browser, "floor_session");
    CHECK(std::regex_match(cookie, std::regex("floor_session=[0-9a-f]{64}; Path=/dashboard; HttpOnly; SameSite=Strict")));
    CHECK(cookie_line(browser, "floor_signin").find("Max-Age=0") != std::string::npos);

    const auto page = browser.get("/dashboard/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(page->body.find("Hello anna") != std::string::npos);
    CHECK(page->body.find("aria-current=\"page\">Overview</a>") != std::string::npos);
    CHECK(page->body.find("action=\"/dashboard/signout\"") != std::string::npos);
    CHECK(page->get_header_value("Content-Security-Policy") ==
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(page->get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(page->get_header_value("X-Frame-Options") == "DENY");
    CHECK(page->get_header_value("Cache-Control") == "no-store");

    // Only the token's hash is stored.
    const std::string token = browser.jar.at("floor_session");
    CHECK(count_rows(d.db, "SELECT count(*) FROM sessions WHERE token_hash = '" +
                               floorsync::collector::hash_token(token) + "'") == 1);
    CHECK(count_rows(d.db, "SELECT count(*) FROM sessions WHERE token_hash = '" + token + "'") == 0);
    // Dashboard requests are not uploads.
    CHECK(d.server->stats().requests == 0);
}

TEST_CASE("the session cookie is Secure with secure_cookies = always") {
    Dashboard d([](CollectorConfig& config) { config.dashboard.secure_cookies = "always"; });
    Browser browser = d.browser();
    const auto reply = browser.sign_in("anna", kPassword);
    REQUIRE(reply);
    CHECK(reply->status == 303);
    CHECK(cookie_line(browser, "floor_session").find("; Secure") != std::string::npos);
}

TEST_CASE("the session cookie is Secure when the collector serves HTTPS itself") {
    TempDir keys;
    const std::string cert = keys.file("cert.pem");
    const std::string key = keys.file("key.pem");
    const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                                "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " + key +
                                " -out " + cert + " >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) {
        WARN_MESSAGE(false, "the openssl command is missing; Secure cookies over HTTPS are not tested");
        return;
    }
    Dashboard d([&](CollectorConfig& config) {
        config.tls_cert_file = cert;
        config.tls_key_file = key;
    });
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", d.server->port());
    client->set_ca_cert_path(cert.c_str());
    client->enable_server_certificate_verification(true);
    Browser browser(std::move(client));
    const auto reply = browser.sign_in("anna", kPassword);
    REQUIRE(reply);
    CHECK(reply->status == 303);
    CHECK(std::regex_match(cookie_line(browser, "floor_session"),
                           std::regex("floor_session=[0-9a-f]{64}; Path=/dashboard; HttpOnly; SameSite=Strict; Secure")));
    const auto page = browser.get("/dashboard/");
    REQUIRE(page);
    CHECK(page->status == 200);
}

TEST_CASE("a wrong password is refused, and an unknown account gets the very same reply") {
    Dashboard d;
    Browser browser = d.browser();
    const auto wrong = browser.sign_in("anna", "not the password");
    REQUIRE(wrong);
    CHECK(wrong->status == 200);
    CHECK(wrong->body.find("The name or the password is not right.") != std::string::npos);
    CHECK(wrong->body.find("value=\"anna\"") != std::string::npos);  // the name is kept
    CHECK(cookie_line(browser, "floor_session").empty());

    const auto unknown = browser.sign_in("anne", "not the password");
    REQUIRE(unknown);
    CHECK(unknown->status == wrong->status);
    const std::string expected = std::regex_replace(wrong->body, std::regex("value=\"anna\""), "value=\"anne\"");
    CHECK(unknown->body == expected);
    CHECK(browser.get("/dashboard/")->status == 303);
}

TEST_CASE("failed sign-ins are throttled with a growing delay that even the right password cannot pass") {
    Dashboard d;  // 2 free failures, then 2 s doubling up to 8 s
    Browser browser = d.browser();
    CHECK(browser.sign_in("anna", "wrong password 1")->status == 200);
    CHECK(browser.sign_in("anna", "wrong password 2")->status == 200);
    CHECK(browser.sign_in("anna", "wrong password 3")->status == 200);  // the third failure starts the delay

    auto blocked = browser.sign_in("anna", kPassword);
    REQUIRE(blocked);
    CHECK(blocked->status == 429);
    CHECK(blocked->get_header_value("Retry-After") == "2");
    CHECK(blocked->body.find("Too many failed sign-ins; try again in 2 seconds") != std::string::npos);
    CHECK(cookie_line(browser, "floor_session").empty());

    d.advance(std::chrono::seconds(2));
    CHECK(browser.sign_in("anna", "wrong password 4")->status == 200);
    blocked = browser.sign_in("anna", kPassword);
    CHECK(blocked->status == 429);
    CHECK(blocked->body.find("try again in 4 seconds") != std::string::npos);

    d.advance(std::chrono::seconds(4));
    CHECK(browser.sign_in("anna", "wrong password 5")->status == 200);
    CHECK(browser.sign_in("anna", kPassword)->body.find("try again in 8 seconds") != std::string::npos);
    d.advance(std::chrono::seconds(8));
    CHECK(browser.sign_in("anna", "wrong password 6")->status == 200);
    CHECK(browser.sign_in("anna", kPassword)->body.find("try again in 8 seconds") != std::string::npos);  // the cap

    SUBCASE("an unknown account is throttled the same way") {
        CHECK(browser.sign_in("nobody", "wrong password")->status == 429);  // the address is blocked too
    }
    SUBCASE("after the wait the right password signs in and clears the account's count") {
        d.advance(std::chrono::seconds(8));
        const auto in = browser.sign_in("anna", kPassword);
        CHECK(in->status == 303);
        CHECK(count_rows(d.db, "SELECT count(*) FROM signin_throttle WHERE key = 'user:anna'") == 0);
        CHECK(count_rows(d.db, "SELECT count(*) FROM signin_throttle WHERE key = 'address:127.0.0.1'") == 1);
    }
}

TEST_CASE("a session ends after inactivity and at the absolute limit, and is sent to sign-in with a notice") {
    Dashboard d([](CollectorConfig& config) {
        config.dashboard.session_idle_minutes = 20;
        config.dashboard.session_absolute_hours = 1;
    });
    Browser browser = d.browser();
    REQUIRE(browser.sign_in("anna", kPassword)->status == 303);

    SUBCASE("inactivity") {
        d.advance(std::chrono::minutes(19));
        CHECK(browser.get("/dashboard/")->status == 200);  // used: the idle time starts again
        d.advance(std::chrono::minutes(19));
        CHECK(browser.get("/dashboard/")->status == 200);
        d.advance(std::chrono::minutes(20));  // 58 minutes after sign-in, 20 without a request
    }
    SUBCASE("the absolute limit, however busy") {
        for (int i = 0; i < 3; ++i) {
            d.advance(std::chrono::minutes(15));
            CHECK(browser.get("/dashboard/")->status == 200);
        }
        d.advance(std::chrono::minutes(15));  // 60 minutes after sign-in, 15 without a request
    }
    CHECK(raw_location(d.server->port(), "/dashboard/", browser) == "/dashboard/signin?next=%2Fdashboard%2F&ended=1");
    const auto ended = browser.get("/dashboard/");  // the session is gone now
    REQUIRE(ended);
    CHECK(ended->status == 303);
    const auto signin = browser.get("/dashboard/signin?next=%2Fdashboard%2F&ended=1");
    CHECK(signin->body.find("Your session has ended; please sign in again.") != std::string::npos);
    CHECK(signin->body.find("name=\"next\" value=\"/dashboard/\"") != std::string::npos);
    CHECK(browser.jar.count("floor_session") == 0);  // the browser was told to drop it
}

TEST_CASE("signing out ends the session: the old cookie no longer works") {
    Dashboard d;
    Browser browser = d.browser();
    REQUIRE(browser.sign_in("anna", kPassword)->status == 303);
    const std::string token = browser.jar.at("floor_session");
    const auto page = browser.get("/dashboard/");
    const std::string csrf = Browser::csrf_in(page->body);

    const auto out = browser.post("/dashboard/signout", "csrf=" + csrf);
    REQUIRE(out);
    CHECK(out->status == 303);
    CHECK(out->get_header_value("Location") == "/dashboard/signin?signed_out=1");
    CHECK(browser.jar.count("floor_session") == 0);

    browser.jar["floor_session"] = token;  // a copy kept elsewhere
    CHECK(raw_location(d.server->port(), "/dashboard/", browser) == "/dashboard/signin?next=%2Fdashboard%2F");
    CHECK(browser.post("/dashboard/echo", "csrf=" + csrf + "&text=x")->status == 403);
    CHECK(count_rows(d.db, "SELECT count(*) FROM sessions") == 0);
}

TEST_CASE("a state-changing request needs the session's CSRF token, in the form or the X-CSRF-Token header") {
    Dashboard d;
    Browser browser = d.browser();
    REQUIRE(browser.sign_in("anna", kPassword)->status == 303);
    const std::string csrf = Browser::csrf_in(browser.get("/dashboard/")->body);

    const auto without = browser.post("/dashboard/echo", "text=hello");
    REQUIRE(without);
    CHECK(without->status == 403);
    CHECK(without->body.find("The form has expired or did not come from this dashboard; reload the page and try again.") !=
          std::string::npos);
    std::string wrong = csrf;
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    CHECK(browser.post("/dashboard/echo", "text=hello&csrf=" + wrong)->status == 403);
    CHECK(browser.post("/dashboard/echo", "text=hello&csrf=" + csrf.substr(0, 10))->status == 403);

    const auto in_form = browser.post("/dashboard/echo", "text=hello+there&csrf=" + csrf);
    REQUIRE(in_form);
    CHECK(in_form->status == 200);
    CHECK(in_form->body == "done by anna: hello there");
    const auto in_header = browser.post("/dashboard/echo", "text=hi", "application/x-www-form-urlencoded",
                                        {{"X-CSRF-Token", csrf}});
    CHECK(in_header->status == 200);
    CHECK(browser.post("/dashboard/echo", "text=hi", "application/x-www-form-urlencoded", {{"X-CSRF-Token", wrong}})
              ->status == 403);
    CHECK(browser.post("/dashboard/echo", R"({"text":"hi"})", "application/json", {{"X-CSRF-Token", csrf}})->status ==
          415);
    CHECK(browser.post("/dashboard/echo", "text=%ZZ&csrf=" + csrf)->status == 400);
}

TEST_CASE("without a session a page redirects to sign-in with the page asked for, and a POST is refused") {
    Dashboard d;
    Browser browser = d.browser();
    CHECK(raw_location(d.server->port(), "/dashboard/echo?x=1&y=%C3%A9", browser) ==
          "/dashboard/signin?next=%2Fdashboard%2Fecho%3Fx%3D1%26y%3D%25C3%25A9");
    CHECK(browser.get("/dashboard/no-such-page")->status == 303);  // which pages exist is not told either
    CHECK(browser.post("/dashboard/echo", "text=x")->status == 403);
    CHECK(browser.post("/dashboard/signout", "")->status == 403);

    // After sign-in the browser goes back to the page asked for, but only to a page of this dashboard.
    CHECK(browser.sign_in("anna", kPassword, "/dashboard/echo?x=1")->get_header_value("Location") ==
          "/dashboard/echo?x=1");
    Browser other = d.browser();
    CHECK(other.sign_in("anna", kPassword, "//evil.example/dashboard/")->get_header_value("Location") == "/dashboard/");
    Browser third = d.browser();
    CHECK(third.sign_in("anna", kPassword, "https://evil.example/")->get_header_value("Location") == "/dashboard/");
}

TEST_CASE("the sign-in form must come from this dashboard") {
    Dashboard d;
    Browser browser = d.browser();
    const auto reply = browser.post("/dashboard/signin", "name=anna&password=" + dash::url_encode(kPassword) +
                                                             "&csrf=" + std::string(64, 'a'));
    REQUIRE(reply);
    CHECK(reply->status == 403);
    CHECK(reply->body.find("The form has expired") != std::string::npos);
    CHECK(cookie_line(browser, "floor_session").empty());
}

TEST_CASE("routing: the root, unknown pages, wrong methods, HEAD, and static files with long caching") {
    Dashboard d;
    Browser browser = d.browser();
    const auto root = browser.get("/");
    CHECK(root->status == 303);
    CHECK(root->get_header_value("Location") == "/dashboard/");
    CHECK(browser.get("/healthz")->status == 200);  // the protocol still answers its own paths

    const auto chart = browser.get("/dashboard/static/chart.min.js");
    REQUIRE(chart);
    CHECK(chart->status == 200);
    CHECK(chart->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(chart->body == kChartJs);
    CHECK(chart->get_header_value("Cache-Control") == "public, max-age=604800");
    CHECK(chart->get_header_value("X-Content-Type-Options") == "nosniff");
    const auto css = browser.get("/dashboard/static/dashboard.css");
    CHECK(css->status == 200);
    CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
    CHECK(browser.get("/dashboard/static/dashboard.js")->status == 200);
    CHECK(browser.get("/dashboard/static/layout.mustache")->status == 404);  // templates are not files to fetch

    REQUIRE(browser.sign_in("anna", kPassword)->status == 303);
    const auto missing = browser.get("/dashboard/no-such-page");
    CHECK(missing->status == 404);
    CHECK(missing->body.find("There is no page at /dashboard/no-such-page.") != std::string::npos);
    const auto wrong_method = browser.get("/dashboard/echo");
    CHECK(wrong_method->status == 405);
    CHECK(wrong_method->get_header_value("Allow") == "POST");

    const auto full = browser.get("/dashboard/");
    const auto head = browser.head("/dashboard/");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
    CHECK(head->get_header_value("Content-Length") == std::to_string(full->body.size()));
    CHECK(browser.get("/dashboard/")->status == 200);  // the connection is still in step after the HEAD
    CHECK(d.server->stats().requests == 0);
}

TEST_CASE("without Chart.js the collector still serves the pages and answers 404 for the script") {
    Dashboard d({}, false);
    Browser browser = d.browser();
    CHECK(browser.get("/dashboard/static/chart.min.js")->status == 404);
    REQUIRE(browser.sign_in("anna", kPassword)->status == 303);
    CHECK(browser.get("/dashboard/")->status == 200);
}

TEST_CASE("throttling counts per account and per address") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    const auto storage = floorsync::collector::open_storage(db);
    dash::AccountTablePool pool(*storage, 2, 0);
    floorsync::collector::DashboardSettings settings;
    settings.signin_free_failures = 1;
    settings.signin_delay_seconds = 10;
    settings.signin_max_delay_seconds = 100;
    floorsync::SystemTime now = std::chrono::system_clock::now();
    dash::AccountService service(pool, settings, dash::PasswordLimits::lowest(), [&] { return now; });
    service.add_user("anna", kPassword);
    service.add_user("bert", kPassword);
    using Outcome = dash::SignInResult::Outcome;

    // One account from many addresses: the account is blocked, wherever the next attempt comes from.
    CHECK(service.sign_in("anna", "wrong password", "10.0.0.1").outcome == Outcome::refused);
    CHECK(service.sign_in("anna", "wrong password", "10.0.0.2").outcome == Outcome::refused);
    const auto blocked = service.sign_in("anna", kPassword, "10.0.0.3");
    CHECK(blocked.outcome == Outcome::throttled);
    CHECK(blocked.retry_after_seconds == 10);
    CHECK(service.sign_in("bert", kPassword, "10.0.0.3").outcome == Outcome::signed_in);  // another account is not

    // Many accounts from one address: the address is blocked, whichever account is tried next.
    CHECK(service.sign_in("x1", "wrong password", "10.0.0.9").outcome == Outcome::refused);
    CHECK(service.sign_in("x2", "wrong password", "10.0.0.9").outcome == Outcome::refused);
    CHECK(service.sign_in("bert", kPassword, "10.0.0.9").outcome == Outcome::throttled);

    now += std::chrono::seconds(10);
    const auto in = service.sign_in("anna", kPassword, "10.0.0.4");
    REQUIRE(in.outcome == Outcome::signed_in);
    CHECK(service.check_session(in.token).state == dash::SessionCheck::State::valid);
    CHECK(service.check_session(in.token).csrf_token == in.csrf_token);
    // The account's count is cleared: one failure is free again.
    CHECK(service.sign_in("anna", "wrong password", "10.0.0.5").outcome == Outcome::refused);
    CHECK(service.sign_in("anna", kPassword, "10.0.0.6").outcome == Outcome::signed_in);
}

TEST_CASE("behind a trusted proxy, sign-ins are throttled per client named in X-Forwarded-For, not per proxy") {
    Dashboard d([](CollectorConfig& config) { config.dashboard.trusted_proxies = {"127.0.0.1"}; });  // 2 free
    Browser browser = d.browser();
    const httplib::Headers guesser{{"X-Forwarded-For", "203.0.113.7"}};
    for (const char* name : {"x1", "x2", "x3"}) CHECK(browser.sign_in(name, "wrong password", "", guesser)->status == 200);
    // The guessing client is blocked, whichever account it tries.
    const auto blocked = browser.sign_in("anna", kPassword, "", guesser);
    REQUIRE(blocked);
    CHECK(blocked->status == 429);
    CHECK(count_rows(d.db, "SELECT count(*) FROM signin_throttle WHERE key = 'address:203.0.113.7'") == 1);
    CHECK(count_rows(d.db, "SELECT count(*) FROM signin_throttle WHERE key = 'address:127.0.0.1'") == 0);

    // Another person behind the same proxy still signs in; a client naming another address in front of the one the
    // proxy appended is still the guesser.
    Browser colleague = d.browser();
    CHECK(colleague.sign_in("anna", kPassword, "", {{"X-Forwarded-For", "198.51.100.20"}})->status == 303);
    Browser spoofer = d.browser();
    CHECK(spoofer.sign_in("anna", kPassword, "", {{"X-Forwarded-For", "198.51.100.21, 203.0.113.7"}})->status == 429);

    // IPv6 clients count by their /64: a fresh address of the same network is still blocked.
    for (const char* address : {"2001:db8:5:6::1", "2001:db8:5:6::2", "2001:db8:5:6::3"})
        CHECK(browser.sign_in("x4", "wrong password", "", {{"X-Forwarded-For", address}})->status == 200);
    CHECK(browser.sign_in("anna", kPassword, "", {{"X-Forwarded-For", "2001:db8:5:6:ffff::9"}})->status == 429);
    CHECK(count_rows(d.db, "SELECT count(*) FROM signin_throttle WHERE key = 'address:2001:db8:5:6::/64'") == 1);

    // A header that is not an address counts as the proxy's own address.
    Browser garbled = d.browser();
    CHECK(garbled.sign_in("x5", "wrong password", "", {{"X-Forwarded-For", "<script>"}})->status == 200);
    CHECK(count_rows(d.db, "SELECT count(*) FROM signin_throttle WHERE key = 'address:127.0.0.1'") == 1);
}

TEST_CASE("without trusted proxies, X-Forwarded-For cannot choose the address a sign-in is counted under") {
    Dashboard d;
    Browser browser = d.browser();
    CHECK(browser.sign_in("x1", "wrong password", "", {{"X-Forwarded-For", "203.0.113.7"}})->status == 200);
    CHECK(count_rows(d.db, "SELECT count(*) FROM signin_throttle WHERE key = 'address:127.0.0.1'") == 1);
    CHECK(count_rows(d.db, "SELECT count(*) FROM signin_throttle WHERE key = 'address:203.0.113.7'") == 0);
}

TEST_CASE("PUT and DELETE on a page are 405 with Allow, before any CSRF check; an unknown path is 404") {
    Dashboard d;
    Browser browser = d.browser();
    REQUIRE(browser.sign_in("anna", kPassword)->status == 303);
    const auto put = browser.put("/dashboard/echo", "text=x");
    REQUIRE(put);
    CHECK(put->status == 405);
    CHECK(put->get_header_value("Allow") == "POST");
    CHECK(put->body.find("PUT is not possible on /dashboard/echo.") != std::string::npos);
    CHECK(put->body.find("The form has expired") == std::string::npos);
    const auto del = browser.del("/dashboard/");
    REQUIRE(del);
    CHECK(del->status == 405);
    CHECK(del->get_header_value("Allow") == "GET, HEAD");
    const auto sign_out = browser.del("/dashboard/signout");
    CHECK(sign_out->status == 405);
    CHECK(sign_out->get_header_value("Allow") == "POST");
    CHECK(browser.post("/dashboard/no-such-page", "text=x")->status == 404);
    // A method the page takes still needs the token.
    CHECK(browser.post("/dashboard/echo", "text=x")->status == 403);
    CHECK(browser.get("/dashboard/")->status == 200);  // still signed in: the DELETE on sign-out did nothing
}

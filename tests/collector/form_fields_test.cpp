// The dashboard's form decoding (percent-encoding, '+', UTF-8, the field limit), URL encoding, the templates'
// escaping, and the [dashboard] section of the config file.
#include "collector/config.hpp"
#include "collector/dashboard/web.hpp"

#include "common/temp_dir.hpp"

#include <doctest/doctest.h>

#include <fstream>

namespace dash = floorsync::collector::dashboard;
using floorsync::collector::ConfigError;
using floorsync::collector::CollectorConfig;

TEST_CASE("form fields are percent-decoded, '+' is a space, and every value of a name is kept in order") {
    const auto form = dash::FormFields::parse("name=Anna+de+Vries&dept=R%26D&reason=a&reason=b&empty=&flag&%C3%A9t%C3%A9=caf%c3%a9");
    CHECK(form.get("name") == "Anna de Vries");
    CHECK(form.get("dept") == "R&D");
    CHECK(form.all("reason") == std::vector<std::string>{"a", "b"});
    CHECK(form.has("empty"));
    CHECK(form.get("empty", "fallback") == "");
    CHECK(form.has("flag"));
    CHECK(form.get("été") == "café");
    CHECK_FALSE(form.has("missing"));
    CHECK(form.get("missing", "fallback") == "fallback");
    CHECK(form.all("missing").empty());
    CHECK(dash::FormFields::parse("").all("x").empty());
    CHECK(dash::FormFields::parse("a=1&&b=2").get("b") == "2");
    CHECK(dash::FormFields::parse("a=%2B1").get("a") == "+1");
}

TEST_CASE("bad form encodings are refused with a message that says what is wrong") {
    CHECK_THROWS_WITH_AS(dash::FormFields::parse("a=%G1"),
                         "the value of field 1 ('a') has a '%' that is not followed by two hexadecimal digits",
                         dash::FormError);
    CHECK_THROWS_AS(dash::FormFields::parse("a=1&b=%4"), dash::FormError);
    CHECK_THROWS_AS(dash::FormFields::parse("a=%"), dash::FormError);
    CHECK_THROWS_WITH_AS(dash::FormFields::parse("x=1&%FF=2"), "the name of field 2 is not valid UTF-8", dash::FormError);
    CHECK_THROWS_AS(dash::FormFields::parse("a=%C0%AF"), dash::FormError);  // an overlong '/'
    CHECK_THROWS_AS(dash::FormFields::parse("a=%ED%A0%80"), dash::FormError);  // a surrogate
}

TEST_CASE("at most 1000 fields") {
    std::string body;
    for (int i = 0; i < 1000; ++i) body += (i ? "&" : "") + std::string("f=") + std::to_string(i);
    CHECK(dash::FormFields::parse(body).all("f").size() == 1000);
    CHECK_THROWS_WITH_AS(dash::FormFields::parse(body + "&f=1000"), "the form has more than 1000 fields", dash::FormError);
}

TEST_CASE("url_encode keeps only unreserved characters and round-trips through the form decoder") {
    CHECK(dash::url_encode("/dashboard/x?a=1&b=é ü+") == "%2Fdashboard%2Fx%3Fa%3D1%26b%3D%C3%A9%20%C3%BC%2B");
    CHECK(dash::url_encode("A-z_0.9~") == "A-z_0.9~");
    const std::string text = "R&D / 50% + \"quotes\" <tag>";
    CHECK(dash::FormFields::parse("v=" + dash::url_encode(text)).get("v") == text);
}

TEST_CASE("templates escape every value; an unknown template is an error") {
    const std::string html = dash::render_template(
        "signin.mustache", {{"csrf", "abc"}, {"name", "<script>alert('x')</script>&"}, {"next", ""}, {"error", nullptr}});
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("value=\"&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;\"") != std::string::npos);
    CHECK(html.find("role=\"alert\"") == std::string::npos);  // null is false: no error paragraph
    CHECK(html.find("<html lang=\"en\">") != std::string::npos);
    CHECK_THROWS_AS(dash::render_template("no-such.mustache", nlohmann::json::object()), std::runtime_error);
}

namespace {

CollectorConfig load(const std::string& text) {
    test_support::TempDir dir;
    const std::string path = dir.file("collector.toml");
    std::ofstream(path) << text;
    return floorsync::collector::load_config_file(path, CollectorConfig{});
}

std::string error_of_config(const std::string& text) {
    try {
        load(text);
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("[dashboard] sets every dashboard setting, [dashboard.pillars] the reasons of each pillar") {
    const CollectorConfig config = load(R"(
[dashboard]
enabled = false
anonymity_threshold = 7
session_idle_minutes = 15
session_absolute_hours = 8
secure_cookies = "always"
signin_free_failures = 5
signin_delay_seconds = 3
signin_max_delay_seconds = 600
kiosk_silent_minutes = 60
alert_confidence_drop = 0.75
alert_question_wait_hours = 24
chart_js = "/opt/chart.min.js"

[dashboard.pillars]
knowing = ["dont_know_what", "unclear_plan"]
support = []
)");
    const auto& d = config.dashboard;
    CHECK_FALSE(d.enabled);
    CHECK(d.anonymity_threshold == 7);
    CHECK(d.session_idle_minutes == 15);
    CHECK(d.session_absolute_hours == 8);
    CHECK(d.secure_cookies == "always");
    CHECK(d.signin_free_failures == 5);
    CHECK(d.signin_delay_seconds == 3);
    CHECK(d.signin_max_delay_seconds == 600);
    CHECK(d.kiosk_silent_minutes == 60);
    CHECK(d.alert_confidence_drop == doctest::Approx(0.75));
    CHECK(d.alert_question_wait_hours == 24);
    CHECK(d.chart_js == "/opt/chart.min.js");
    CHECK(d.pillars.at("knowing") == std::vector<std::string>{"dont_know_what", "unclear_plan"});
    CHECK(d.pillars.at("support").empty());
    CHECK(d.pillars.at("why") == std::vector<std::string>{"dont_see_why"});  // left out: the default
}

TEST_CASE("[dashboard] refuses a threshold below 3, unknown keys and bad values, each with a clear message") {
    const std::string low = error_of_config("[dashboard]\nanonymity_threshold = 2\n");
    CHECK(low.find("collector.toml:2: key 'dashboard.anonymity_threshold': 2 is below 3") != std::string::npos);
    CHECK(low.find("singled out") != std::string::npos);
    CHECK(error_of_config("[dashboard]\nthreshold = 5\n").find("key 'dashboard.threshold': unknown key") !=
          std::string::npos);
    CHECK(error_of_config("[dashboard]\nsecure_cookies = \"sometimes\"\n").find("not one of auto, always, never") !=
          std::string::npos);
    CHECK(error_of_config("[dashboard]\nenabled = 1\n").find("expected true or false") != std::string::npos);
    CHECK(error_of_config("[dashboard.pillars]\nmorale = [\"x\"]\n").find("unknown pillar") != std::string::npos);
    CHECK(error_of_config("[dashboard.pillars]\nwhy = [\"Not A Key\"]\n").find("is not a reason key") != std::string::npos);
    CHECK(error_of_config("[dashboard.pillars]\nwhy = [\"need_help\"]\n").find("listed for both") != std::string::npos);
    CHECK(error_of_config("[dashboard]\nsignin_delay_seconds = 10\nsignin_max_delay_seconds = 5\n")
              .find("signin_max_delay_seconds (5) is below signin_delay_seconds (10)") != std::string::npos);
}

TEST_CASE("the example config reads back as the defaults, [dashboard] included") {
    const CollectorConfig config = load(floorsync::collector::example_config());
    const floorsync::collector::DashboardSettings defaults;
    CHECK(config.dashboard.enabled == defaults.enabled);
    CHECK(config.dashboard.anonymity_threshold == defaults.anonymity_threshold);
    CHECK(config.dashboard.session_idle_minutes == defaults.session_idle_minutes);
    CHECK(config.dashboard.session_absolute_hours == defaults.session_absolute_hours);
    CHECK(config.dashboard.secure_cookies == defaults.secure_cookies);
    CHECK(config.dashboard.signin_max_delay_seconds == defaults.signin_max_delay_seconds);
    CHECK(config.dashboard.alert_confidence_drop == doctest::Approx(defaults.alert_confidence_drop));
    CHECK(config.dashboard.chart_js == defaults.chart_js);
    CHECK(config.dashboard.pillars == defaults.pillars);
}

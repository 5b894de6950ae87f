// Config validation: the default config loads; every kind of bad file gives one message with file, line and key.
#include "kiosk/logic/config.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace kiosk;

namespace {

// A minimal valid config; line numbers matter in the tests below.
const std::string kMinimal =
    "kiosk_id = \"hal3-k1\"\n"    // 1
    "site = \"Rotterdam\"\n"      // 2
    "department = \"Expeditie\"\n";  // 3

std::string error_of(const std::string& text) {
    try {
        load_config_text(text, "test.toml");
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("the embedded default config (config/kiosk.toml) loads with the documented defaults") {
    const KioskConfig config = load_embedded_default_config();
    CHECK(config.source_name == "<embedded default config>");
    CHECK(config.kiosk_id == "kiosk-01");
    CHECK(config.languages == std::vector<std::string>{"nl", "en"});
    CHECK(config.default_language == "nl");
    CHECK(config.idle_timeout == std::chrono::seconds(60));
    CHECK(config.repeat_tap_interval == std::chrono::seconds(5));
    CHECK(config.cleaning_lock_duration == std::chrono::seconds(60));
    CHECK(config.max_question_length == 500);
    CHECK_FALSE(config.picks_department());
    REQUIRE(config.reasons.size() == 5);
    CHECK(config.reasons[0].key == "dont_know_what");
    CHECK(config.reasons[4].key == "works_for_me");
    CHECK(config.reason_text(2, "en") == "I need training");
    CHECK(config.question_text("nl") == "Hoe zeker voel je je over het nieuwe systeem?");
    CHECK(config.sync.collector_url.empty());
    CHECK(config.sync.verify_tls);
    CHECK(config.sync.sent_retention == std::chrono::hours(24 * 30));
    CHECK_FALSE(config.database_path.empty());
}

TEST_CASE("the file config/kiosk.toml in the source tree is the one embedded") {
    const std::string path = std::string(FLOOR_SOURCE_DIR) + "/config/kiosk.toml";
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    CHECK(content.str() == embedded_default_config());
    const KioskConfig config = load_config_file(path);
    CHECK(config.source_name == path);
    CHECK(config.kiosk_id == load_embedded_default_config().kiosk_id);
}

TEST_CASE("a minimal config gets the built-in defaults") {
    const KioskConfig config = load_config_text(kMinimal, "test.toml");
    CHECK(config.department == "Expeditie");
    CHECK(config.default_language == "nl");
    CHECK(config.reasons.size() == 5);
    CHECK(config.question.size() == 2);
    CHECK(config.thank_you_duration == std::chrono::seconds(4));
}

TEST_CASE("the database path defaults to the XDG data dir and relative paths follow the config file") {
    const char* saved = std::getenv("XDG_DATA_HOME");
    const std::string saved_value = saved ? saved : "";
    setenv("XDG_DATA_HOME", "/tmp/xdg-test", 1);
    CHECK(load_config_text(kMinimal, "t").database_path == "/tmp/xdg-test/floor-feedback/kiosk.db");
    if (saved) setenv("XDG_DATA_HOME", saved_value.c_str(), 1); else unsetenv("XDG_DATA_HOME");

    const auto dir = std::filesystem::temp_directory_path() / ("kiosk-config-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "kiosk.toml") << kMinimal << "database_path = \"data/k.db\"\n";
    CHECK(load_config_file((dir / "kiosk.toml").string()).database_path == (dir / "data/k.db").string());
    std::filesystem::remove_all(dir);
}

TEST_CASE("a list of departments") {
    const auto config = load_config_text("kiosk_id = \"k\"\nsite = \"s\"\ndepartments = [\"A\", \"B\"]\n", "t");
    CHECK(config.picks_department());
    CHECK(config.departments == std::vector<std::string>{"A", "B"});
    CHECK(error_of("kiosk_id = \"k\"\nsite = \"s\"\ndepartments = [\"A\", \"A\"]\n") ==
          "test.toml:3: key 'departments[1]': 'A' is listed twice");
    CHECK(error_of("kiosk_id = \"k\"\nsite = \"s\"\ndepartment = \"A\"\ndepartments = [\"A\", \"B\"]\n") ==
          "test.toml:4: key 'departments': set either 'department' (one fixed department) or 'departments' "
          "(a list to pick from), not both");
}

TEST_CASE("malformed TOML names the file and the line") {
    const auto message = error_of(kMinimal + "idle_timeout_seconds = \n");
    CHECK(message.starts_with("test.toml:4: malformed TOML: "));
    CHECK(error_of("kiosk_id = \"k\"\n[sync\n").starts_with("test.toml:2: malformed TOML: "));
}

TEST_CASE("an unknown key, also in a sub-table, is refused") {
    CHECK(error_of(kMinimal + "idle_timeout = 30\n") == "test.toml:4: key 'idle_timeout': unknown key (did you mean 'idle_timeout_seconds'?)");
    CHECK(error_of(kMinimal + "colour = \"red\"\n") ==
          "test.toml:4: key 'colour': unknown key (see docs/configuration.md for the keys of this table)");
    // A misspelt required key is reported as misspelt, not as missing.
    CHECK(error_of("kiosk_idd = \"k\"\nsite = \"s\"\ndepartment = \"d\"\n") ==
          "test.toml:1: key 'kiosk_idd': unknown key (did you mean 'kiosk_id'?)");
    // The first unknown key in the file is the one reported.
    CHECK(error_of(kMinimal + "zzz = 1\naaa = 2\n") ==
          "test.toml:4: key 'zzz': unknown key (see docs/configuration.md for the keys of this table)");
    CHECK(error_of(kMinimal + "[sync]\nverify_tls = true\nretries = 3\n") ==
          "test.toml:6: key 'sync.retries': unknown key (see docs/configuration.md for the keys of this table)");
    CHECK(error_of(kMinimal + "[sync]\nverify_tsl = true\n") == "test.toml:5: key 'sync.verify_tsl': unknown key (did you mean 'verify_tls'?)");
    CHECK(error_of(kMinimal + "[[reasons]]\nkey = \"a\"\ntext.nl = \"x\"\ntext.en = \"y\"\ncolour = \"red\"\n") ==
          "test.toml:8: key 'reasons[0].colour': unknown key (see docs/configuration.md for the keys of this table)");
    CHECK(error_of(kMinimal + "[question]\nnl = \"x\"\nen = \"y\"\nde = \"z\"\n") ==
          "test.toml:7: key 'question.de': unknown language (string tables exist for: en, nl)");
}

TEST_CASE("a wrong type is refused with what was expected and what was found") {
    CHECK(error_of(kMinimal + "idle_timeout_seconds = \"30\"\n") ==
          "test.toml:4: key 'idle_timeout_seconds': expected an integer, got a string");
    CHECK(error_of(kMinimal + "idle_timeout_seconds = 30.5\n") ==
          "test.toml:4: key 'idle_timeout_seconds': expected an integer, got a floating-point number");
    CHECK(error_of(kMinimal + "[sync]\nverify_tls = \"yes\"\n") ==
          "test.toml:5: key 'sync.verify_tls': expected a boolean (true or false), got a string");
    CHECK(error_of(kMinimal + "languages = \"nl\"\n") ==
          "test.toml:4: key 'languages': expected an array of strings, got a string");
    CHECK(error_of(kMinimal + "sync = 3\n") == "test.toml:4: key 'sync': expected a table, got an integer");
    CHECK(error_of("kiosk_id = 12\nsite = \"s\"\ndepartment = \"d\"\n") ==
          "test.toml:1: key 'kiosk_id': expected a string, got an integer");
}

TEST_CASE("a missing required key is named") {
    CHECK(error_of("site = \"s\"\ndepartment = \"d\"\n") ==
          "test.toml:1: key 'kiosk_id': required key is missing (add it to the top level of the file)");
    CHECK(error_of("kiosk_id = \"k\"\nsite = \"s\"\n") ==
          "test.toml:1: key 'department': required key is missing (set 'department' for one fixed department, "
          "or 'departments' for a list the employee picks from)");
    CHECK(error_of(kMinimal + "[[reasons]]\ntext.nl = \"x\"\ntext.en = \"y\"\n") ==
          "test.toml:4: key 'reasons[0].key': required key is missing (add it to table [reasons[0]])");
}

TEST_CASE("out-of-range values are refused with the allowed range") {
    CHECK(error_of(kMinimal + "idle_timeout_seconds = 5\n") ==
          "test.toml:4: key 'idle_timeout_seconds': 5 is out of range (15 to 3600)");
    CHECK(error_of(kMinimal + "cleaning_lock_seconds = -1\n") ==
          "test.toml:4: key 'cleaning_lock_seconds': -1 is out of range (10 to 600)");
    // Longer questions could not be sent: the protocol allows 500 characters.
    CHECK(error_of(kMinimal + "max_question_length = 501\n") ==
          "test.toml:4: key 'max_question_length': 501 is out of range (10 to 500)");
    CHECK(error_of(kMinimal + "[sync]\nsent_retention_days = 0\n") ==
          "test.toml:5: key 'sync.sent_retention_days': 0 is out of range (1 to 3650)");
    CHECK(error_of(kMinimal + "[sync]\ncollector_url = \"ftp://x\"\n") ==
          "test.toml:5: key 'sync.collector_url': must start with http:// or https:// (or be empty: no collector)");
    CHECK(error_of(kMinimal + "[sync]\ncollector_url = \"https://c.example/\"\n") ==
          "test.toml:4: key 'sync.token': required when sync.collector_url is set (from `kiosk-collector kiosk add`)");
    CHECK(error_of("kiosk_id = \"hal 3\"\nsite = \"s\"\ndepartment = \"d\"\n").starts_with("test.toml:1: key 'kiosk_id': 'hal 3' must be"));
    CHECK(error_of(kMinimal + "font_path = \"/no/such/font.ttf\"\n") ==
          "test.toml:4: key 'font_path': font file not found: /no/such/font.ttf");
}

TEST_CASE("the default language must be one of the languages") {
    CHECK(error_of(kMinimal + "languages = [\"en\"]\ndefault_language = \"nl\"\n") ==
          "test.toml:5: key 'default_language': 'nl' is not one of the configured languages (en)");
    CHECK(error_of(kMinimal + "languages = [\"en\", \"fr\"]\n") ==
          "test.toml:4: key 'languages[1]': unknown language 'fr' (string tables exist for: en, nl)");
    CHECK(error_of(kMinimal + "languages = []\n") == "test.toml:4: key 'languages': list at least one language");
    const auto config = load_config_text(kMinimal + "languages = [\"en\"]\n", "t");
    CHECK(config.default_language == "en");
}

TEST_CASE("a text missing for a configured language is named") {
    CHECK(error_of(kMinimal + "[question]\nnl = \"Hoe gaat het?\"\n") ==
          "test.toml:4: key 'question.en': missing text for configured language 'en'");
    CHECK(error_of(kMinimal + "[[reasons]]\nkey = \"a\"\ntext.nl = \"x\"\n") ==
          "test.toml:6: key 'reasons[0].text.en': missing text for configured language 'en'");
    CHECK(error_of(kMinimal + "[question]\nnl = \"\"\nen = \"x\"\n") == "test.toml:5: key 'question.nl': must not be empty");
    // A text for a language that is not configured (but has a string table) is fine.
    const auto config = load_config_text(kMinimal + "languages = [\"en\"]\n[question]\nen = \"Q?\"\nnl = \"V?\"\n", "t");
    CHECK(config.question_text("en") == "Q?");
}

TEST_CASE("reasons: own list, none, duplicates") {
    const auto config = load_config_text(
        kMinimal + "[[reasons]]\nkey = \"too_slow\"\ntext.nl = \"Te traag\"\ntext.en = \"Too slow\"\n", "t");
    REQUIRE(config.reasons.size() == 1);
    CHECK(config.reasons[0].key == "too_slow");
    CHECK(config.reason_text(0, "nl") == "Te traag");
    CHECK(load_config_text(kMinimal + "reasons = []\n", "t").reasons.empty());
    CHECK(error_of(kMinimal + "[[reasons]]\nkey = \"a\"\ntext = {nl = \"x\", en = \"y\"}\n[[reasons]]\nkey = \"a\"\n"
                              "text = {nl = \"x\", en = \"y\"}\n") == "test.toml:8: key 'reasons[1].key': 'a' is used twice");
    CHECK(error_of(kMinimal + "[[reasons]]\nkey = \"Bad Key\"\ntext = {nl = \"x\", en = \"y\"}\n") ==
          "test.toml:5: key 'reasons[0].key': 'Bad Key' must be 1 to 64 characters of a-z, 0-9 and _");
    CHECK(error_of(kMinimal + "reasons = [1, 2]\n") ==
          "test.toml:4: key 'reasons': expected an array of tables ([[reasons]] entries), got an array of other values");
}

TEST_CASE("the [sync] table maps onto SyncSettings") {
    const auto config = load_config_text(kMinimal +
                                             "[sync]\n"
                                             "collector_url = \"https://collector.example/\"\n"
                                             "token = \"abc\"\n"
                                             "verify_tls = false\n"
                                             "pinned_public_key = \"sha256//AAAA\"\n"
                                             "connect_timeout_seconds = 7\n"
                                             "request_timeout_seconds = 40\n"
                                             "batch_max_events = 100\n"
                                             "uploads_in_flight = 2\n"
                                             "batch_max_kilobytes = 64\n"
                                             "retry_base_milliseconds = 500\n"
                                             "retry_cap_seconds = 60\n"
                                             "poll_interval_seconds = 30\n"
                                             "feed_interval_seconds = 45\n"
                                             "sent_retention_days = 7\n",
                                         "t");
    const auto& s = config.sync;
    CHECK(s.collector_url == "https://collector.example/");
    CHECK(s.token == "abc");
    CHECK_FALSE(s.verify_tls);
    CHECK(s.pinned_public_key == "sha256//AAAA");
    CHECK(s.connect_timeout == std::chrono::seconds(7));
    CHECK(s.request_timeout == std::chrono::seconds(40));
    CHECK(s.batch_max_events == 100);
    CHECK(s.uploads_in_flight == 2);
    CHECK(s.batch_max_bytes == 64 * 1024);
    CHECK(s.retry_base == std::chrono::milliseconds(500));
    CHECK(s.retry_cap == std::chrono::seconds(60));
    CHECK(s.poll_interval == std::chrono::seconds(30));
    CHECK(s.feed_interval == std::chrono::seconds(45));
    CHECK(s.sent_retention == std::chrono::hours(24 * 7));
}

TEST_CASE("an unreadable file names the file") {
    try {
        load_config_file("/no/such/dir/kiosk.toml");
        FAIL("expected an error");
    } catch (const ConfigError& error) {
        CHECK(std::string(error.what()) == "/no/such/dir/kiosk.toml: cannot read the config file (No such file or directory)");
    }
}

TEST_CASE("ConfigError carries its parts") {
    try {
        load_config_text(kMinimal + "thank_you_seconds = 99\n", "cfg/kiosk.toml");
        FAIL("expected an error");
    } catch (const ConfigError& error) {
        CHECK(error.file == "cfg/kiosk.toml");
        CHECK(error.line == 4);
        CHECK(error.key == "thank_you_seconds");
        CHECK(error.problem == "99 is out of range (1 to 30)");
    }
}

TEST_CASE("every key is documented in config/kiosk.toml and docs/configuration.md") {
    auto read = [](const std::string& relative) {
        std::ifstream file(std::string(FLOOR_SOURCE_DIR) + "/" + relative, std::ios::binary);
        std::ostringstream content;
        content << file.rdbuf();
        return content.str();
    };
    const std::string toml = read("config/kiosk.toml");
    const std::string docs = read("docs/configuration.md");
    for (const char* key :
         {"kiosk_id", "site", "department", "departments", "languages", "default_language", "idle_timeout_seconds",
          "repeat_tap_interval_seconds", "thank_you_seconds", "cleaning_lock_seconds", "max_question_length",
          "database_path", "fullscreen_monitor", "font_path", "[question]", "[[reasons]]", "[sync]", "collector_url",
          "token", "verify_tls", "ca_file", "pinned_public_key", "connect_timeout_seconds", "request_timeout_seconds",
          "low_speed_bytes_per_second", "low_speed_window_seconds", "max_response_kilobytes", "batch_max_events",
          "uploads_in_flight", "batch_max_kilobytes", "retry_base_milliseconds", "retry_cap_seconds", "poll_interval_seconds",
          "feed_interval_seconds", "sent_retention_days"}) {
        CHECK_MESSAGE(toml.find(key) != std::string::npos, "config/kiosk.toml lacks ", key);
        CHECK_MESSAGE(docs.find(key) != std::string::npos, "docs/configuration.md lacks ", key);
    }
}

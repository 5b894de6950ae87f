// The kiosk's configuration (config/kiosk.toml): parsed, validated, defaults filled in.
#include "kiosk/logic/config.hpp"

#include "kiosk/logic/config_reader.hpp"
#include "kiosk/logic/strings.hpp"
#include "sync/shared/text_rules.hpp"
#include "sync/shared/utf8.hpp"
#include "sync/paths.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace kiosk {

namespace {

using config_detail::joined;
using config_detail::TableReader;
using config_detail::type_name;

std::string describe(std::string_view file, int line, std::string_view key, std::string_view problem) {
    std::ostringstream out;
    out << file;
    if (line > 0) out << ':' << line;
    out << ": ";
    if (!key.empty()) out << "key '" << key << "': ";
    out << problem;
    return out.str();
}

// The languages that have a string table: only those can be configured.
const std::vector<std::string>& supported_languages() {
    static const std::vector<std::string> codes = StringTables::embedded().languages();
    return codes;
}

// Built-in texts, used when the config leaves out [question] or [[reasons]].
LocalizedText default_question() {
    return {{"en", "How confident do you feel about the new system?"},
            {"nl", "Hoe zeker voel je je over het nieuwe systeem?"}};
}

std::vector<ReasonOption> default_reasons() {
    return {
        {"dont_know_what", {{"en", "I don't know what is changing"}, {"nl", "Ik weet niet wat er verandert"}}},
        {"dont_see_why", {{"en", "I don't see why"}, {"nl", "Ik zie niet waarom"}}},
        {"need_training", {{"en", "I need training"}, {"nl", "Ik heb training nodig"}}},
        {"need_help", {{"en", "I need help using it"}, {"nl", "Ik heb hulp nodig bij het gebruik"}}},
        {"works_for_me", {{"en", "It works for me"}, {"nl", "Het werkt voor mij"}}},
    };
}

std::string expand_path(std::string path, const std::filesystem::path& base_dir) {
    if (path.starts_with("~/")) {
        if (const char* home = std::getenv("HOME"); home && *home) path = std::string(home) + path.substr(1);
    }
    std::filesystem::path p(path);
    if (p.is_relative() && !base_dir.empty()) p = base_dir / p;
    return p.lexically_normal().string();
}

constexpr std::size_t kMaxNameChars = floorsync::limits::department_max_chars;  // the protocol's limit
constexpr std::size_t kMaxTextChars = 300;
constexpr std::size_t kMaxReasons = 8;

using floorsync::text_rules::is_kiosk_id;
using floorsync::text_rules::is_reason_key;

void read_sync(TableReader& root, KioskConfig& config, const std::string& file, const std::filesystem::path& base_dir) {
    const toml::table* table = root.table("sync");
    if (!table) return;
    TableReader sync(file, *table, "sync", static_cast<int>(table->source().begin.line));
    sync.reject_unknown_keys({"collector_url", "token", "ca_file", "pinned_public_key", "verify_tls", "batch_max_events", "uploads_in_flight",
                              "batch_max_kilobytes", "connect_timeout_seconds", "request_timeout_seconds",
                              "low_speed_bytes_per_second", "low_speed_window_seconds", "max_response_kilobytes",
                              "retry_base_milliseconds", "retry_cap_seconds", "poll_interval_seconds", "feed_interval_seconds",
                              "sent_retention_days"});
    floorsync::SyncSettings& s = config.sync;
    using std::chrono::milliseconds;
    using std::chrono::seconds;
    if (auto v = sync.string("collector_url", false, 2000)) {
        if (!v->empty() && !v->starts_with("http://") && !v->starts_with("https://"))
            sync.fail(table->get("collector_url"), "sync.collector_url", "must start with http:// or https:// (or be empty: no collector)");
        s.collector_url = *v;
    }
    if (auto v = sync.string("token", false, 500)) s.token = *v;
    if (auto v = sync.string("ca_file", false, 2000)) {
        s.ca_file = v->empty() ? *v : expand_path(*v, base_dir);
        if (!s.ca_file.empty() && !std::filesystem::is_regular_file(s.ca_file))
            sync.fail(table->get("ca_file"), "sync.ca_file", "file not found: " + s.ca_file);
    }
    if (auto v = sync.string("pinned_public_key", false, 2000)) {
        if (!v->empty() && !v->starts_with("sha256//"))
            sync.fail(table->get("pinned_public_key"), "sync.pinned_public_key", "expected \"sha256//<base64 hash>\" (or empty: no pinning)");
        s.pinned_public_key = *v;
    }
    if (auto v = sync.boolean("verify_tls")) s.verify_tls = *v;
    if (auto v = sync.integer("batch_max_events", 1, 1000)) s.batch_max_events = static_cast<std::size_t>(*v);
    if (auto v = sync.integer("uploads_in_flight", 1, 8)) s.uploads_in_flight = static_cast<std::size_t>(*v);
    if (auto v = sync.integer("batch_max_kilobytes", 1, 1024)) s.batch_max_bytes = static_cast<std::size_t>(*v) * 1024;
    if (auto v = sync.integer("connect_timeout_seconds", 1, 120)) s.connect_timeout = seconds(*v);
    if (auto v = sync.integer("request_timeout_seconds", 1, 600)) s.request_timeout = seconds(*v);
    if (auto v = sync.integer("low_speed_bytes_per_second", 1, 1000000)) s.low_speed_bytes_per_second = static_cast<long>(*v);
    if (auto v = sync.integer("low_speed_window_seconds", 1, 600)) s.low_speed_window = seconds(*v);
    if (auto v = sync.integer("max_response_kilobytes", 1, 65536)) s.max_response_bytes = static_cast<std::size_t>(*v) * 1024;
    if (auto v = sync.integer("retry_base_milliseconds", 100, 60000)) s.retry_base = milliseconds(*v);
    if (auto v = sync.integer("retry_cap_seconds", 1, 86400)) s.retry_cap = seconds(*v);
    if (auto v = sync.integer("poll_interval_seconds", 5, 86400)) s.poll_interval = seconds(*v);
    if (auto v = sync.integer("feed_interval_seconds", 5, 86400)) s.feed_interval = seconds(*v);
    if (auto v = sync.integer("sent_retention_days", 1, 3650)) s.sent_retention = std::chrono::hours(24 * *v);
    if (s.retry_cap < s.retry_base)
        sync.fail(table->get("retry_cap_seconds"), "sync.retry_cap_seconds", "must not be shorter than sync.retry_base_milliseconds");
    if (!s.collector_url.empty() && s.token.empty())
        sync.fail(table->get("token"), "sync.token", "required when sync.collector_url is set (from `kiosk-collector kiosk add`)");
}

void read_texts(TableReader& root, KioskConfig& config, const std::string& file) {
    if (const toml::table* question = root.table("question")) {
        config.question = root.localized(*question, "question", config.languages, supported_languages(), kMaxTextChars);
    } else {
        config.question = default_question();
    }

    const toml::node* reasons_node = root.find("reasons");
    if (!reasons_node) {
        config.reasons = default_reasons();
        return;
    }
    const auto* reasons = reasons_node->as_array();
    if (!reasons || (!reasons->empty() && !reasons->is_array_of_tables()))
        root.fail(reasons_node, "reasons", std::string("expected an array of tables ([[reasons]] entries), got ") +
                                               (reasons ? "an array of other values" : type_name(reasons_node->type())));
    if (reasons->size() > kMaxReasons)
        root.fail(reasons_node, "reasons", "at most " + std::to_string(kMaxReasons) + " reasons fit on the screen, got " +
                                               std::to_string(reasons->size()));
    for (std::size_t i = 0; i < reasons->size(); ++i) {
        const toml::table& entry = *reasons->get(i)->as_table();
        const std::string path = "reasons[" + std::to_string(i) + "]";
        TableReader reader(file, entry, path, static_cast<int>(entry.source().begin.line));
        reader.reject_unknown_keys({"key", "text"});
        ReasonOption option;
        option.key = *reader.string("key", true, floorsync::limits::reason_key_max);
        if (!is_reason_key(option.key))
            reader.fail(entry.get("key"), path + ".key", "'" + option.key + "' must be 1 to 64 characters of a-z, 0-9 and _");
        for (const auto& earlier : config.reasons)
            if (earlier.key == option.key) reader.fail(entry.get("key"), path + ".key", "'" + option.key + "' is used twice");
        const toml::table* texts = reader.table("text");
        if (!texts) reader.fail(nullptr, path + ".text", "required key is missing (add text.<language> = \"...\")");
        option.text = reader.localized(*texts, path + ".text", config.languages, supported_languages(), kMaxTextChars);
        config.reasons.push_back(std::move(option));
    }
}

KioskConfig parse(std::string_view text, const std::string& file, const std::filesystem::path& base_dir) {
    toml::table root_table;
    try {
        root_table = toml::parse(text, file);
    } catch (const toml::parse_error& error) {
        throw ConfigError(file, static_cast<int>(error.source().begin.line), "",
                          "malformed TOML: " + std::string(error.description()));
    }
    TableReader root(file, root_table, "", 1);
    root.reject_unknown_keys({"kiosk_id", "site", "department", "departments", "languages", "default_language",
                              "idle_timeout_seconds", "repeat_tap_interval_seconds", "thank_you_seconds",
                              "cleaning_lock_seconds", "ambassador_idle_seconds", "max_question_length", "database_path", "fullscreen_monitor",
                              "font_path", "question", "reasons", "sync"});
    KioskConfig config;
    config.source_name = file;

    config.kiosk_id = *root.string("kiosk_id", true, 64);
    if (!is_kiosk_id(config.kiosk_id))
        root.fail(root_table.get("kiosk_id"), "kiosk_id", "'" + config.kiosk_id + "' must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'");
    config.site = *root.string("site", true, kMaxNameChars);

    auto department = root.string("department", false, kMaxNameChars);
    auto departments = root.string_list("departments", kMaxNameChars);
    if (department && departments)
        root.fail(root_table.get("departments"), "departments", "set either 'department' (one fixed department) or 'departments' (a list to pick from), not both");
    if (!department && !departments)
        root.fail(nullptr, "department", "required key is missing (set 'department' for one fixed department, or 'departments' for a list the employee picks from)");
    if (department) {
        if (department->empty()) root.fail(root_table.get("department"), "department", "must not be empty");
        config.department = *department;
    } else {
        if (departments->size() < 2)
            root.fail(root_table.get("departments"), "departments", "list at least two departments to pick from (for one, use 'department')");
        config.departments = *departments;
    }

    if (auto languages = root.string_list("languages", 10)) {
        if (languages->empty()) root.fail(root_table.get("languages"), "languages", "list at least one language");
        for (std::size_t i = 0; i < languages->size(); ++i) {
            const auto& code = (*languages)[i];
            if (std::find(supported_languages().begin(), supported_languages().end(), code) == supported_languages().end())
                root.fail(root_table.get("languages")->as_array()->get(i), "languages[" + std::to_string(i) + "]",
                          "unknown language '" + code + "' (string tables exist for: " + joined(supported_languages()) + ")");
        }
        config.languages = *languages;
    }
    config.default_language = config.languages.front();
    if (auto language = root.string("default_language", false, 10)) {
        if (std::find(config.languages.begin(), config.languages.end(), *language) == config.languages.end())
            root.fail(root_table.get("default_language"), "default_language",
                      "'" + *language + "' is not one of the configured languages (" + joined(config.languages) + ")");
        config.default_language = *language;
    }

    using std::chrono::seconds;
    if (auto v = root.integer("idle_timeout_seconds", 15, 3600)) config.idle_timeout = seconds(*v);
    if (auto v = root.integer("repeat_tap_interval_seconds", 0, 600)) config.repeat_tap_interval = seconds(*v);
    if (auto v = root.integer("thank_you_seconds", 1, 30)) config.thank_you_duration = seconds(*v);
    if (auto v = root.integer("cleaning_lock_seconds", 10, 600)) config.cleaning_lock_duration = seconds(*v);
    if (auto v = root.integer("ambassador_idle_seconds", 30, 900)) config.ambassador_idle_timeout = seconds(*v);
    // The protocol's limit: a longer question could not be encoded as an event.
    if (auto v = root.integer("max_question_length", 10, static_cast<std::int64_t>(floorsync::limits::question_text_max_chars)))
        config.max_question_length = static_cast<std::size_t>(*v);
    if (auto v = root.integer("fullscreen_monitor", 0, 15)) config.fullscreen_monitor = static_cast<int>(*v);

    auto database = root.string("database_path", false, 4000);
    if (database && !database->empty()) {
        config.database_path = expand_path(*database, base_dir);
    } else {
        try {
            config.database_path = default_database_path();
        } catch (const std::runtime_error& error) {
            root.fail(root_table.get("database_path"), "database_path", error.what());
        }
    }
    if (auto font = root.string("font_path", false, 4000); font && !font->empty()) {
        config.font_path = expand_path(*font, base_dir);
        if (!std::filesystem::is_regular_file(config.font_path))
            root.fail(root_table.get("font_path"), "font_path", "font file not found: " + config.font_path);
    }

    read_texts(root, config, file);
    read_sync(root, config, file, base_dir);
    return config;
}

}  // namespace

ConfigError::ConfigError(std::string file_, int line_, std::string key_, std::string problem_)
    : std::runtime_error(describe(file_, line_, key_, problem_)),
      file(std::move(file_)), line(line_), key(std::move(key_)), problem(std::move(problem_)) {}

const std::string& KioskConfig::text_for(const LocalizedText& text, std::string_view language) const {
    if (auto it = text.find(language); it != text.end()) return it->second;
    if (auto it = text.find(default_language); it != text.end()) return it->second;
    static const std::string empty;
    return text.empty() ? empty : text.begin()->second;
}

std::string default_database_path() { return floorsync::default_database_path(); }

KioskConfig load_config_text(std::string_view text, std::string_view source_name) {
    return parse(text, std::string(source_name), {});
}

KioskConfig load_config_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path, 0, "", "cannot read the config file (" + std::string(std::strerror(errno)) + ")");
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) throw ConfigError(path, 0, "", "cannot read the config file (" + std::string(std::strerror(errno)) + ")");
    return parse(content.str(), path, std::filesystem::path(path).parent_path());
}

KioskConfig load_embedded_default_config() {
    return load_config_text(embedded_default_config(), "<embedded default config>");
}

}  // namespace kiosk

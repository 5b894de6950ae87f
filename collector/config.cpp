// TOML config loading for the collector, with file:line:key messages for every mistake.
#include "collector/config.hpp"

#include "collector/dashboard/anonymity.hpp"
#include "collector/dashboard/client_address.hpp"
#include "sync/shared/text_rules.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <limits>
#include <map>
#include <vector>

namespace floorsync::collector {

namespace {

std::string where(const std::string& path, const toml::node& node, const std::string& key) {
    return path + ":" + std::to_string(node.source().begin.line) + ": key '" + key + "'";
}

std::string text_value(const std::string& path, const toml::node& node, const std::string& key) {
    const auto value = node.value<std::string>();
    if (!node.is_string() || !value) throw ConfigError(where(path, node, key) + ": expected a string");
    return *value;
}

std::int64_t integer_value(const std::string& path, const toml::node& node, const std::string& key, std::int64_t min,
                           std::int64_t max) {
    if (!node.is_integer()) throw ConfigError(where(path, node, key) + ": expected an integer");
    const std::int64_t value = *node.value<std::int64_t>();
    if (value < min || value > max)
        throw ConfigError(where(path, node, key) + ": " + std::to_string(value) + " is outside " + std::to_string(min) +
                          ".." + std::to_string(max));
    return value;
}

void apply_limits(const std::string& path, const toml::table& table, CollectorConfig& config) {
    for (const auto& [name, node] : table) {
        const std::string key = "limits." + std::string(name.str());
        const auto seconds = [&] { return static_cast<int>(integer_value(path, node, key, 1, 3600)); };
        if (name == "max_events_per_request") {
            config.max_events_per_request = integer_value(path, node, key, 1, 100000);
        } else if (name == "max_body_bytes") {
            config.max_body_bytes = integer_value(path, node, key, 1024, 256LL * 1024 * 1024);
        } else if (name == "max_header_bytes") {
            config.max_header_bytes = integer_value(path, node, key, 1024, 1024 * 1024);
        } else if (name == "max_header_count") {
            config.max_header_count = integer_value(path, node, key, 8, 10000);
        } else if (name == "max_in_flight") {
            config.max_in_flight = integer_value(path, node, key, 1, 10000);
        } else if (name == "max_pending_requests") {
            config.max_pending_requests = integer_value(path, node, key, 1, 100000);
        } else if (name == "retry_after_seconds") {
            config.retry_after_seconds = seconds();
        } else if (name == "listen_backlog") {
            config.listen_backlog = static_cast<int>(integer_value(path, node, key, 16, 65535));
        } else if (name == "max_connections") {
            config.max_connections = integer_value(path, node, key, 1, 1000000);
        } else if (name == "max_connections_per_address") {
            config.max_connections_per_address = integer_value(path, node, key, 1, 1000000);
        } else if (name == "io_threads") {
            config.io_threads = integer_value(path, node, key, 0, 256);
        } else if (name == "worker_threads") {
            config.worker_threads = integer_value(path, node, key, 1, 1024);
        } else if (name == "header_timeout_seconds") {
            config.header_timeout_seconds = seconds();
        } else if (name == "body_timeout_seconds") {
            config.body_timeout_seconds = seconds();
        } else if (name == "keep_alive_timeout_seconds") {
            config.keep_alive_timeout_seconds = seconds();
        } else if (name == "write_timeout_seconds") {
            config.write_timeout_seconds = seconds();
        } else if (name == "read_timeout_seconds") {
            throw ConfigError(where(path, node, key) +
                              ": no longer used: a stalled client is now cut off by header_timeout_seconds and "
                              "body_timeout_seconds, deadlines for the whole header and the whole body");
        } else {
            throw ConfigError(where(path, node, key) + ": unknown key");
        }
    }
}

void apply_tls(const std::string& path, const toml::table& table, CollectorConfig& config) {
    for (const auto& [name, node] : table) {
        const std::string key = "tls." + std::string(name.str());
        if (name == "cert") {
            config.tls_cert_file = text_value(path, node, key);
        } else if (name == "key") {
            config.tls_key_file = text_value(path, node, key);
        } else {
            throw ConfigError(where(path, node, key) + ": unknown key");
        }
    }
}

const toml::table& section(const std::string& path, const toml::node& node, const std::string& key) {
    if (!node.is_table()) throw ConfigError(where(path, node, key) + ": expected a table [" + key + "]");
    return *node.as_table();
}

bool bool_value(const std::string& path, const toml::node& node, const std::string& key) {
    if (!node.is_boolean()) throw ConfigError(where(path, node, key) + ": expected true or false");
    return *node.value<bool>();
}

double number_value(const std::string& path, const toml::node& node, const std::string& key, double min, double max) {
    if (!node.is_floating_point() && !node.is_integer()) throw ConfigError(where(path, node, key) + ": expected a number");
    const double value = *node.value<double>();
    if (value < min || value > max)
        throw ConfigError(where(path, node, key) + ": " + std::to_string(value) + " is outside " + std::to_string(min) +
                          ".." + std::to_string(max));
    return value;
}

// [dashboard.pillars]: pillar = ["reason_key", ...]. A pillar left out keeps its default reasons.
void apply_pillars(const std::string& path, const toml::table& table, DashboardSettings& settings) {
    for (const auto& [name, node] : table) {
        const std::string pillar(name.str());
        const std::string key = "dashboard.pillars." + pillar;
        if (pillar != kPillarKnowing && pillar != kPillarWhy && pillar != kPillarTraining && pillar != kPillarSupport)
            throw ConfigError(where(path, node, key) + ": unknown pillar (knowing, why, training, support)");
        if (!node.is_array()) throw ConfigError(where(path, node, key) + ": expected a list of reason keys");
        std::vector<std::string> reasons;
        for (const auto& item : *node.as_array()) {
            const std::string reason = text_value(path, item, key);
            if (!text_rules::is_reason_key(reason))
                throw ConfigError(where(path, item, key) + ": '" + reason + "' is not a reason key (a-z 0-9 _)");
            reasons.push_back(reason);
        }
        settings.pillars[pillar] = std::move(reasons);
    }
    std::map<std::string, std::string> named_by;  // reason -> pillar
    for (const auto& [pillar, reasons] : settings.pillars) {
        for (const auto& reason : reasons) {
            const auto [other, fresh] = named_by.emplace(reason, pillar);
            if (!fresh && other->second != pillar)
                throw ConfigError(path + ": [dashboard.pillars]: the reason '" + reason + "' is listed for both '" +
                                  other->second + "' and '" + pillar + "'; a reason names one pillar");
        }
    }
}

// [dashboard] trusted_proxies = ["127.0.0.1", "::1"]: IP addresses only (no names, no networks).
std::vector<std::string> proxy_list(const std::string& path, const toml::node& node, const std::string& key) {
    if (!node.is_array()) throw ConfigError(where(path, node, key) + ": expected a list of IP addresses");
    std::vector<std::string> proxies;
    for (const auto& item : *node.as_array()) {
        const std::string address = text_value(path, item, key);
        if (!dashboard::is_ip_address(address))
            throw ConfigError(where(path, item, key) + ": '" + address +
                              "' is not an IP address (give the proxy's address as it connects, e.g. 127.0.0.1)");
        proxies.push_back(address);
    }
    return proxies;
}

void apply_dashboard(const std::string& path, const toml::table& table, DashboardSettings& settings) {
    for (const auto& [name, node] : table) {
        const std::string key = "dashboard." + std::string(name.str());
        const auto integer = [&](std::int64_t min, std::int64_t max) {
            return static_cast<int>(integer_value(path, node, key, min, max));
        };
        if (name == "enabled") {
            settings.enabled = bool_value(path, node, key);
        } else if (name == "anonymity_threshold") {
            if (node.is_integer() && *node.value<std::int64_t>() < anonymity::kLowestThreshold)
                throw ConfigError(where(path, node, key) + ": " + std::to_string(*node.value<std::int64_t>()) +
                                  " is below " + std::to_string(anonymity::kLowestThreshold) +
                                  ": no figure may rest on fewer than " + std::to_string(anonymity::kLowestThreshold) +
                                  " ratings, or a person could be singled out");
            settings.anonymity_threshold = integer(anonymity::kLowestThreshold, 1000);
        } else if (name == "session_idle_minutes") {
            settings.session_idle_minutes = integer(1, 7 * 24 * 60);
        } else if (name == "session_absolute_hours") {
            settings.session_absolute_hours = integer(1, 24 * 30);
        } else if (name == "secure_cookies") {
            settings.secure_cookies = text_value(path, node, key);
            if (settings.secure_cookies != "auto" && settings.secure_cookies != "always" &&
                settings.secure_cookies != "never")
                throw ConfigError(where(path, node, key) + ": '" + settings.secure_cookies +
                                  "' is not one of auto, always, never");
        } else if (name == "signin_free_failures") {
            settings.signin_free_failures = integer(0, 100);
        } else if (name == "signin_delay_seconds") {
            settings.signin_delay_seconds = integer(1, 3600);
        } else if (name == "signin_max_delay_seconds") {
            settings.signin_max_delay_seconds = integer(1, 24 * 3600);
        } else if (name == "trusted_proxies") {
            settings.trusted_proxies = proxy_list(path, node, key);
        } else if (name == "kiosk_silent_minutes") {
            settings.kiosk_silent_minutes = integer(1, 365 * 24 * 60);
        } else if (name == "alert_confidence_drop") {
            settings.alert_confidence_drop = number_value(path, node, key, 0.01, 4.0);
        } else if (name == "alert_question_wait_hours") {
            settings.alert_question_wait_hours = integer(1, 365 * 24);
        } else if (name == "chart_js") {
            settings.chart_js = text_value(path, node, key);
            if (settings.chart_js.empty()) throw ConfigError(where(path, node, key) + ": must not be empty");
        } else if (name == "pillars") {
            apply_pillars(path, section(path, node, key), settings);
        } else {
            throw ConfigError(where(path, node, key) + ": unknown key");
        }
    }
    if (settings.signin_max_delay_seconds < settings.signin_delay_seconds)
        throw ConfigError(path + ": [dashboard] signin_max_delay_seconds (" +
                          std::to_string(settings.signin_max_delay_seconds) + ") is below signin_delay_seconds (" +
                          std::to_string(settings.signin_delay_seconds) + ")");
}

}  // namespace

void parse_listen_address(const std::string& text, std::string& host, int& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw ConfigError("listen address '" + text + "' must be HOST:PORT, e.g. 127.0.0.1:8080");
    std::string parsed_host = text.substr(0, colon);
    if (parsed_host.front() == '[' && parsed_host.back() == ']') parsed_host = parsed_host.substr(1, parsed_host.size() - 2);
    const std::string port_text = text.substr(colon + 1);
    int parsed_port = -1;
    const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), parsed_port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || parsed_port < 0 || parsed_port > 65535)
        throw ConfigError("listen address '" + text + "': port must be a number 0..65535");
    host = parsed_host;
    port = parsed_port;
}

CollectorConfig load_config_file(const std::string& path, CollectorConfig config) {
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& error) {
        const auto& begin = error.source().begin;
        if (begin.line == 0) throw ConfigError(path + ": " + std::string(error.description()));
        throw ConfigError(path + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) + ": " +
                          std::string(error.description()));
    }
    for (const auto& [name, node] : root) {
        const std::string key(name.str());
        if (key == "listen") {
            try {
                parse_listen_address(text_value(path, node, key), config.listen_host, config.listen_port);
            } catch (const ConfigError& error) {
                if (!node.is_string()) throw;
                throw ConfigError(where(path, node, key) + ": " + error.what());
            }
        } else if (key == "db") {
            config.db_path = text_value(path, node, key);
            if (config.db_path.empty()) throw ConfigError(where(path, node, key) + ": must not be empty");
        } else if (key == "limits") {
            apply_limits(path, section(path, node, key), config);
        } else if (key == "tls") {
            apply_tls(path, section(path, node, key), config);
        } else if (key == "dashboard") {
            apply_dashboard(path, section(path, node, key), config.dashboard);
        } else {
            throw ConfigError(where(path, node, key) + ": unknown key");
        }
    }
    if (config.tls_cert_file.empty() != config.tls_key_file.empty())
        throw ConfigError(path + ": [tls] needs both 'cert' and 'key' (or neither, for plain HTTP)");
    return config;
}

const char* example_config() {
    return R"toml(# kiosk-collector configuration. Every key is optional; the values shown are the defaults.
# Command-line options (--db, --listen) override this file.

# Address to listen on. Keep 127.0.0.1 behind a TLS reverse proxy (see sync/PROTOCOL.md).
listen = "127.0.0.1:8080"

# The database. A file path: SQLite (created on first start). Default: $XDG_DATA_HOME/floor-collector/collector.db
# A PostgreSQL URL or libpq connection string: PostgreSQL (several collectors may share it; docs/DEPLOYMENT.md).
# db = "/var/lib/floor-collector/collector.db"
# db = "postgresql://collector@db.example.org:5432/floor"

[limits]
max_events_per_request = 1000     # more events in one upload: 413
max_body_bytes = 1048576          # larger request bodies: 413
max_header_bytes = 16384          # request line and headers together; more: 431
max_header_count = 100            # header fields; more: 431
max_in_flight = 64                # uploads processed at once; more: 503 with Retry-After
max_pending_requests = 512        # requests read and waiting for a worker; more: 503 with Retry-After
retry_after_seconds = 5           # the Retry-After value sent with 503
listen_backlog = 4096             # connections the kernel queues (also capped by net.core.somaxconn)
max_connections = 20000           # open connections in total; more: 503 and close
max_connections_per_address = 1024  # from one client address; behind a reverse proxy, raise it or use the proxy's
io_threads = 0                    # event-loop threads; 0: one per core. Idle connections hold no thread.
worker_threads = 64               # threads that run requests against the database (an upload holds one until
                                  # its group commit is on disk, so this bounds how many share one commit)
header_timeout_seconds = 10       # deadline for the whole request line and headers (not per read)
body_timeout_seconds = 30         # deadline for the whole body, from the end of the headers
keep_alive_timeout_seconds = 60   # an idle keep-alive connection is closed after this
write_timeout_seconds = 30        # a client that does not read its reply is dropped after this

# Serve HTTPS directly (PEM files). Leave out to serve plain HTTP behind a reverse proxy.
# [tls]
# cert = "/etc/floor-collector/cert.pem"
# key = "/etc/floor-collector/key.pem"

# The central team's dashboard at /dashboard/ (docs/DASHBOARD.md). Accounts: kiosk-collector user add --name NAME
[dashboard]
enabled = true
anonymity_threshold = 5           # no figure rests on fewer ratings; never below 3 (a lower value is refused)
session_idle_minutes = 30         # a session unused this long ends
session_absolute_hours = 12       # every session ends this long after sign-in
secure_cookies = "auto"           # auto: Secure cookies when [tls] is set; always: also behind a TLS proxy; never
signin_free_failures = 3          # failed sign-ins per account or address before the delay starts
signin_delay_seconds = 2          # the first delay; it doubles with each further failure
signin_max_delay_seconds = 900    # up to this
trusted_proxies = []              # reverse proxies (IP addresses, e.g. ["127.0.0.1"]) whose X-Forwarded-For names
                                  # the client for sign-in throttling; without, all sign-ins share the proxy's address
kiosk_silent_minutes = 240        # a kiosk not seen this long is marked silent (and raises an alert)
alert_confidence_drop = 0.5       # alert when a department's weekly mean falls this much against the week before
alert_question_wait_hours = 72    # alert when a new question waits this long for an answer or publication
chart_js = "/usr/share/javascript/chart.js/chart.min.js"  # Debian's libjs-chart.js; missing: tables only

# Which follow-up reasons name which change pillar (a department's barrier is the pillar its reasons name most).
[dashboard.pillars]
knowing = ["dont_know_what"]      # knowing what changes
why = ["dont_see_why"]            # seeing why
training = ["need_training"]
support = ["need_help"]
)toml";
}

}  // namespace floorsync::collector

// Connection strings: telling a PostgreSQL URL or key=value string from a file path, and keeping passwords out of
// every message and log line.
#include "collector/storage/postgres/pq.hpp"
#include "collector/storage/postgres/pq_conninfo.hpp"

#include <array>
#include <cctype>
#include <vector>

namespace floorsync::pq {

bool starts_with_uri_scheme(std::string_view text) {
    return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

namespace {

struct Span {
    std::size_t pos;
    std::size_t len;
};

// Where the password values are in a URI (user:PASSWORD@, ?password=VALUE) or "key=value" string, following
// libpq's own parsing rules (uri: userinfo ends at the first '@' before any '/'; key=value: quotes, backslashes).
std::vector<Span> password_spans(std::string_view s) {
    std::vector<Span> spans;
    if (starts_with_uri_scheme(s)) {
        std::size_t pos = s.find("://") + 3;
        std::size_t at = pos;
        while (at < s.size() && s[at] != '@' && s[at] != '/') {
            ++at;
        }
        if (at < s.size() && s[at] == '@') {
            const std::size_t colon = s.substr(pos, at - pos).find(':');
            if (colon != std::string_view::npos) {
                spans.push_back({pos + colon + 1, at - (pos + colon + 1)});
            }
            pos = at + 1;
        }
        std::size_t query = s.find('?', pos);
        while (query != std::string_view::npos && query < s.size()) {
            const std::size_t start = query + 1;
            std::size_t end = s.find('&', start);
            if (end == std::string_view::npos) {
                end = s.size();
            }
            const std::string_view param = s.substr(start, end - start);
            if (param.starts_with("password=")) {
                spans.push_back({start + 9, end - start - 9});
            }
            query = end < s.size() ? end : std::string_view::npos;
        }
        return spans;
    }
    const auto space = [&](std::size_t i) { return i < s.size() && std::isspace(static_cast<unsigned char>(s[i])); };
    std::size_t i = 0;
    while (true) {
        while (space(i)) {
            ++i;
        }
        if (i >= s.size()) {
            break;
        }
        const std::size_t key_start = i;
        while (i < s.size() && s[i] != '=' && !space(i)) {
            ++i;
        }
        const std::string_view key = s.substr(key_start, i - key_start);
        while (space(i)) {
            ++i;
        }
        if (i >= s.size() || s[i] != '=') {
            break;  // not key=value (a file path, or malformed): nothing more to find
        }
        ++i;
        while (space(i)) {
            ++i;
        }
        std::size_t value_start = i;
        std::size_t value_end = i;
        if (i < s.size() && s[i] == '\'') {
            value_start = ++i;
            while (i < s.size() && s[i] != '\'') {
                i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
            }
            value_end = i;
            if (i < s.size()) {
                ++i;  // closing quote
            }
        } else {
            while (i < s.size() && !space(i)) {
                i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
            }
            value_end = i;
        }
        if (key == "password") {
            spans.push_back({value_start, value_end - value_start});
        }
    }
    return spans;
}

}  // namespace

// libpq's messages can quote fragments of the connection string: never let the password through. Parse errors
// ('missing "=" after "..."') of a string with a password lose all quoted fragments, the password could be split.
std::string without_passwords(std::string message, std::string_view conninfo, bool parse_error) {
    const std::vector<Span> spans = password_spans(conninfo);
    for (const Span& span : spans) {
        const std::string secret(conninfo.substr(span.pos, span.len));
        if (secret.size() < 4) {
            continue;  // too short to search for without mangling the message
        }
        for (std::size_t at = message.find(secret); at != std::string::npos; at = message.find(secret, at + 3)) {
            message.replace(at, secret.size(), "***");
        }
    }
    if (!parse_error || (spans.empty() && conninfo.find("password") == std::string_view::npos)) {
        return message;
    }
    std::string out;
    for (std::size_t i = 0; i < message.size(); ++i) {
        const std::size_t close = message[i] == '"' ? message.find('"', i + 1) : std::string::npos;
        if (close == std::string::npos) {
            out += message[i];
            continue;
        }
        const std::string_view quoted = std::string_view(message).substr(i, close - i + 1);
        out += quoted == "\"=\"" ? quoted : "\"***\"";
        i = close;
    }
    return out;
}


bool is_postgres_url(std::string_view db) {
    if (starts_with_uri_scheme(db)) {
        return true;
    }
    // A key=value string starts with a libpq keyword and '=' (spaces allowed around it).
    static constexpr std::array<std::string_view, 41> keywords{
        "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "channel_binding", "connect_timeout",
        "client_encoding", "options", "application_name", "fallback_application_name", "keepalives",
        "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "replication",
        "gssencmode", "sslmode", "requiressl", "sslcompression", "sslcert", "sslkey", "sslpassword", "sslrootcert",
        "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version", "ssl_max_protocol_version",
        "krbsrvname", "gsslib", "gssdelegation", "service", "target_session_attrs", "load_balance_hosts",
        "require_auth", "sslcertmode"};
    std::size_t i = 0;
    while (i < db.size() && std::isspace(static_cast<unsigned char>(db[i]))) {
        ++i;
    }
    const std::size_t start = i;
    while (i < db.size() && (std::isalnum(static_cast<unsigned char>(db[i])) || db[i] == '_')) {
        ++i;
    }
    const std::string_view key = db.substr(start, i - start);
    while (i < db.size() && std::isspace(static_cast<unsigned char>(db[i]))) {
        ++i;
    }
    if (i >= db.size() || db[i] != '=') {
        return false;
    }
    for (const std::string_view keyword : keywords) {
        if (key == keyword) {
            return true;
        }
    }
    return false;
}

std::string redact_password(std::string_view conninfo) {
    std::string out(conninfo);
    const std::vector<Span> spans = password_spans(conninfo);
    for (auto span = spans.rbegin(); span != spans.rend(); ++span) {
        out.replace(span->pos, span->len, "***");
    }
    return out;
}

}  // namespace floorsync::pq

// What pages share: urlencoded form decoding, URL encoding, the pooled connections, redirects and downloads.
// (render_page and render_template live in template_renderer.cpp, the only file with the template engine.)
#include "collector/dashboard/web.hpp"

#include "sync/shared/utf8.hpp"

#include <cctype>

namespace floorsync::collector::dashboard {

namespace {

constexpr std::size_t kMaxFields = 1000;

// Each page uses a connection for a few milliseconds; a handful per table serves the central team.
constexpr std::size_t kPoolSize = 4;

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// '+' is a space, %XX a byte; the result must be UTF-8. `what` names the part for the message ("the name of field 3").
std::string decode_component(std::string_view text, const std::string& what) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            decoded.push_back(' ');
        } else if (c == '%') {
            const int high = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
            const int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
            if (high < 0 || low < 0)
                throw FormError(what + " has a '%' that is not followed by two hexadecimal digits");
            decoded.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else {
            decoded.push_back(c);
        }
    }
    if (!utf8::is_valid(decoded)) throw FormError(what + " is not valid UTF-8");
    return decoded;
}

}  // namespace

FormFields FormFields::parse(std::string_view urlencoded) {
    FormFields fields;
    std::size_t count = 0;
    while (!urlencoded.empty()) {
        const auto amp = urlencoded.find('&');
        const std::string_view pair = urlencoded.substr(0, amp);
        urlencoded.remove_prefix(amp == std::string_view::npos ? urlencoded.size() : amp + 1);
        if (pair.empty()) continue;  // "a=1&&b=2": browsers never send it, but it holds nothing
        if (++count > kMaxFields)
            throw FormError("the form has more than " + std::to_string(kMaxFields) + " fields");
        const auto equals = pair.find('=');
        const std::string where = "field " + std::to_string(count);
        std::string name = decode_component(pair.substr(0, equals), "the name of " + where);
        std::string value = equals == std::string_view::npos
                                ? std::string()
                                : decode_component(pair.substr(equals + 1), "the value of " + where + " ('" + name + "')");
        fields.add(std::move(name), std::move(value));
    }
    return fields;
}

std::string FormFields::get(const std::string& name, const std::string& fallback) const {
    const auto found = values_.find(name);
    return found == values_.end() || found->second.empty() ? fallback : found->second.front();
}

std::vector<std::string> FormFields::all(const std::string& name) const {
    const auto found = values_.find(name);
    return found == values_.end() ? std::vector<std::string>{} : found->second;
}

std::string url_encode(std::string_view value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(value.size());
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' || byte == '~';
        if (unreserved) {
            encoded.push_back(c);
        } else {
            encoded.push_back('%');
            encoded.push_back(kHex[byte >> 4]);
            encoded.push_back(kHex[byte & 0x0F]);
        }
    }
    return encoded;
}

Resources::Resources(const CollectorConfig& collector_config, Storage& backing)
    : config(collector_config),
      settings(collector_config.dashboard),
      storage(backing),
      kiosks(backing, kPoolSize, 0),
      content(backing, kPoolSize, 0),
      ambassadors(backing, kPoolSize, 0),
      questions(backing, kPoolSize, 0),
      ratings(backing, kPoolSize, 0),
      accounts(backing, kPoolSize, 1) {}  // one at once: a database without the accounts schema fails at start

HttpResponse see_other(const std::string& location) {
    HttpResponse reply{303, "text/plain; charset=utf-8", "See " + location + "\n", {}, false};
    reply.headers.emplace_back("Location", location);
    return reply;
}

HttpResponse download(std::string content_type, const std::string& filename, std::string body) {
    // The name is ours ("ratings.csv"), but keep it to safe characters so it can never break the header.
    std::string safe;
    for (const char c : filename) {
        const auto byte = static_cast<unsigned char>(c);
        safe.push_back(std::isalnum(byte) || c == '.' || c == '-' || c == '_' ? c : '_');
    }
    HttpResponse reply{200, std::move(content_type), std::move(body), {}, false};
    reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + safe + "\"");
    return reply;
}

}  // namespace floorsync::collector::dashboard

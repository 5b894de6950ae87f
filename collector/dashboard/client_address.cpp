// Reading the client's address behind trusted proxies, and the /64 grouping of IPv6 addresses.
#include "collector/dashboard/client_address.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <algorithm>
#include <optional>

namespace floorsync::collector::dashboard {

namespace {

namespace ip = boost::asio::ip;

std::string trimmed(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    const auto end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

// An IPv4-mapped IPv6 address ("::ffff:192.0.2.7", as a dual-stack socket reports IPv4 peers) is its IPv4 address.
std::optional<ip::address> parsed(const std::string& text) {
    boost::system::error_code error;
    const ip::address address = ip::make_address(text, error);
    if (error) return std::nullopt;
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return ip::address(ip::make_address_v4(ip::v4_mapped, address.to_v6()));
    return address;
}

// The throttling key of one address: IPv4 as is; IPv6 by its /64, since a single host gets a whole /64 and could
// otherwise try a fresh address for every guess.
std::string grouped(const ip::address& address) {
    if (address.is_v4()) return address.to_string();
    return ip::make_network_v6(address.to_v6(), 64).canonical().to_string();
}

}  // namespace

bool is_ip_address(const std::string& text) { return parsed(text).has_value(); }

ClientAddresses::ClientAddresses(const std::vector<std::string>& trusted_proxies) {
    for (const auto& proxy : trusted_proxies) {
        const auto address = parsed(proxy);
        if (!address) throw std::invalid_argument("'" + proxy + "' is not an IP address");
        trusted_.push_back(address->to_string());
    }
}

bool ClientAddresses::is_trusted(const std::string& canonical) const {
    return std::find(trusted_.begin(), trusted_.end(), canonical) != trusted_.end();
}

std::string ClientAddresses::throttle_address(const std::string& socket_address, const std::string& forwarded_for) const {
    const auto socket = parsed(socket_address);
    if (!socket) return socket_address;  // not an address at all (a test's stand-in): used as it is
    if (trusted_.empty() || !is_trusted(socket->to_string())) return grouped(*socket);

    // Each proxy appends the address it was reached from, so the entries are read from the right: the first one that
    // is not a trusted proxy was added by a trusted one and is the client. Anything left of it the client may have
    // typed itself.
    std::size_t end = forwarded_for.size();
    while (true) {
        const auto comma = end == 0 ? std::string::npos : forwarded_for.rfind(',', end - 1);
        const std::size_t begin = comma == std::string::npos ? 0 : comma + 1;
        const std::string entry = trimmed(forwarded_for.substr(begin, end - begin));
        if (!entry.empty()) {
            const auto address = parsed(entry);
            if (!address) return grouped(*socket);  // a header this proxy did not write as expected: not trusted
            if (!is_trusted(address->to_string())) return grouped(*address);
        }
        if (comma == std::string::npos) break;
        end = comma;
    }
    return grouped(*socket);
}

}  // namespace floorsync::collector::dashboard

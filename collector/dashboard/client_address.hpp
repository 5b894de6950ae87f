// The address a sign-in is throttled under: the socket's peer, or behind a trusted reverse proxy the client named in
// X-Forwarded-For; IPv6 clients grouped by their /64 network (one host usually holds a whole /64).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace floorsync::collector::dashboard {

// True for an IPv4 or IPv6 address in text form ("192.0.2.7", "2001:db8::1"); no port, brackets or network.
bool is_ip_address(const std::string& text);

class ClientAddresses {
public:
    // Throws std::invalid_argument naming the first entry that is not an IP address.
    explicit ClientAddresses(const std::vector<std::string>& trusted_proxies);

    // The throttling address of a request that came from `socket_address` with the X-Forwarded-For value
    // `forwarded_for` (every such header joined by commas). Only when the socket's address is a trusted proxy is the
    // header read: its last entry that is not itself a trusted proxy is the client. A header that is empty, names
    // only trusted proxies, or holds an entry that is not an IP address gives the socket's address. IPv4 (also
    // IPv4-mapped IPv6) comes back as is, in canonical form; IPv6 as its /64 network ("2001:db8:1:2::/64").
    std::string throttle_address(const std::string& socket_address, const std::string& forwarded_for) const;

private:
    std::vector<std::string> trusted_;  // canonical text of each trusted proxy
    bool is_trusted(const std::string& canonical) const;
};

}  // namespace floorsync::collector::dashboard

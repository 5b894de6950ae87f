// A request and a reply as the collector's endpoints see them: plain data, no HTTP library types.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace floorsync::collector {

struct HttpRequest {
    std::string method;         // "GET", "POST", ...
    std::string path;           // "/api/v1/events", without the query
    std::string query;          // "since=12" (undecoded), empty when none
    std::string authorization;  // the Authorization header, empty when none
    std::string if_none_match;  // the If-None-Match header (entity tags of a cached reply), empty when none
    std::string remote_address; // the client's address as the socket sees it
    std::string cookie;         // the Cookie header, empty when none
    std::string content_type;   // the Content-Type header, empty when none
    std::string origin;         // the Origin header, empty when none
    std::string csrf_header;    // the X-CSRF-Token header (script requests), empty when none
    std::string forwarded_for;  // every X-Forwarded-For header, joined by ", " in order; empty when none
    bool over_tls = false;      // served over HTTPS by the collector itself
    std::string body;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";  // not sent with a 304 (which has no body)
    std::string body;                                // must be empty for a 304
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Retry-After, WWW-Authenticate...)
    bool close = false;  // close the connection after this reply
};

}  // namespace floorsync::collector

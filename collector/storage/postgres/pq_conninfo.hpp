// Internal to the libpq wrapper: recognising URIs and scrubbing passwords out of libpq's messages.
#pragma once

#include <string>
#include <string_view>

namespace floorsync::pq {

// "postgresql://..." or "postgres://...".
bool starts_with_uri_scheme(std::string_view text);

// `message` with every password of `conninfo` replaced by ***. With parse_error (libpq could not parse the string)
// and a password in it, every quoted fragment goes too, since the password could have been split.
std::string without_passwords(std::string message, std::string_view conninfo, bool parse_error = false);

}  // namespace floorsync::pq

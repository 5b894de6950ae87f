// Default data locations following the XDG Base Directory specification.
#include "sync/paths.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace floorsync {
namespace {

// The XDG spec says relative paths in these variables are invalid and must be ignored.
bool usable(const char* value) { return value != nullptr && value[0] == '/'; }

std::string without_trailing_slash(std::string path) {
    while (path.size() > 1 && path.back() == '/') {
        path.pop_back();
    }
    return path;
}

}  // namespace

std::string default_data_dir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); usable(xdg)) {
        return without_trailing_slash(xdg) + "/floor-feedback";
    }
    if (const char* home = std::getenv("HOME"); usable(home)) {
        return without_trailing_slash(home) + "/.local/share/floor-feedback";
    }
    throw std::runtime_error(
        "cannot choose a data directory: neither XDG_DATA_HOME nor HOME is set to an absolute path; "
        "set the database path in the configuration");
}

std::string default_database_path() { return default_data_dir() + "/kiosk.db"; }

}  // namespace floorsync

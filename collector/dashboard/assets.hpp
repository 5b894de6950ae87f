// The dashboard's own files (templates, style sheet, script), embedded in the program from collector/dashboard/assets/.
#pragma once

#include <optional>
#include <string_view>

namespace floorsync::collector::dashboard {

// The bytes of the file with this name ("overview.mustache", "dashboard.css"); nullopt when there is none.
std::optional<std::string_view> asset(std::string_view name);

}  // namespace floorsync::collector::dashboard

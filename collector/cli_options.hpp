// The options of a kiosk-collector subcommand as the program parsed them, and the checks every subcommand applies.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace floorsync::collector {

using OptionValues = std::map<std::string, std::vector<std::string>>;

// The option's one value ("" when absent); UsageError when it was given more than once.
template <class UsageError>
std::string one_option(const OptionValues& options, const std::string& name) {
    const auto found = options.find(name);
    if (found == options.end()) return {};
    if (found->second.size() > 1) throw UsageError("--" + name + " given more than once");
    return found->second.front();
}

// The option's one value; UsageError when it is absent or empty.
template <class UsageError>
std::string required_option(const OptionValues& options, const std::string& name) {
    std::string value = one_option<UsageError>(options, name);
    if (value.empty()) throw UsageError("missing --" + name);
    return value;
}

// UsageError for an option that is neither `allowed` for `command` nor `ignored` (the program's own, like --db).
template <class UsageError>
void allow_only_options(const OptionValues& options, const std::vector<std::string>& allowed,
                        const std::vector<std::string>& ignored, const std::string& command) {
    for (const auto& [name, values] : options) {
        if (std::find(ignored.begin(), ignored.end(), name) != ignored.end()) continue;
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
            throw UsageError("option --" + name + " does not apply to '" + command + "'");
    }
}

}  // namespace floorsync::collector

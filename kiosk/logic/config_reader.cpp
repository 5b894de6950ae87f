// Helpers of the config reader: type names, lists, and "did you mean" suggestions for misspelt keys.
#include "kiosk/logic/config_reader.hpp"

namespace kiosk::config_detail {

const char* type_name(toml::node_type type) {
    switch (type) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean (true or false)";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::none: break;
    }
    return "nothing";
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

namespace {

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::optional<std::string_view> closest(std::string_view key, std::initializer_list<std::string_view> known) {
    std::optional<std::string_view> best;
    std::size_t best_distance = 4;  // more different than this is not a typo
    for (auto candidate : known) {
        const std::size_t distance = edit_distance(key, candidate);
        const bool is_prefix = candidate.size() > key.size() && key.size() >= 4 && candidate.starts_with(key);
        if (distance < best_distance || (is_prefix && !best)) {
            best = candidate;
            best_distance = std::min(distance, best_distance);
        }
    }
    return best;
}

}  // namespace kiosk::config_detail

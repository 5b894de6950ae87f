// Internal to config.cpp: typed reading of one TOML table; every problem is a ConfigError with file, line, key.
#pragma once

#include "kiosk/logic/config.hpp"
#include "sync/shared/utf8.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::config_detail {

// "a string", "an integer", ... for "expected X, got Y" messages.
const char* type_name(toml::node_type type);
std::string joined(const std::vector<std::string>& items);
// The known key a misspelt key most likely meant, if any is close enough.
std::optional<std::string_view> closest(std::string_view key, std::initializer_list<std::string_view> known);

// Reads one table of the config; every problem becomes a ConfigError naming the file, line and key.
class TableReader {
public:
    TableReader(const std::string& file, const toml::table& table, std::string path, int line)
        : file_(file), table_(table), path_(std::move(path)), line_(line) {}

    [[noreturn]] void fail(const toml::node* node, std::string_view key, std::string_view problem) const {
        const int line = node ? static_cast<int>(node->source().begin.line) : line_;
        throw ConfigError(file_, line, std::string(key), std::string(problem));
    }

    std::string full(std::string_view key) const { return path_.empty() ? std::string(key) : path_ + "." + std::string(key); }

    const toml::node* find(std::string_view key) const { return table_.get(key); }

    const toml::node* require(std::string_view key) {
        const toml::node* node = find(key);
        if (!node) {
            const std::string where = path_.empty() ? "the top level of the file" : "table [" + path_ + "]";
            fail(nullptr, full(key), "required key is missing (add it to " + where + ")");
        }
        return node;
    }

    template <class T>
    const auto& expect(const toml::node* node, std::string_view key, const char* expected) const {
        const auto* value = node->as<T>();
        if (!value) fail(node, full(key), std::string("expected ") + expected + ", got " + type_name(node->type()));
        return *value;
    }

    std::optional<std::string> string(std::string_view key, bool required = false, std::size_t max_chars = 1000) {
        const toml::node* node = required ? require(key) : find(key);
        if (!node) return std::nullopt;
        std::string text = expect<std::string>(node, key, "a string").get();
        if (!floorsync::utf8::is_valid(text)) fail(node, full(key), "is not valid UTF-8");
        if (floorsync::utf8::count_codepoints(text) > max_chars)
            fail(node, full(key), "is too long (at most " + std::to_string(max_chars) + " characters)");
        return text;
    }

    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max) {
        const toml::node* node = find(key);
        if (!node) return std::nullopt;
        const std::int64_t value = expect<std::int64_t>(node, key, "an integer").get();
        if (value < min || value > max)
            fail(node, full(key), std::to_string(value) + " is out of range (" + std::to_string(min) + " to " +
                                      std::to_string(max) + ")");
        return value;
    }

    std::optional<bool> boolean(std::string_view key) {
        const toml::node* node = find(key);
        if (!node) return std::nullopt;
        return expect<bool>(node, key, "a boolean (true or false)").get();
    }

    std::optional<std::vector<std::string>> string_list(std::string_view key, std::size_t max_chars) {
        const toml::node* node = find(key);
        if (!node) return std::nullopt;
        const auto* array = node->as_array();
        if (!array) fail(node, full(key), std::string("expected an array of strings, got ") + type_name(node->type()));
        std::vector<std::string> items;
        for (std::size_t i = 0; i < array->size(); ++i) {
            const toml::node& item = *array->get(i);
            const std::string item_key = full(key) + "[" + std::to_string(i) + "]";
            const auto* text = item.as_string();
            if (!text) fail(&item, item_key, std::string("expected a string, got ") + type_name(item.type()));
            if (!floorsync::utf8::is_valid(text->get())) fail(&item, item_key, "is not valid UTF-8");
            if (text->get().empty()) fail(&item, item_key, "must not be empty");
            if (floorsync::utf8::count_codepoints(text->get()) > max_chars)
                fail(&item, item_key, "is too long (at most " + std::to_string(max_chars) + " characters)");
            if (std::find(items.begin(), items.end(), text->get()) != items.end())
                fail(&item, item_key, "'" + text->get() + "' is listed twice");
            items.push_back(text->get());
        }
        return items;
    }

    // A sub-table, or nullptr when absent.
    const toml::table* table(std::string_view key) {
        const toml::node* node = find(key);
        if (!node) return nullptr;
        expect<toml::table>(node, key, "a table");
        return node->as_table();
    }

    // A table of per-language texts; every configured language must have one.
    LocalizedText localized(const toml::table& texts, const std::string& path, const std::vector<std::string>& languages,
                            const std::vector<std::string>& supported, std::size_t max_chars) {
        TableReader reader(file_, texts, path, static_cast<int>(texts.source().begin.line));
        LocalizedText result;
        for (const auto& [key, node] : texts) {
            const std::string code(key.str());
            if (std::find(supported.begin(), supported.end(), code) == supported.end())
                fail(&node, reader.full(code), "unknown language (string tables exist for: " + joined(supported) + ")");
            auto text = reader.string(code, false, max_chars);
            if (text->empty()) fail(&node, reader.full(code), "must not be empty");
            result[code] = *text;
        }
        for (const auto& code : languages)
            if (!result.count(code))
                reader.fail(nullptr, reader.full(code), "missing text for configured language '" + code + "'");
        return result;
    }

    // Checked before any value, so a misspelt key is reported as such and not as the missing key it hides.
    // Reports the first unknown key in file order, with a suggestion when it looks like a known one.
    void reject_unknown_keys(std::initializer_list<std::string_view> allowed) const {
        const toml::node* first = nullptr;
        std::string first_key;
        for (const auto& [key, node] : table_) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
            if (!first || node.source().begin.line < first->source().begin.line) {
                first = &node;
                first_key = std::string(key.str());
            }
        }
        if (!first) return;
        std::string problem = "unknown key";
        if (auto guess = closest(first_key, allowed)) problem += " (did you mean '" + std::string(*guess) + "'?)";
        else problem += " (see docs/configuration.md for the keys of this table)";
        fail(first, full(first_key), problem);
    }

private:
    const std::string& file_;
    const toml::table& table_;
    std::string path_;
    int line_;
};

}  // namespace kiosk::config_detail

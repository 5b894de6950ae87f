// Content items (the why, news, milestones, training, "you said, we did"): their rules, JSON form and lookups.
#include "sync/shared/content_item.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/text_rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>

namespace floorsync::content {

namespace {

using nlohmann::json;

constexpr text_rules::Rule title_rule{item_limits::title_max_chars, false};
constexpr text_rules::Rule body_rule{item_limits::body_max_chars, true};
constexpr text_rules::Rule detail_rule{item_limits::detail_max_chars, true};
constexpr text_rules::Rule place_rule{item_limits::place_max_chars, false};

[[noreturn]] void invalid(const std::string& field, const std::string& why) { throw ContentError{field, why}; }

std::string describe(const std::string& field, const std::string& why) {
    if (why == "missing") return "missing field '" + field + "'";
    return "invalid field '" + field + "': " + why;
}

// A value that came from outside, cut to a length that fits in a message.
std::string shown_value(std::string_view text) {
    constexpr std::size_t shown = 40;
    return "'" + std::string(text.substr(0, shown)) + (text.size() > shown ? "...'" : "'");
}

bool is_lower_uuid(std::string_view text) {
    return is_uuid(text) && std::none_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool has_body_and_detail(Kind kind) { return kind == Kind::why || kind == Kind::you_said_we_did; }

// ---- validate ----

void check_text(const std::string& field, const std::string& text, const text_rules::Rule& rule) {
    if (const auto why = text_rules::violation(text, rule)) invalid(field, *why);
}

std::optional<SystemTime> check_time(const std::string& field, const std::string& text) {
    if (text.empty()) return std::nullopt;
    const auto time = parse_rfc3339(text);
    if (!time) invalid(field, "is not an RFC 3339 time such as 2026-11-29T08:00:00Z");
    return time;
}

void check_audience(const Item& item) {
    if (item.audience.size() > item_limits::audience_max)
        invalid("audience", "at most " + std::to_string(item_limits::audience_max) + " departments");
    for (std::size_t i = 0; i < item.audience.size(); ++i)
        check_text("audience[" + std::to_string(i) + "]", item.audience[i], text_rules::department);
    if (std::adjacent_find(item.audience.begin(), item.audience.end(), std::greater_equal<>()) != item.audience.end())
        invalid("audience", "must be sorted, without repeats");
}

void check_translations(const Item& item) {
    if (item.translations.empty()) invalid("translations", "needs at least one language");
    if (item.translations.size() > item_limits::translations_max)
        invalid("translations", "at most " + std::to_string(item_limits::translations_max) + " languages");
    for (const auto& [language, texts] : item.translations) {
        if (!text_rules::is_language_tag(language))
            invalid("translations", shown_value(language) + " is not a language tag (2..16 characters of A-Z a-z 0-9 -)");
        const std::string prefix = "translations." + language + ".";
        check_text(prefix + "title", texts.title, title_rule);
        if (texts.body.empty()) {
            if (has_body_and_detail(item.kind))
                invalid(prefix + "body", std::string("is required for a ") + to_string(item.kind) + " item");
        } else {
            check_text(prefix + "body", texts.body, body_rule);
        }
        if (!texts.detail.empty()) {
            if (!has_body_and_detail(item.kind))
                invalid(prefix + "detail", "is only for why and you_said_we_did items");
            check_text(prefix + "detail", texts.detail, detail_rule);
        }
    }
    if (item.default_language.empty()) invalid("default_language", "missing");
    if (!text_rules::is_language_tag(item.default_language))
        invalid("default_language", "expected a language tag such as nl or en-GB");
    if (item.translations.count(item.default_language) == 0)
        invalid("default_language", shown_value(item.default_language) + " has no translation");
}

void check_schedule(const Item& item) {
    const auto shown_from = check_time("shown_from", item.shown_from);
    const auto shown_until = check_time("shown_until", item.shown_until);
    if (shown_from && shown_until && !(*shown_from < *shown_until)) invalid("shown_until", "must be after shown_from");

    const bool dated = item.kind == Kind::milestone || item.kind == Kind::training;
    if (item.at.empty()) {
        if (dated) invalid("at", std::string("is required for a ") + to_string(item.kind) + " item");
    } else if (!dated) {
        invalid("at", "is only for milestone and training items");
    }
    const auto at = check_time("at", item.at);

    const bool training = item.kind == Kind::training;
    if (item.until.empty()) {
        if (training) invalid("until", "is required for a training item");
    } else if (!training) {
        invalid("until", "is only for training items");
    }
    const auto until = check_time("until", item.until);
    if (at && until && !(*at < *until)) invalid("until", "must be after at");
}

void check_kind_fields(const Item& item) {
    if (item.go_live && item.kind != Kind::milestone) invalid("go_live", "is only for milestone items");
    const bool training = item.kind == Kind::training;
    if (item.place.empty()) {
        if (training) invalid("place", "is required for a training item");
    } else {
        if (!training) invalid("place", "is only for training items");
        check_text("place", item.place, place_rule);
    }
    if (item.seats != 0 && !training) invalid("seats", "is only for training items");
    if (item.seats < 0 || item.seats > item_limits::seats_max)
        invalid("seats", "must be 0..100000 (0: no limit), got " + std::to_string(item.seats));
}

// ---- decode ----

json parse_object(std::string_view text) {
    json value;
    try {
        value = json::parse(text.begin(), text.end());
    } catch (const json::parse_error&) {
        invalid("item", "is not valid JSON");
    }
    if (!value.is_object()) invalid("item", "expected a JSON object");
    return value;
}

const json* optional_member(const json& object, const char* key) {
    const auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
}

std::string text_of(const json& value, const std::string& field) {
    if (!value.is_string()) invalid(field, std::string("expected a string, got ") + value.type_name());
    return value.get<std::string>();
}

std::string optional_text(const json& object, const char* key, const std::string& field) {
    const json* value = optional_member(object, key);
    return value == nullptr ? std::string() : text_of(*value, field);
}

Translation translation_from(const json& value, const std::string& prefix) {
    if (!value.is_object()) invalid(prefix.substr(0, prefix.size() - 1), "expected an object with title, body, detail");
    Translation texts;
    const json* title = optional_member(value, "title");
    if (title == nullptr) invalid(prefix + "title", "missing");
    texts.title = text_of(*title, prefix + "title");
    texts.body = optional_text(value, "body", prefix + "body");
    texts.detail = optional_text(value, "detail", prefix + "detail");
    return texts;
}

}  // namespace

const char* to_string(Kind kind) {
    switch (kind) {
        case Kind::announcement: return "announcement";
        case Kind::why: return "why";
        case Kind::milestone: return "milestone";
        case Kind::training: return "training";
        case Kind::you_said_we_did: return "you_said_we_did";
    }
    return "announcement";
}

std::optional<Kind> kind_named(std::string_view name) {
    for (const Kind kind : {Kind::announcement, Kind::why, Kind::milestone, Kind::training, Kind::you_said_we_did}) {
        if (name == to_string(kind)) return kind;
    }
    return std::nullopt;
}

ContentError::ContentError(std::string field_name, std::string reason)
    : std::runtime_error(describe(field_name, reason)), field(std::move(field_name)), why(std::move(reason)) {}

void validate(const Item& item) {
    check_audience(item);
    check_translations(item);
    check_schedule(item);
    check_kind_fields(item);
}

std::string encode(const Item& item) {
    validate(item);
    json translations = json::object();
    for (const auto& [language, texts] : item.translations) {
        json object{{"title", texts.title}};
        if (!texts.body.empty()) object["body"] = texts.body;
        if (!texts.detail.empty()) object["detail"] = texts.detail;
        translations[language] = std::move(object);
    }
    json object{{"id", item.id},
                {"kind", to_string(item.kind)},
                {"default_language", item.default_language},
                {"translations", std::move(translations)},
                {"revision", item.revision}};
    if (!item.audience.empty()) object["audience"] = item.audience;
    const std::pair<const char*, const std::string*> optional_texts[] = {
        {"shown_from", &item.shown_from}, {"shown_until", &item.shown_until}, {"at", &item.at},
        {"until", &item.until},           {"place", &item.place},             {"updated_at", &item.updated_at},
    };
    for (const auto& [key, text] : optional_texts) {
        if (!text->empty()) object[key] = *text;
    }
    if (item.go_live) object["go_live"] = true;
    if (item.seats != 0) object["seats"] = item.seats;
    try {
        return object.dump();  // std::map keys: sorted, compact
    } catch (const json::type_error&) {
        invalid("item", "is not valid UTF-8");  // validate() refuses that first, except in the id and updated_at
    }
}

Item decode(std::string_view text) {
    const json object = parse_object(text);
    Item item;

    const json* id = optional_member(object, "id");
    if (id == nullptr) invalid("id", "missing");
    item.id = text_of(*id, "id");
    if (!is_lower_uuid(item.id)) invalid("id", "expected a lower-case UUID");

    const json* kind = optional_member(object, "kind");
    if (kind == nullptr) invalid("kind", "missing");
    const std::string kind_name = text_of(*kind, "kind");
    const auto known = kind_named(kind_name);
    if (!known) throw UnknownKind("kind", "unknown kind " + shown_value(kind_name));
    item.kind = *known;

    if (const json* audience = optional_member(object, "audience")) {
        if (!audience->is_array()) invalid("audience", "expected an array of department names");
        for (std::size_t i = 0; i < audience->size(); ++i)
            item.audience.push_back(text_of((*audience)[i], "audience[" + std::to_string(i) + "]"));
    }
    item.default_language = optional_text(object, "default_language", "default_language");
    const json* translations = optional_member(object, "translations");
    if (translations == nullptr) invalid("translations", "missing");
    if (!translations->is_object()) invalid("translations", "expected an object of language tag -> texts");
    for (const auto& [language, texts] : translations->items()) {
        if (!text_rules::is_language_tag(language))
            invalid("translations", shown_value(language) + " is not a language tag (2..16 characters of A-Z a-z 0-9 -)");
        item.translations.emplace(language, translation_from(texts, "translations." + language + "."));
    }

    item.shown_from = optional_text(object, "shown_from", "shown_from");
    item.shown_until = optional_text(object, "shown_until", "shown_until");
    item.at = optional_text(object, "at", "at");
    item.until = optional_text(object, "until", "until");
    item.place = optional_text(object, "place", "place");
    item.updated_at = optional_text(object, "updated_at", "updated_at");
    if (const json* go_live = optional_member(object, "go_live")) {
        if (!go_live->is_boolean()) invalid("go_live", "expected true or false");
        item.go_live = go_live->get<bool>();
    }
    if (const json* seats = optional_member(object, "seats")) {
        if (!seats->is_number_integer()) invalid("seats", "expected an integer 0..100000");
        const auto value = seats->get<std::int64_t>();
        if (value < 0 || value > item_limits::seats_max)
            invalid("seats", "must be 0..100000 (0: no limit), got " + std::to_string(value));
        item.seats = static_cast<int>(value);
    }
    if (const json* revision = optional_member(object, "revision")) {
        if (!revision->is_number_integer() || revision->get<std::int64_t>() < 0)
            invalid("revision", "expected a non-negative integer");
        item.revision = revision->get<std::int64_t>();
    }
    validate(item);
    return item;
}

const Translation& translation_for(const Item& item, std::string_view language) {
    if (const auto found = item.translations.find(std::string(language)); found != item.translations.end())
        return found->second;
    if (const auto fallback = item.translations.find(item.default_language); fallback != item.translations.end())
        return fallback->second;
    invalid("default_language", shown_value(item.default_language) + " has no translation");
}

bool is_for(const Item& item, const std::vector<std::string>& departments) {
    if (item.audience.empty()) return true;
    return std::any_of(departments.begin(), departments.end(), [&](const std::string& department) {
        return std::find(item.audience.begin(), item.audience.end(), department) != item.audience.end();
    });
}

}  // namespace floorsync::content

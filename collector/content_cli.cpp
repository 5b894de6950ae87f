// `kiosk-collector content ...`: options and the item file (TOML) become ContentChanges for ContentService; listings.
#include "collector/content_cli.hpp"

#include "collector/content_service.hpp"
#include "collector/local_time.hpp"
#include "collector/storage/storage.hpp"
#include "sync/shared/content_item.hpp"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace floorsync::collector {

using content::ContentError;
using content::Kind;

namespace {

const std::vector<std::string> kItemOptions{"kind",  "audience", "lang",    "default-language", "title", "body",
                                            "detail", "for-you", "we-did",  "starts",           "ends",  "at",
                                            "until", "place",    "seats",   "file"};
const std::vector<std::string> kItemFlags{"go-live", "no-go-live"};
constexpr const char* kKinds = "announcement, why, milestone, training, you_said_we_did";

// ---- Reading the command line ----

std::string one(const OptionValues& options, const std::string& name) {
    return one_option<ContentUsageError>(options, name);
}
void allow_only(const OptionValues& options, const std::vector<std::string>& allowed,
                const std::vector<std::string>& ignored, const std::string& command) {
    allow_only_options<ContentUsageError>(options, allowed, ignored, command);
}

bool has(const OptionValues& options, const std::string& name) { return options.count(name) != 0; }

Kind kind_option(const std::string& where, const std::string& text) {
    const auto kind = content::kind_named(text);
    if (!kind) throw ContentUsageError(where + ": unknown kind '" + text + "' (use one of: " + kKinds + ")");
    return *kind;
}

std::string time_option(const std::string& where, const std::string& text) {
    try {
        return parse_time_argument(text);
    } catch (const TimeFormatError& error) {
        throw ContentUsageError(where + ": " + error.what());
    }
}

std::string trim(std::string text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    const auto end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

// "all", or department names separated by commas (the option may be repeated).
std::vector<std::string> audience_option(const std::vector<std::string>& values) {
    std::vector<std::string> departments;
    bool everyone = false;
    for (const auto& value : values) {
        std::size_t start = 0;
        while (true) {
            const auto comma = value.find(',', start);
            const std::string name = trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (name.empty())
                throw ContentUsageError("--audience: '" + value + "' has an empty department name (use all, or DEPT[,DEPT...])");
            if (name == "all") {
                everyone = true;
            } else {
                departments.push_back(name);
            }
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    if (everyone && !departments.empty())
        throw ContentUsageError("--audience: 'all' cannot be combined with department names");
    return departments;
}

int seats_option(const std::string& where, const std::string& text) {
    int seats = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seats);
    if (error != std::errc() || end != text.data() + text.size() || seats < 0)
        throw ContentUsageError(where + ": expected a whole number of seats (0: no limit), got '" + text + "'");
    return seats;
}

// ---- Reading the item file ----

std::string where(const std::string& path, const toml::node& node, const std::string& key) {
    return path + ":" + std::to_string(node.source().begin.line) + ": key '" + key + "'";
}

std::string file_text(const std::string& path, const toml::node& node, const std::string& key) {
    const auto value = node.value<std::string>();
    if (!node.is_string() || !value) throw ContentUsageError(where(path, node, key) + ": expected a string");
    return *value;
}

// A body or detail written as a multi-line string: CRLF line ends become LF, and the line break before the
// closing """ (and trailing blanks) is not part of the text.
std::string file_paragraphs(const std::string& path, const toml::node& node, const std::string& key) {
    std::string text = file_text(path, node, key);
    std::string normalised;
    normalised.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        normalised += text[i];
    }
    while (!normalised.empty() && (normalised.back() == '\n' || normalised.back() == ' ' || normalised.back() == '\t'))
        normalised.pop_back();
    return normalised;
}

std::string two(int value) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d", value);
    return buffer;
}

std::string date_text(const toml::date& date) {
    return std::to_string(date.year) + "-" + two(date.month) + "-" + two(date.day);
}

// A time as a string in any accepted form, or as a TOML date or date-time (a local one is in the local time zone).
std::string file_time(const std::string& path, const toml::node& node, const std::string& key) {
    std::string text;
    if (node.is_string()) {
        text = *node.value<std::string>();
    } else if (node.is_date()) {
        text = date_text(*node.value<toml::date>());
    } else if (node.is_date_time()) {
        const auto value = *node.value<toml::date_time>();
        text = date_text(value.date) + "T" + two(value.time.hour) + ":" + two(value.time.minute) + ":" +
               two(value.time.second);
        if (value.offset) {
            const int minutes = value.offset->minutes;
            const int magnitude = minutes < 0 ? -minutes : minutes;
            text += std::string(minutes < 0 ? "-" : "+") + two(magnitude / 60) + ":" + two(magnitude % 60);
        }
    } else {
        throw ContentUsageError(where(path, node, key) + ": expected a date and time (" + kTimeForms + ")");
    }
    try {
        return parse_time_argument(text);
    } catch (const TimeFormatError& error) {
        throw ContentUsageError(where(path, node, key) + ": " + error.what());
    }
}

void read_translations(const std::string& path, const toml::node& node, ContentChanges& changes) {
    if (!node.is_table())
        throw ContentUsageError(where(path, node, "translations") + ": expected tables [translations.LANG]");
    for (const auto& [language_key, texts_node] : *node.as_table()) {
        const std::string language(language_key.str());
        const std::string prefix = "translations." + language;
        if (!texts_node.is_table())
            throw ContentUsageError(where(path, texts_node, prefix) + ": expected a table [" + prefix + "]");
        TranslationChanges& texts = changes.translations[language];
        for (const auto& [name, text_node] : *texts_node.as_table()) {
            const std::string key = prefix + "." + std::string(name.str());
            if (name == "title") {
                texts.title = file_text(path, text_node, key);
            } else if (name == "body") {
                texts.body = file_paragraphs(path, text_node, key);
            } else if (name == "detail") {
                texts.detail = file_paragraphs(path, text_node, key);
            } else {
                throw ContentUsageError(where(path, text_node, key) + ": unknown key (title, body, detail)");
            }
        }
    }
}

std::vector<std::string> file_audience(const std::string& path, const toml::node& node) {
    if (node.is_string()) {
        if (*node.value<std::string>() == "all") return {};
        throw ContentUsageError(where(path, node, "audience") + ": expected \"all\" or an array of department names");
    }
    if (!node.is_array())
        throw ContentUsageError(where(path, node, "audience") + ": expected \"all\" or an array of department names");
    std::vector<std::string> departments;
    for (const auto& element : *node.as_array()) departments.push_back(file_text(path, element, "audience"));
    if (departments.empty())
        throw ContentUsageError(where(path, node, "audience") + ": an empty array; for everyone write audience = \"all\"");
    return departments;
}

ContentChanges read_item_file(const std::string& path) {
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& error) {
        const auto& begin = error.source().begin;
        if (begin.line == 0) throw ContentUsageError(path + ": " + std::string(error.description()));
        throw ContentUsageError(path + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) + ": " +
                                std::string(error.description()));
    }
    ContentChanges changes;
    for (const auto& [name, node] : root) {
        const std::string key(name.str());
        if (key == "kind") {
            changes.kind = kind_option(where(path, node, key), file_text(path, node, key));
        } else if (key == "audience") {
            changes.audience = file_audience(path, node);
        } else if (key == "default_language") {
            changes.default_language = file_text(path, node, key);
        } else if (key == "shown_from") {
            changes.shown_from = file_time(path, node, key);
        } else if (key == "shown_until") {
            changes.shown_until = file_time(path, node, key);
        } else if (key == "at") {
            changes.at = file_time(path, node, key);
        } else if (key == "until") {
            changes.until = file_time(path, node, key);
        } else if (key == "place") {
            changes.place = file_text(path, node, key);
        } else if (key == "seats") {
            if (!node.is_integer()) throw ContentUsageError(where(path, node, key) + ": expected an integer");
            const std::int64_t seats = *node.value<std::int64_t>();
            if (seats < 0 || seats > content::item_limits::seats_max)
                throw ContentUsageError(where(path, node, key) + ": " + std::to_string(seats) + " is outside 0.." +
                                        std::to_string(content::item_limits::seats_max));
            changes.seats = static_cast<int>(seats);
        } else if (key == "go_live") {
            if (!node.is_boolean()) throw ContentUsageError(where(path, node, key) + ": expected true or false");
            changes.go_live = *node.value<bool>();
        } else if (key == "translations") {
            read_translations(path, node, changes);
        } else {
            throw ContentUsageError(where(path, node, key) +
                                    ": unknown key (kind, audience, default_language, shown_from, shown_until, at, "
                                    "until, place, seats, go_live, [translations.LANG])");
        }
    }
    return changes;
}

// ---- Options over the file ----

// The options of add and edit on top of the item file. `stored_kind` is the edited item's kind (nullopt for add);
// `default_language` is where texts go without --lang on edit.
ContentChanges read_changes(const OptionValues& options, std::optional<Kind> stored_kind, bool adding,
                            const std::string& stored_default_language) {
    ContentChanges changes;
    if (has(options, "file")) changes = read_item_file(one(options, "file"));
    if (has(options, "kind")) changes.kind = kind_option("--kind", one(options, "kind"));
    if (has(options, "audience")) changes.audience = audience_option(options.at("audience"));
    if (has(options, "default-language")) changes.default_language = one(options, "default-language");

    const Kind kind = stored_kind.value_or(changes.kind.value_or(Kind::announcement));
    const bool kind_known = stored_kind || changes.kind;
    std::optional<std::string> detail;
    for (const auto& [option, needed] : {std::pair<const char*, Kind>{"for-you", Kind::why},
                                         std::pair<const char*, Kind>{"we-did", Kind::you_said_we_did}}) {
        if (!has(options, option)) continue;
        if (kind_known && kind != needed)
            throw ContentUsageError(std::string("--") + option + " is the detail of a '" + content::to_string(needed) +
                                    "' item; this one is '" + content::to_string(kind) + "' (use --detail)");
        if (detail || has(options, "detail"))
            throw ContentUsageError(std::string("--") + option + " and --detail set the same text; give one of them");
        detail = one(options, option);
    }
    if (has(options, "detail")) detail = one(options, "detail");

    TranslationChanges texts;
    if (has(options, "title")) texts.title = one(options, "title");
    if (has(options, "body")) texts.body = one(options, "body");
    texts.detail = detail;
    std::string language = one(options, "lang");
    if (language.empty() && !texts.empty()) {
        if (adding) throw ContentUsageError("--title, --body and --detail need --lang LANG (the language they are in)");
        language = stored_default_language;
    }
    if (!language.empty()) {
        TranslationChanges& target = changes.translations[language];
        if (texts.title) target.title = texts.title;
        if (texts.body) target.body = texts.body;
        if (texts.detail) target.detail = texts.detail;
        // The first --lang of a new item is its default language, unless one is given.
        if (adding && !changes.default_language) changes.default_language = language;
    }

    const std::string starts = one(options, "starts");
    if (has(options, "starts")) changes.shown_from = starts == "now" ? "" : time_option("--starts", starts);
    const std::string ends = one(options, "ends");
    if (has(options, "ends")) changes.shown_until = ends == "never" ? "" : time_option("--ends", ends);
    if (has(options, "at")) changes.at = time_option("--at", one(options, "at"));
    if (has(options, "until")) changes.until = time_option("--until", one(options, "until"));
    if (has(options, "place")) changes.place = one(options, "place");
    if (has(options, "seats")) changes.seats = seats_option("--seats", one(options, "seats"));
    if (has(options, "go-live") && has(options, "no-go-live"))
        throw ContentUsageError("--go-live and --no-go-live contradict each other");
    if (has(options, "go-live")) changes.go_live = true;
    if (has(options, "no-go-live")) changes.go_live = false;
    return changes;
}

// ---- Refusals ----

// The command-line option that sets a field named as in the item file ("translations.nl.title" -> --title).
std::string option_for(const std::string& field) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto dot = field.find('.', start);
        parts.push_back(field.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    std::string name = parts.front();
    if (name == "translations") name = parts.size() >= 3 ? parts[2] : "lang";
    name = name.substr(0, name.find('['));
    static const std::map<std::string, std::string> options{
        {"kind", "--kind"},     {"audience", "--audience"}, {"default_language", "--default-language"},
        {"lang", "--lang"},     {"title", "--title"},       {"body", "--body"},
        {"detail", "--detail"}, {"shown_from", "--starts"}, {"shown_until", "--ends"},
        {"at", "--at"},         {"until", "--until"},       {"place", "--place"},
        {"seats", "--seats"},   {"go_live", "--go-live"}};
    const auto found = options.find(name);
    return found == options.end() ? std::string() : found->second;
}

int refused(const ContentError& error) {
    const std::string option = option_for(error.field);
    std::fprintf(stderr, "kiosk-collector: content refused: %s%s: %s\n", error.field.c_str(),
                 option.empty() ? "" : (" (" + option + ")").c_str(), error.why.c_str());
    return 1;
}

// ---- Output ----

std::size_t code_points(const std::string& text) {
    std::size_t count = 0;
    for (const unsigned char c : text) count += (c & 0xC0) != 0x80;
    return count;
}

// At most `limit` code points, with "…" in place of what was cut.
std::string shorten(const std::string& text, std::size_t limit) {
    if (code_points(text) <= limit) return text;
    std::size_t kept = 0;
    std::size_t end = 0;
    while (end < text.size()) {
        if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) {
            if (kept == limit - 1) break;
            ++kept;
        }
        ++end;
    }
    return text.substr(0, end) + "\u2026";
}

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
    return text;
}

std::string local(const std::string& rfc3339) {
    const auto time = parse_rfc3339(rfc3339);
    return time ? format_local_minutes(*time) : rfc3339;
}

std::string when_shown(const content::Item& item) {
    if (item.shown_from.empty() && item.shown_until.empty()) return "always";
    if (item.shown_until.empty()) return "from " + local(item.shown_from);
    if (item.shown_from.empty()) return "until " + local(item.shown_until);
    return local(item.shown_from) + " .. " + local(item.shown_until);
}

std::string interest_text(const ContentListing& row) {
    if (row.record.item.kind != Kind::training) return "";
    std::string text = "interest " + std::to_string(row.interest);
    if (row.record.item.seats > 0) text += " / " + std::to_string(row.record.item.seats) + " seats";
    return text;
}

void print_table(const std::vector<std::vector<std::string>>& rows, std::FILE* out) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()));
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], code_points(row[i]));
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(widths[i] - code_points(row[i]) + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        std::fprintf(out, "%s\n", line.c_str());
    }
}

int list_command(ContentService& service, bool include_withdrawn, std::FILE* out) {
    const auto rows = service.list(include_withdrawn);
    if (rows.empty()) {
        std::fprintf(out, "no content%s (publish some with: kiosk-collector content add --kind ... --lang ... --title ...)\n",
                     include_withdrawn ? "" : " published");
        return 0;
    }
    std::vector<std::vector<std::string>> table{
        {"ID", "KIND", "STATE", "AUDIENCE", "LANGUAGES", "TITLE", "SHOWN", "INTEREST"}};
    for (const auto& row : rows) {
        const auto& item = row.record.item;
        std::vector<std::string> languages;
        for (const auto& [language, texts] : item.translations) languages.push_back(language);
        table.push_back({item.id, content::to_string(item.kind), to_string(row.state),
                         item.audience.empty() ? "all" : shorten(join(item.audience, ","), 40), join(languages, ","),
                         shorten(content::translation_for(item, item.default_language).title, 50), when_shown(item),
                         interest_text(row)});
    }
    print_table(table, out);
    return 0;
}

int show_command(ContentService& service, const std::string& id, std::FILE* out) {
    for (const auto& row : service.list(true)) {
        if (row.record.item.id != id) continue;
        auto json = nlohmann::json::parse(content::encode(row.record.item));
        json["state"] = to_string(row.state);
        if (row.record.withdrawn) json["withdrawn_at"] = row.record.withdrawn_at;
        if (row.record.item.kind == Kind::training) json["interest"] = row.interest;
        std::fprintf(out, "%s\n", json.dump(2).c_str());
        return 0;
    }
    throw ContentError("id", "there is no content item '" + id + "' (see: kiosk-collector content list --all)");
}

// A department that no registered kiosk serves is most likely a typo: say so (kiosks may still be added later).
void warn_about_unserved(Storage& storage, const std::vector<std::string>& audience) {
    if (audience.empty()) return;
    const auto kiosks = storage.open_kiosks();
    std::vector<std::string> served;
    for (const auto& kiosk : kiosks->list()) {
        if (!kiosk.revoked_at.empty()) continue;
        served.insert(served.end(), kiosk.departments.begin(), kiosk.departments.end());
    }
    for (const auto& department : audience) {
        if (std::find(served.begin(), served.end(), department) == served.end())
            std::fprintf(stderr, "kiosk-collector: warning: no active kiosk serves department '%s' (yet)\n",
                         department.c_str());
    }
}

std::vector<std::string> with(std::vector<std::string> names, const std::vector<std::string>& more) {
    names.insert(names.end(), more.begin(), more.end());
    return names;
}

}  // namespace

const std::vector<std::string>& content_value_options() { return kItemOptions; }

const std::vector<std::string>& content_flag_options() {
    static const std::vector<std::string> flags = with(kItemFlags, {"all"});
    return flags;
}

bool content_option_may_be_empty(const std::string& name) {
    return name == "body" || name == "detail" || name == "for-you" || name == "we-did";
}

int run_content_command(const std::vector<std::string>& words, const OptionValues& options, const std::string& db,
                        const std::vector<std::string>& ignored_options, std::FILE* out) {
    const std::string action = words.size() >= 2 ? words[1] : "";
    const bool takes_id = action == "edit" || action == "withdraw" || action == "show";
    if (action != "add" && action != "list" && !takes_id)
        throw ContentUsageError(action.empty() ? "use: content add|edit|withdraw|list|show (see --help)"
                                               : "unknown content command '" + action +
                                                     "' (add, edit, withdraw, list, show)");
    if (takes_id && words.size() != 3)
        throw ContentUsageError(words.size() < 3 ? "use: content " + action + " ID (the id that content add printed)"
                                                 : "unexpected '" + words[3] + "' after content " + action + " ID");
    if (!takes_id && words.size() != 2) throw ContentUsageError("unexpected '" + words[2] + "' after content " + action);
    const std::string command = "content " + action;
    if (action == "add" || action == "edit") {
        allow_only(options, with(kItemOptions, kItemFlags), ignored_options, command);
    } else if (action == "list") {
        allow_only(options, {"all"}, ignored_options, command);
    } else {
        allow_only(options, {}, ignored_options, command);
    }
    if (action == "edit") {
        bool any = false;
        for (const auto& name : with(kItemOptions, kItemFlags)) any = any || has(options, name);
        if (!any) throw ContentUsageError("content edit: nothing to change (give the options to change, or --file)");
    }

    const auto storage = open_storage(db);
    const auto table = storage->open_content();
    ContentService service(*table);
    try {
        if (action == "add") {
            const ContentChanges changes = read_changes(options, std::nullopt, true, "");
            if (!changes.kind) throw ContentUsageError("missing --kind (" + std::string(kKinds) + ")");
            if (!changes.audience)
                throw ContentUsageError("missing --audience (all, or DEPT[,DEPT...]; or audience in --file)");
            if (changes.translations.empty())
                throw ContentUsageError("missing --lang LANG --title TEXT (or [translations.LANG] in --file)");
            const auto item = service.add(changes);
            warn_about_unserved(*storage, item.audience);
            std::fprintf(out, "%s\n", item.id.c_str());
        } else if (action == "edit") {
            const std::string& id = words[2];
            const auto stored = service.find(id);
            const ContentChanges changes =
                read_changes(options, stored ? std::optional<Kind>(stored->item.kind) : std::nullopt, false,
                             stored ? stored->item.default_language : "");
            const auto item = service.edit(id, changes);
            if (changes.audience) warn_about_unserved(*storage, item.audience);
            std::fprintf(out, "edited %s (revision %lld); kiosks get it with their next feed poll\n", item.id.c_str(),
                         static_cast<long long>(item.revision));
        } else if (action == "withdraw") {
            service.withdraw(words[2]);
            std::fprintf(out, "withdrawn %s; kiosks remove it with their next feed poll\n", words[2].c_str());
        } else if (action == "list") {
            return list_command(service, has(options, "all"), out);
        } else {
            return show_command(service, words[2], out);
        }
    } catch (const ContentError& error) {
        return refused(error);
    }
    return 0;
}

}  // namespace floorsync::collector

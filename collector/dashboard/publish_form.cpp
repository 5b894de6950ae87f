// The publishing form: posted fields or a stored item in, ContentChanges and a template context out.
#include "collector/dashboard/publish_form.hpp"

#include "collector/dashboard/page_helpers.hpp"
#include "collector/local_time.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace floorsync::collector::dashboard {

namespace {

using content::Kind;
using nlohmann::json;

constexpr Kind kKinds[] = {Kind::announcement, Kind::why, Kind::milestone, Kind::training, Kind::you_said_we_did};

bool has_detail(Kind kind) { return kind == Kind::why || kind == Kind::you_said_we_did; }
bool is_dated(Kind kind) { return kind == Kind::milestone || kind == Kind::training; }

const char* kind_label(Kind kind) {
    switch (kind) {
        case Kind::announcement: return "News";
        case Kind::why: return "The why";
        case Kind::milestone: return "Milestone";
        case Kind::training: return "Training session";
        case Kind::you_said_we_did: return "You said, we did";
    }
    return "";
}

const char* body_label(Kind kind) {
    switch (kind) {
        case Kind::announcement: return "Text";
        case Kind::why: return "For the organisation";
        case Kind::you_said_we_did: return "You said";
        case Kind::milestone:
        case Kind::training: return "Description (optional)";
    }
    return "Text";
}

std::string trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

// Browsers send a textarea's line breaks as CRLF; items keep LF.
std::string paragraphs(std::string text) {
    std::erase(text, '\r');
    return text;
}

std::string typed_time(const std::string& field, const std::string& typed) {
    if (trim(typed).empty()) return "";
    try {
        return parse_time_argument(trim(typed));
    } catch (const TimeFormatError& error) {
        throw PublishFormError(field, form_field_label(field) + ": " + error.what());
    }
}

TranslationFields translation_fields(const FormFields& fields, const std::string& language, const std::string& suffix) {
    return {language, fields.get("title_" + suffix), paragraphs(fields.get("body_" + suffix)),
            paragraphs(fields.get("detail_" + suffix))};
}

}  // namespace

PublishForm new_form(Kind kind) {
    PublishForm form;
    form.kind = kind;
    for (const auto& language : kFormLanguages) form.translations.push_back({language, "", "", ""});
    return form;
}

PublishForm form_from_item(const content::Item& item) {
    PublishForm form = new_form(item.kind);
    form.id = item.id;
    form.everyone = item.audience.empty();
    form.departments = item.audience;
    form.default_language = item.default_language;
    for (const auto& [language, texts] : item.translations) {
        form.stored_languages.push_back(language);
        auto slot = std::find_if(form.translations.begin(), form.translations.end(),
                                 [&](const TranslationFields& t) { return t.language == language; });
        if (slot == form.translations.end()) slot = form.translations.insert(form.translations.end(), {language});
        slot->title = texts.title;
        slot->body = texts.body;
        slot->detail = texts.detail;
    }
    form.shown_from = local_datetime_input(item.shown_from);
    form.shown_until = local_datetime_input(item.shown_until);
    form.at = local_datetime_input(item.at);
    form.until = local_datetime_input(item.until);
    form.place = item.place;
    form.seats = item.kind == Kind::training ? std::to_string(item.seats) : "";
    form.go_live = item.go_live;
    return form;
}

PublishForm form_from_fields(const FormFields& fields) {
    PublishForm form;
    form.id = fields.get("id");
    const std::string kind = fields.get("kind");
    if (const auto named = content::kind_named(kind)) {
        form.kind = *named;
    } else {
        form.unknown_kind = kind;  // shown again as a news item's fields, so nothing typed is lost
    }
    const std::string scope = fields.get("audience_scope");
    form.everyone = scope != "departments";
    if (scope != "everyone" && scope != "departments") form.unknown_audience_scope = scope;
    form.departments = fields.all("audience");
    form.other_departments = fields.get("audience_other");
    form.default_language = fields.get("default_language", "nl");
    std::vector<std::string> languages = fields.all("language");
    if (languages.empty()) languages = kFormLanguages;
    for (const auto& language : languages) form.translations.push_back(translation_fields(fields, language, language));
    form.extra = translation_fields(fields, trim(fields.get("new_language")), "new");
    form.stored_languages = fields.all("stored_language");
    form.shown_from = fields.get("shown_from");
    form.shown_until = fields.get("shown_until");
    form.at = fields.get("at");
    form.until = fields.get("until");
    form.place = fields.get("place");
    form.seats = fields.get("seats");
    form.go_live = fields.get("go_live") == "yes";
    return form;
}

ContentChanges changes_from_form(const PublishForm& form) {
    if (form.unknown_kind) {
        std::string names;
        for (const Kind kind : kKinds) names += std::string(names.empty() ? "" : ", ") + "“" + kind_label(kind) + "”";
        throw PublishFormError("kind", form.unknown_kind->empty()
                                           ? "Kind: the form did not say which kind of item this is; choose one (" +
                                                 names + ")"
                                           : "Kind: there is no kind of item named '" + *form.unknown_kind +
                                                 "'; choose one (" + names + ")");
    }
    if (form.unknown_audience_scope)
        throw PublishFormError("audience", form.unknown_audience_scope->empty()
                                               ? "Audience: choose everyone, or only the departments ticked or typed"
                                               : "Audience: '" + *form.unknown_audience_scope +
                                                     "' is not a choice; choose everyone, or only the departments "
                                                     "ticked or typed");
    ContentChanges changes;
    changes.kind = form.kind;

    std::vector<std::string> audience;
    if (!form.everyone) {
        for (const auto& department : form.departments)
            if (!trim(department).empty()) audience.push_back(trim(department));
        std::size_t start = 0;
        while (start <= form.other_departments.size()) {
            const auto comma = form.other_departments.find(',', start);
            const std::string name = trim(form.other_departments.substr(
                start, comma == std::string::npos ? std::string::npos : comma - start));
            if (!name.empty()) audience.push_back(name);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (audience.empty())
            throw PublishFormError("audience", "Audience: tick at least one department or type one, or choose everyone");
    }
    changes.audience = audience;
    changes.default_language = trim(form.default_language);

    std::vector<TranslationFields> blocks = form.translations;
    if (!form.extra.empty() || !form.extra.language.empty()) {
        if (form.extra.language.empty())
            throw PublishFormError("translations", "Other language: give its language tag (for example de or fr)");
        for (const auto& block : blocks)
            if (block.language == form.extra.language)
                throw PublishFormError("translations", "Other language: '" + form.extra.language +
                                                           "' already has its own texts above; use those");
        blocks.push_back(form.extra);
    }
    for (const auto& block : blocks) {
        const bool stored = std::find(form.stored_languages.begin(), form.stored_languages.end(), block.language) !=
                            form.stored_languages.end();
        if (block.empty()) {
            if (stored)
                throw PublishFormError("translations." + block.language + ".title",
                                       form_field_label("translations." + block.language + ".title") +
                                           ": a language cannot be removed from a published item; give its texts "
                                           "again, or withdraw the item and publish it anew");
            continue;
        }
        TranslationChanges& texts = changes.translations[block.language];
        texts.title = trim(block.title);
        texts.body = block.body;
        texts.detail = has_detail(form.kind) ? block.detail : std::string();
    }

    changes.shown_from = typed_time("shown_from", form.shown_from);
    changes.shown_until = typed_time("shown_until", form.shown_until);
    if (is_dated(form.kind)) changes.at = typed_time("at", form.at);
    if (form.kind == Kind::training) {
        changes.until = typed_time("until", form.until);
        changes.place = trim(form.place);
        const std::string seats = trim(form.seats);
        int value = 0;
        if (!seats.empty()) {
            const auto [end, error] = std::from_chars(seats.data(), seats.data() + seats.size(), value);
            if (error != std::errc() || end != seats.data() + seats.size() || value < 0 ||
                value > content::item_limits::seats_max)
                throw PublishFormError("seats", "Seats: a whole number from 0 (no limit) to " +
                                                    std::to_string(content::item_limits::seats_max) + ", not '" +
                                                    seats + "'");
        }
        changes.seats = value;
    }
    if (form.kind == Kind::milestone) changes.go_live = form.go_live;
    return changes;
}

std::string form_field_label(const std::string& field) {
    static const std::map<std::string, std::string> labels = {
        {"kind", "Kind"},           {"audience", "Audience"},        {"default_language", "Default language"},
        {"translations", "Texts"},  {"shown_from", "Shown from"},    {"shown_until", "Shown until"},
        {"at", "Date / starts"},    {"until", "Ends"},               {"place", "Place"},
        {"seats", "Seats"},         {"go_live", "Go-live"},          {"id", "Item"},
    };
    if (field.rfind("translations.", 0) == 0) {
        const auto dot = field.find('.', 13);
        if (dot != std::string::npos) {
            const std::string language = field.substr(13, dot - 13);
            std::string part = field.substr(dot + 1);
            if (!part.empty()) part[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(part[0])));
            return part + " (" + language + ")";
        }
    }
    const auto found = labels.find(field);
    return found == labels.end() ? field : found->second;
}

json form_context(const PublishForm& form, const std::vector<std::string>& known_departments,
                  const std::string& error) {
    std::set<std::string> names(known_departments.begin(), known_departments.end());
    names.insert(form.departments.begin(), form.departments.end());
    json departments = json::array();
    for (const auto& name : names) {
        const bool ticked = std::find(form.departments.begin(), form.departments.end(), name) != form.departments.end();
        departments.push_back({{"name", name}, {"checked", ticked}});
    }
    json translations = json::array();
    std::set<std::string> languages;
    for (const auto& block : form.translations) {
        languages.insert(block.language);
        translations.push_back({{"language", block.language}, {"title", block.title}, {"body", block.body},
                                {"detail", block.detail}});
    }
    if (!form.extra.language.empty()) languages.insert(form.extra.language);
    languages.insert(form.default_language);
    json language_choices = json::array();
    for (const auto& language : languages)
        if (!language.empty())
            language_choices.push_back({{"value", language}, {"selected", language == form.default_language}});
    json stored = json::array();
    for (const auto& language : form.stored_languages) stored.push_back({{"language", language}});

    // An unknown kind is not sent again as it was: the form then asks for one of the known kinds.
    json kinds = json::array();
    for (const Kind kind : kKinds)
        kinds.push_back({{"value", content::to_string(kind)}, {"label", kind_label(kind)},
                         {"selected", !form.unknown_kind && kind == form.kind}});

    return {
        {"id", form.id},
        {"editing", !form.id.empty()},
        {"kind", content::to_string(form.kind)},
        {"kind_label", kind_label(form.kind)},
        {"has_detail", has_detail(form.kind)},
        {"body_required", has_detail(form.kind)},
        {"is_dated", is_dated(form.kind)},
        {"is_training", form.kind == Kind::training},
        {"is_milestone", form.kind == Kind::milestone},
        {"body_label", body_label(form.kind)},
        {"detail_label", form.kind == Kind::why ? "For you" : "We did"},
        {"at_label", form.kind == Kind::training ? "Starts" : "Date"},
        {"choose_kind", form.unknown_kind.has_value()},
        {"everyone", form.everyone},
        {"scope_everyone", !form.unknown_audience_scope && form.everyone},
        {"scope_departments", !form.unknown_audience_scope && !form.everyone},
        {"departments", departments},
        {"other_departments", form.other_departments},
        {"translations", translations},
        {"extra", {{"language", form.extra.language}, {"title", form.extra.title}, {"body", form.extra.body},
                   {"detail", form.extra.detail}}},
        {"language_choices", language_choices},
        {"stored_languages", stored},
        {"shown_from", form.shown_from},
        {"shown_until", form.shown_until},
        {"at", form.at},
        {"until", form.until},
        {"place", form.place},
        {"seats", form.seats},
        {"go_live", form.go_live},
        {"error", text_or_null(error)},
        {"kinds", kinds},
    };
}

}  // namespace floorsync::collector::dashboard

// The publishing form: what the central team typed for a content item, read from the posted fields or from a
// stored item, turned into ContentChanges (refusing bad times, seats and audiences), and shown again as a template
// context with every value kept.
#pragma once

#include "collector/content_service.hpp"
#include "collector/dashboard/web.hpp"
#include "sync/shared/content_item.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace floorsync::collector::dashboard {

// A value of the form that cannot become part of an item (a time, seats, the audience); `field` is named as
// content::ContentError names fields ("shown_from", "seats", "audience").
struct PublishFormError : std::runtime_error {
    PublishFormError(std::string field_name, const std::string& message)
        : std::runtime_error(message), field(std::move(field_name)) {}
    std::string field;
};

struct TranslationFields {
    std::string language;
    std::string title;
    std::string body;
    std::string detail;
    bool empty() const { return title.empty() && body.empty() && detail.empty(); }
};

struct PublishForm {
    std::string id;  // empty: a new item
    content::Kind kind = content::Kind::announcement;
    // The posted "kind" when it names no kind (then `kind` only decides which fields the form shows again, and
    // changes_from_form refuses it); empty when it is known.
    std::optional<std::string> unknown_kind;
    bool everyone = true;
    // The posted "audience_scope" when it is neither "everyone" nor "departments"; changes_from_form refuses it.
    std::optional<std::string> unknown_audience_scope;
    std::vector<std::string> departments;  // the ticked known departments
    std::string other_departments;         // typed, separated by commas
    std::string default_language = "nl";
    std::vector<TranslationFields> translations;  // nl, en, then the item's other languages
    TranslationFields extra;                      // one more language, typed with its tag (extra.language)
    std::vector<std::string> stored_languages;    // an edited item's languages (a language cannot be removed)
    // As typed (datetime-local: "2026-05-04T09:00"); empty: none.
    std::string shown_from;
    std::string shown_until;
    std::string at;
    std::string until;
    std::string place;
    std::string seats;
    bool go_live = false;
};

// The languages every form offers.
inline const std::vector<std::string> kFormLanguages = {"nl", "en"};

PublishForm new_form(content::Kind kind);
PublishForm form_from_item(const content::Item& item);
// The posted fields of publish_form.mustache. An unknown "kind" or "audience_scope" is kept (unknown_kind,
// unknown_audience_scope) for changes_from_form to refuse, never read as a default.
PublishForm form_from_fields(const FormFields& fields);

// Every field of the form as changes (an edit sets them all, so the stored item becomes what the form shows).
// Throws PublishFormError.
ContentChanges changes_from_form(const PublishForm& form);

// "Title (nl)", "Shown from", ...: a field as the form labels it, for messages naming a ContentError's field.
std::string form_field_label(const std::string& field);

// The context of publish_form.mustache: every value, the kind's fields, the known departments as checkboxes, and
// the error (if any) with the field it is about.
nlohmann::json form_context(const PublishForm& form, const std::vector<std::string>& known_departments,
                            const std::string& error);

}  // namespace floorsync::collector::dashboard

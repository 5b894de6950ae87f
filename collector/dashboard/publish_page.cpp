// The publishing pages: the list of content items (GET /dashboard/publish), the form for a new item of each kind
// (/dashboard/publish/new?kind=KIND) or an edit (/dashboard/publish/edit?id=ID), saving (POST
// /dashboard/publish/save) and withdrawing (POST /dashboard/publish/withdraw), all through ContentService.
#include "collector/dashboard/page_helpers.hpp"
#include "collector/dashboard/publish_form.hpp"

#include "collector/content_service.hpp"

namespace floorsync::collector::dashboard {

namespace {

using content::Kind;
using nlohmann::json;

const std::map<std::string, std::string> kNotices = {
    {"published", "The item is published: kiosks get it at their next poll (from its “shown from” time)."},
    {"saved", "The changes are saved: kiosks get them at their next poll."},
    {"withdrawn", "The item is withdrawn: kiosks remove it at their next poll."},
};

const char* kind_name(Kind kind) {
    switch (kind) {
        case Kind::announcement: return "News";
        case Kind::why: return "The why";
        case Kind::milestone: return "Milestone";
        case Kind::training: return "Training";
        case Kind::you_said_we_did: return "You said, we did";
    }
    return "";
}

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
    return text;
}

json listing_row(const ContentListing& listing) {
    const content::Item& item = listing.record.item;
    std::vector<std::string> languages;
    for (const auto& [language, texts] : item.translations) languages.push_back(language);
    std::string interest;
    if (item.kind == Kind::training) {
        interest = std::to_string(listing.interest) + " interested";
        interest += item.seats > 0 ? " / " + std::to_string(item.seats) + " seats" : " (no seat limit)";
    }
    std::string when = item.kind == Kind::milestone || item.kind == Kind::training ? local_minutes(item.at) : "";
    if (item.kind == Kind::milestone && item.go_live) when += " (go-live)";
    return {
        {"id", item.id},
        {"state", to_string(listing.state)},
        {"withdrawn", listing.record.withdrawn},
        {"kind", kind_name(item.kind)},
        {"audience", item.audience.empty() ? std::string("everyone") : join(item.audience, ", ")},
        {"languages", join(languages, ", ")},
        {"title", content::translation_for(item, item.default_language).title},
        {"when", text_or_null(when)},
        {"shown_from", item.shown_from.empty() ? std::string("at once") : local_minutes(item.shown_from)},
        {"shown_until", item.shown_until.empty() ? std::string("until withdrawn") : local_minutes(item.shown_until)},
        {"interest", text_or_null(interest)},
    };
}

HttpResponse render_list(const PageRequest& request, Resources& resources, const std::string& error, int status) {
    const auto listings = with_table(resources.content, [&](ContentTable& table) {
        ContentService service(table, [now = request.now] { return now; });
        return service.list(true);
    });
    json rows = json::array();
    // Newest first.
    for (auto it = listings.rbegin(); it != listings.rend(); ++it) rows.push_back(listing_row(*it));
    json kinds = json::array();
    for (const Kind kind : {Kind::announcement, Kind::why, Kind::milestone, Kind::training, Kind::you_said_we_did})
        kinds.push_back({{"value", content::to_string(kind)}, {"label", kind_name(kind)}});
    json context = {
        {"notice", text_or_null(notice_text(kNotices, request))},
        {"error", text_or_null(error)},
        {"items", rows},
        {"none", rows.empty()},
        {"kinds", kinds},
    };
    return render_page(request, "publish", "Publishing", "publish.mustache", std::move(context), status);
}

HttpResponse render_form(const PageRequest& request, Resources& resources, const PublishForm& form,
                         const std::string& error, int status) {
    json context = form_context(form, kiosk_departments(resources), error);
    const std::string title = std::string(form.id.empty() ? "New: " : "Edit: ") + context["kind_label"].get<std::string>();
    return render_page(request, "publish", title, "publish_form.mustache", std::move(context), status);
}

HttpResponse publish_list(const PageRequest& request, Resources& resources) {
    return render_list(request, resources, "", 200);
}

HttpResponse new_item(const PageRequest& request, Resources& resources) {
    const auto kind = content::kind_named(request.query.get("kind"));
    if (!kind) return render_list(request, resources, "There is no kind of item named '" + request.query.get("kind") + "'.", 404);
    return render_form(request, resources, new_form(*kind), "", 200);
}

HttpResponse edit_item(const PageRequest& request, Resources& resources) {
    const std::string id = request.query.get("id");
    const auto record = with_table(resources.content, [&](ContentTable& table) { return table.find(id); });
    if (!record) return render_list(request, resources, "There is no item with id '" + id + "'.", 404);
    if (record->withdrawn)
        return render_list(request, resources, "That item was withdrawn; it can no longer be edited.", 409);
    return render_form(request, resources, form_from_item(record->item), "", 200);
}

HttpResponse save_item(const PageRequest& request, Resources& resources) {
    PublishForm form = form_from_fields(request.form);
    try {
        const ContentChanges changes = changes_from_form(form);
        with_table(resources.content, [&](ContentTable& table) {
            ContentService service(table, [now = request.now] { return now; });
            return form.id.empty() ? service.add(changes) : service.edit(form.id, changes);
        });
    } catch (const PublishFormError& error) {
        return render_form(request, resources, form, error.what(), 400);
    } catch (const content::ContentError& error) {
        return render_form(request, resources, form, form_field_label(error.field) + ": " + browser_message(error.why),
                           400);
    }
    return see_other(std::string("/dashboard/publish?notice=") + (form.id.empty() ? "published" : "saved"));
}

HttpResponse withdraw_item(const PageRequest& request, Resources& resources) {
    if (request.form.get("confirm") != "yes")
        return render_list(request, resources, "Tick “Yes, withdraw it” next to the item to withdraw it.", 400);
    try {
        with_table(resources.content, [&](ContentTable& table) {
            ContentService service(table, [now = request.now] { return now; });
            service.withdraw(request.form.get("id"));
            return 0;
        });
    } catch (const content::ContentError& error) {
        return render_list(request, resources, "Not withdrawn: " + browser_message(error.why), 400);
    }
    return see_other("/dashboard/publish?notice=withdrawn");
}

}  // namespace

std::vector<Route> publish_page_routes() {
    return {
        {"GET", "/dashboard/publish", publish_list},
        {"GET", "/dashboard/publish/new", new_item},
        {"GET", "/dashboard/publish/edit", edit_item},
        {"POST", "/dashboard/publish/save", save_item},
        {"POST", "/dashboard/publish/withdraw", withdraw_item},
    };
}

}  // namespace floorsync::collector::dashboard

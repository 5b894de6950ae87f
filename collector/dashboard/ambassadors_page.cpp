// The ambassadors page (GET /dashboard/ambassadors): per department each ambassador's name, when they were added
// and their state; adding one (PIN typed twice), resetting a PIN and removing one, through AmbassadorService.
// A PIN is never put back into a page, not even after an error.
#include "collector/dashboard/page_helpers.hpp"

#include "collector/ambassador_service.hpp"

namespace floorsync::collector::dashboard {

namespace {

using nlohmann::json;

const std::map<std::string, std::string> kNotices = {
    {"added", "The ambassador is added: kiosks of the department accept the PIN after their next poll."},
    {"reset", "The PIN is reset: kiosks accept the new PIN, and no longer the old one, after their next poll."},
    {"removed", "The ambassador is removed: kiosks refuse their PIN after their next poll."},
};

const std::map<std::string, std::string> kServiceFields = {{"--name", "The name"}, {"--department", "The department"}};

// What a failed POST hands back: the message, where it belongs, and the typed values other than PINs.
struct Draft {
    std::string error;
    std::string ambassador_id;  // a reset or removal; empty: the add form (or the top of the page)
    std::string name;
    std::string department;
};

HttpResponse render_ambassadors(const PageRequest& request, Resources& resources, const Draft& draft, int status) {
    const auto records = with_table(resources.ambassadors, [](AmbassadorTable& table) {
        AmbassadorService service(table);
        return service.list();
    });
    // One group per department, by name: those with ambassadors (in order of creation) and the kiosks' departments
    // without one yet.
    std::map<std::string, json> by_department;
    bool error_placed = false;
    for (const auto& record : records) {
        json& list = by_department[record.department];
        if (list.is_null()) list = json::array();
        const bool here = !draft.ambassador_id.empty() && draft.ambassador_id == record.id;
        error_placed = error_placed || here;
        list.push_back({
            {"id", record.id},
            {"name", record.name},
            {"created", local_minutes(record.created_at)},
            {"active", record.removed_at.empty()},
            {"removed", local_minutes(record.removed_at)},
            {"error", text_or_null(here ? draft.error : std::string())},
            {"open_form", here},
        });
    }
    const std::vector<std::string> known = kiosk_departments(resources);
    for (const auto& name : known)
        if (by_department.count(name) == 0) by_department[name] = json::array();
    json groups = json::array();
    for (auto& [department, list] : by_department)
        groups.push_back({{"name", department_label(department)}, {"ambassadors", std::move(list)}});
    json departments = json::array();
    for (const auto& name : known) departments.push_back({{"name", name}});
    const bool add_error = draft.ambassador_id.empty() && !draft.error.empty();
    json context = {
        {"notice", text_or_null(notice_text(kNotices, request))},
        {"error", text_or_null(!add_error && !error_placed ? draft.error : std::string())},
        {"add_error", text_or_null(add_error ? draft.error : std::string())},
        {"groups", groups},
        {"none", groups.empty()},
        {"known_departments", departments},
        {"name", draft.name},
        {"department", draft.department},
        {"pin_min", std::to_string(ambassador::pin_min_digits)},
        {"pin_max", std::to_string(ambassador::pin_max_digits)},
    };
    return render_page(request, "ambassadors", "Ambassadors", "ambassadors.mustache", std::move(context), status);
}

HttpResponse ambassadors_page(const PageRequest& request, Resources& resources) {
    return render_ambassadors(request, resources, {}, 200);
}

// The two PIN fields must agree; the service checks the rest (6 to 12 digits, unique).
std::optional<std::string> pin_mismatch(const PageRequest& request) {
    if (request.form.get("pin") != request.form.get("pin_again"))
        return std::string("The two PINs differ: type the same PIN twice.");
    return std::nullopt;
}

template <class Action>
HttpResponse act(const PageRequest& request, Resources& resources, Draft draft, const char* notice, Action&& action) {
    try {
        with_table(resources.ambassadors, [&](AmbassadorTable& table) {
            AmbassadorService service(table, ambassador::interactive_params(), [now = request.now] { return now; });
            action(service);
            return 0;
        });
    } catch (const AmbassadorError& error) {
        draft.error = form_message(error.what(), kServiceFields);
        return render_ambassadors(request, resources, draft, 400);
    }
    return see_other(std::string("/dashboard/ambassadors?notice=") + notice);
}

HttpResponse add_ambassador(const PageRequest& request, Resources& resources) {
    Draft draft{"", "", request.form.get("name"), request.form.get("department")};
    if (const auto why = pin_mismatch(request)) {
        draft.error = *why;
        return render_ambassadors(request, resources, draft, 400);
    }
    return act(request, resources, draft, "added", [&](AmbassadorService& service) {
        service.add(draft.name, draft.department, request.form.get("pin"));
    });
}

HttpResponse reset_pin(const PageRequest& request, Resources& resources) {
    Draft draft{"", request.form.get("id"), "", ""};
    if (const auto why = pin_mismatch(request)) {
        draft.error = *why;
        return render_ambassadors(request, resources, draft, 400);
    }
    return act(request, resources, draft, "reset",
               [&](AmbassadorService& service) { service.reset_pin(draft.ambassador_id, request.form.get("pin")); });
}

HttpResponse remove_ambassador(const PageRequest& request, Resources& resources) {
    Draft draft{"", request.form.get("id"), "", ""};
    if (request.form.get("confirm") != "yes") {
        draft.error = "Tick “Yes, remove” to remove the ambassador.";
        return render_ambassadors(request, resources, draft, 400);
    }
    return act(request, resources, draft, "removed",
               [&](AmbassadorService& service) { service.remove(draft.ambassador_id); });
}

}  // namespace

std::vector<Route> ambassadors_page_routes() {
    return {
        {"GET", "/dashboard/ambassadors", ambassadors_page},
        {"POST", "/dashboard/ambassadors/add", add_ambassador},
        {"POST", "/dashboard/ambassadors/reset", reset_pin},
        {"POST", "/dashboard/ambassadors/remove", remove_ambassador},
    };
}

}  // namespace floorsync::collector::dashboard

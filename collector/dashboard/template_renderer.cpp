// render_template and render_page: the dashboard's templates (assets) through kainjow mustache, which HTML-escapes
// every {{value}}. The only file that includes the engine (it is heavy to compile).
#include "collector/dashboard/assets.hpp"
#include "collector/dashboard/web.hpp"

#include <kainjow/mustache.hpp>

#include <stdexcept>

namespace floorsync::collector::dashboard {

namespace {

namespace mustache = kainjow::mustache;

// JSON as the engine sees it: null is false (so {{#x}} skips it), numbers are their JSON text (pages format the
// figures they show themselves), empty lists are false as mustache has it.
mustache::data to_data(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::object: {
            mustache::data object(mustache::data::type::object);
            for (const auto& [key, item] : value.items()) object.set(key, to_data(item));
            return object;
        }
        case nlohmann::json::value_t::array: {
            mustache::data list(mustache::data::type::list);
            for (const auto& item : value) list.push_back(to_data(item));
            return list;
        }
        // An empty text is false in a section, as in the Mustache spec's other engines ({{#error}} shows nothing for
        // ""), and renders as nothing in a variable; kainjow alone would take "" as true.
        case nlohmann::json::value_t::string:
            if (value.get_ref<const std::string&>().empty()) return mustache::data(false);
            return mustache::data(value.get<std::string>());
        case nlohmann::json::value_t::boolean: return mustache::data(value.get<bool>());
        case nlohmann::json::value_t::null:
        case nlohmann::json::value_t::discarded: return mustache::data(false);
        default: return mustache::data(value.dump());
    }
}

std::string_view template_text(std::string_view name) {
    const auto text = asset(name);
    if (!text) throw std::runtime_error("no dashboard template named '" + std::string(name) + "'");
    return *text;
}

// The context stack, plus partials from the assets: {{> filters}} is the asset "filters.mustache".
class AssetContext final : public mustache::context<std::string> {
public:
    explicit AssetContext(const mustache::data* root) : mustache::context<std::string>(root) {}

    const mustache::data* get_partial(const std::string& name) const override {
        auto found = partials_.find(name);
        if (found == partials_.end())
            found = partials_.emplace(name, mustache::data(std::string(template_text(name + ".mustache")))).first;
        return &found->second;
    }

private:
    mutable std::map<std::string, mustache::data> partials_;
};

std::string render_text(std::string_view template_name, const mustache::data& root) {
    mustache::mustache engine{std::string(template_text(template_name))};
    if (!engine.is_valid())
        throw std::runtime_error("dashboard template '" + std::string(template_name) + "': " + engine.error_message());
    AssetContext context(&root);
    std::string html = engine.render(context);
    if (!engine.is_valid())
        throw std::runtime_error("dashboard template '" + std::string(template_name) + "': " + engine.error_message());
    return html;
}

struct NavEntry {
    const char* key;
    const char* label;
    const char* href;
};

constexpr NavEntry kNavigation[] = {
    {"overview", "Overview", "/dashboard/"},
    {"questions", "Questions", "/dashboard/questions"},
    {"kiosks", "Kiosks", "/dashboard/kiosks"},
    {"alerts", "Alerts", "/dashboard/alerts"},
    {"publish", "Publishing", "/dashboard/publish"},
    {"ambassadors", "Ambassadors", "/dashboard/ambassadors"},
};

}  // namespace

std::string render_template(std::string_view template_name, const nlohmann::json& context) {
    return render_text(template_name, to_data(context));
}

HttpResponse render_page(const PageRequest& request, std::string_view nav, std::string_view title,
                         std::string_view template_name, nlohmann::json context, int status) {
    if (!context.is_object()) context = nlohmann::json::object();
    context["csrf"] = request.csrf_token;
    context["account"] = request.account.name;
    const std::string content = render_text(template_name, to_data(context));

    nlohmann::json layout = {
        {"title", std::string(title)},
        {"account", request.account.name},
        {"csrf", request.csrf_token},
        {"content", content},
        {"static_version", FLOOR_VERSION},
    };
    nlohmann::json entries = nlohmann::json::array();
    for (const NavEntry& entry : kNavigation)
        entries.push_back({{"label", entry.label}, {"href", entry.href}, {"current", nav == entry.key}});
    layout["nav"] = std::move(entries);
    return HttpResponse{status, "text/html; charset=utf-8", render_text("layout.mustache", to_data(layout)), {}, false};
}

}  // namespace floorsync::collector::dashboard

// What every dashboard page shares: form fields, the signed-in account, the request a page handler gets, and the
// replies (a page rendered into the layout, a redirect, a download). Implemented in web.cpp.
#pragma once

#include "collector/config.hpp"
#include "collector/dashboard/dashboard_settings.hpp"
#include "collector/http/http_message.hpp"
#include "collector/kiosk_table_pool.hpp"
#include "collector/storage/storage.hpp"
#include "sync/shared/clock.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::collector::dashboard {

// A query string or form body that cannot be decoded (bad percent-encoding, too many fields); what() says which.
struct FormError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Decoded application/x-www-form-urlencoded fields ("a=1&b=x+y&b=z"), in order per name.
class FormFields {
public:
    FormFields() = default;
    // Throws FormError. At most 1000 fields.
    static FormFields parse(std::string_view urlencoded);
    bool has(const std::string& name) const { return values_.count(name) != 0; }
    // The first value, or `fallback` when the field is absent.
    std::string get(const std::string& name, const std::string& fallback = "") const;
    // Every value of the field (checkbox groups, multi-selects); empty when absent.
    std::vector<std::string> all(const std::string& name) const;
    void add(std::string name, std::string value) { values_[std::move(name)].push_back(std::move(value)); }

private:
    std::map<std::string, std::vector<std::string>> values_;
};

// Percent-encodes a value for a URL's query (used when building links and redirects).
std::string url_encode(std::string_view value);

struct Account {
    std::string id;
    std::string name;
};

// What a page handler gets: the request, already signed in (and, for POST, with its CSRF token already checked),
// the account, the session's CSRF token (for the forms it renders), the decoded query and form, and now.
struct PageRequest {
    const HttpRequest& http;
    Account account;
    std::string csrf_token;
    FormFields query;
    FormFields form;  // POST bodies (application/x-www-form-urlencoded); empty for GET
    SystemTime now;
};

using RatingTablePool = TablePool<RatingTable, &Storage::open_ratings>;
using AccountTablePool = TablePool<AccountTable, &Storage::open_accounts>;

// The connections and settings pages work with. Thread-safe: each pool leases a connection per use.
struct Resources {
    Resources(const CollectorConfig& config, Storage& storage);
    const CollectorConfig& config;
    const DashboardSettings& settings;
    Storage& storage;
    KioskTablePool kiosks;
    ContentTablePool content;
    AmbassadorTablePool ambassadors;
    QuestionTablePool questions;
    RatingTablePool ratings;
    AccountTablePool accounts;
};

// The pages of the navigation bar, in order; `nav` of render_page is one of these keys.
// overview, questions, kiosks, alerts, publish, ambassadors
// A page rendered from the template `template_name` (an asset, "overview.mustache") with `context`, inside the
// layout (layout.mustache: title, navigation with `nav` marked current, the account's name, sign-out). The
// context also gets "csrf" (the token, for hidden fields named "csrf") and "account". Every {{value}} is
// HTML-escaped by the template engine; pages never build markup from data by concatenation.
HttpResponse render_page(const PageRequest& request, std::string_view nav, std::string_view title,
                         std::string_view template_name, nlohmann::json context, int status = 200);
// Renders a template (an asset) with `context` on its own (no layout): the sign-in page, fragments. Throws
// std::runtime_error for an unknown template.
std::string render_template(std::string_view template_name, const nlohmann::json& context);
// 303 See Other to `location` (a path under /dashboard/): after every successful POST.
HttpResponse see_other(const std::string& location);
// A file to save: Content-Disposition: attachment; filename=...
HttpResponse download(std::string content_type, const std::string& filename, std::string body);

// A page: GET renders, POST acts and redirects (or re-renders with the error and what was typed).
using PageHandler = std::function<HttpResponse(const PageRequest&, Resources&)>;
struct Route {
    std::string method;  // "GET" or "POST"
    std::string path;    // exact path: "/dashboard/questions", "/dashboard/questions/answer"
    PageHandler handler;
};

}  // namespace floorsync::collector::dashboard

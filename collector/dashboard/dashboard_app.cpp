// The dashboard's front door: routing under /dashboard/, sign-in and sign-out, session and CSRF checks, security
// headers on every reply, static files, and the pages for signed-in accounts.
#include "collector/dashboard/dashboard_app.hpp"

#include "collector/dashboard/assets.hpp"
#include "collector/dashboard/client_address.hpp"
#include "sync/shared/sodium_support.hpp"

#include <sodium.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace floorsync::collector::dashboard {

namespace {

constexpr const char* kSessionCookie = "floor_session";
// Sign-in has no session yet: its form carries a token that must equal this cookie's (a double-submitted token), so
// another site cannot sign a browser in.
constexpr const char* kSigninCookie = "floor_signin";
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
constexpr const char* kStaticCaching = "public, max-age=604800";  // the layout links them with ?v=VERSION
constexpr const char* kFormExpired =
    "The form has expired or did not come from this dashboard; reload the page and try again.";
constexpr const char* kSessionEnded = "Your session has ended; please sign in again.";
constexpr const char* kNotSignedIn = "You are not signed in (or your session has ended); please sign in again.";
constexpr const char* kDatabaseDown = "The collector's database is unavailable; try again in a moment.";
constexpr std::size_t kTokenHexChars = 64;

void log_line(const std::string& text) { std::fprintf(stderr, "kiosk-collector: %s\n", text.c_str()); }

bool reading(const HttpRequest& request) { return request.method == "GET" || request.method == "HEAD"; }

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semicolon = header.find(';');
        std::string_view pair = header.substr(0, semicolon);
        while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
        const auto equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
            std::string_view value = pair.substr(equals + 1);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
            return std::string(value);
        }
        if (semicolon == std::string_view::npos) break;
        header.remove_prefix(semicolon + 1);
    }
    return {};
}

bool same_token(const std::string& a, const std::string& b) {
    return a.size() == kTokenHexChars && b.size() == kTokenHexChars && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_token() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    return crypto::to_hex(bytes, sizeof bytes);
}

// Only our own pages may be returned to after sign-in: a path under /dashboard/ of plain printable ASCII, never
// "//host" or a backslash that a browser could read as another site.
bool is_return_path(const std::string& next) {
    if (next.rfind("/dashboard/", 0) != 0 || next.size() > 2000) return false;
    if (next.find("//") != std::string::npos || next.find('\\') != std::string::npos) return false;
    for (const char c : next)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
    for (const char* excluded : {"/dashboard/signin", "/dashboard/signout", "/dashboard/static/"})
        if (next.rfind(excluded, 0) == 0) return false;
    return true;
}

bool is_form(const std::string& content_type) {
    constexpr std::string_view kForm = "application/x-www-form-urlencoded";
    if (content_type.size() < kForm.size()) return false;
    for (std::size_t i = 0; i < kForm.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(content_type[i])) != kForm[i]) return false;
    const char after = content_type.size() > kForm.size() ? content_type[kForm.size()] : ';';
    return after == ';' || after == ' ';
}

std::string session_cookie(const std::string& token, bool secure) {
    return std::string(kSessionCookie) + "=" + token + "; Path=/dashboard; HttpOnly; SameSite=Strict" +
           (secure ? "; Secure" : "");
}

std::string expired_cookie(const char* name, const char* path, bool secure) {
    return std::string(name) + "=; Path=" + path + "; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string read_file(const std::string& path, bool& found) {
    std::ifstream in(path, std::ios::binary);
    found = static_cast<bool>(in);
    if (!found) return {};
    std::ostringstream bytes;
    bytes << in.rdbuf();
    found = static_cast<bool>(in) || in.eof();
    return bytes.str();
}

HttpResponse standalone_error(int status, const std::string& title, const std::string& message) {
    return HttpResponse{status, "text/html; charset=utf-8",
                        render_template("error.mustache",
                                        {{"title", title}, {"message", message}, {"static_version", FLOOR_VERSION}}),
                        {},
                        false};
}

HttpResponse plain(int status, std::string text) {
    return HttpResponse{status, "text/plain; charset=utf-8", std::move(text) + "\n", {}, false};
}

}  // namespace

struct DashboardApp::Impl {
    Impl(Resources& shared, std::vector<Route> page_list, Clock now, PasswordLimits limits)
        : resources(shared),
          pages(std::move(page_list)),
          clock(std::move(now)),
          accounts(shared.accounts, shared.settings, limits, clock),
          client_addresses(shared.settings.trusted_proxies) {
        crypto::ensure_sodium();
        bool found = false;
        chart_js = read_file(resources.settings.chart_js, found);
        chart_js_found = found;
        if (!found)
            log_line("warning: Chart.js was not found at '" + resources.settings.chart_js +
                     "' (install Debian's libjs-chart.js, or set chart_js in [dashboard]); the dashboard's pages show "
                     "their figures as tables only");
    }

    Resources& resources;
    std::vector<Route> pages;
    Clock clock;
    AccountService accounts;
    ClientAddresses client_addresses;
    std::string chart_js;  // read once, at start
    bool chart_js_found = false;

    bool secure(const HttpRequest& request) const {
        const std::string& mode = resources.settings.secure_cookies;
        return mode == "always" || (mode == "auto" && request.over_tls);
    }

    HttpResponse route(const HttpRequest& request);
    HttpResponse static_file(const HttpRequest& request, const std::string& name);
    HttpResponse signin_form(const HttpRequest& request, int status, const std::string& name, const std::string& next,
                             const std::string& error, const std::string& notice);
    HttpResponse signin(const HttpRequest& request);
    HttpResponse page(const HttpRequest& request);
    HttpResponse in_layout(const PageRequest& request, int status, const std::string& title, const std::string& message);
};

HttpResponse DashboardApp::Impl::static_file(const HttpRequest& request, const std::string& name) {
    if (!reading(request)) {
        auto reply = plain(405, "use GET for static files");
        reply.headers.emplace_back("Allow", "GET, HEAD");
        return reply;
    }
    HttpResponse reply;
    if (name == "chart.min.js") {
        if (!chart_js_found)
            return plain(404, "Chart.js is not installed on the collector (" + resources.settings.chart_js + ")");
        reply = HttpResponse{200, "text/javascript; charset=utf-8", chart_js, {}, false};
    } else if (name == "dashboard.css" || name == "dashboard.js") {
        const auto bytes = asset(name);
        if (!bytes) return plain(404, "no such file: " + name);
        reply = HttpResponse{200, name == "dashboard.css" ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
                             std::string(*bytes), {}, false};
    } else {
        return plain(404, "no such file: " + name);
    }
    reply.headers.emplace_back("Cache-Control", kStaticCaching);
    return reply;
}

HttpResponse DashboardApp::Impl::signin_form(const HttpRequest& request, int status, const std::string& name,
                                             const std::string& next, const std::string& error,
                                             const std::string& notice) {
    // The same token while the browser keeps it: a re-rendered form then reads the same however the attempt failed.
    std::string token = cookie_value(request.cookie, kSigninCookie);
    const bool fresh = !crypto::is_lower_hex(token, 32);
    if (fresh) token = random_token();
    nlohmann::json context = {{"csrf", token}, {"name", name}, {"next", is_return_path(next) ? next : ""},
                              {"error", error}, {"notice", notice}, {"static_version", FLOOR_VERSION}};
    HttpResponse reply{status, "text/html; charset=utf-8", render_template("signin.mustache", context), {}, false};
    if (fresh)
        reply.headers.emplace_back("Set-Cookie", std::string(kSigninCookie) + "=" + token +
                                                     "; Path=/dashboard/signin; HttpOnly; SameSite=Strict" +
                                                     (secure(request) ? "; Secure" : ""));
    return reply;
}

HttpResponse DashboardApp::Impl::signin(const HttpRequest& request) {
    if (reading(request)) {
        FormFields query;
        try {
            query = FormFields::parse(request.query);
        } catch (const FormError& error) {
            return plain(400, error.what());
        }
        const auto current = accounts.check_session(cookie_value(request.cookie, kSessionCookie));
        const std::string next = query.get("next");
        if (current.state == SessionCheck::State::valid) return see_other(is_return_path(next) ? next : "/dashboard/");
        std::string notice;
        if (query.has("ended")) notice = kSessionEnded;
        if (query.has("signed_out")) notice = "You have signed out.";
        return signin_form(request, 200, "", next, "", notice);
    }
    if (request.method != "POST") {
        auto reply = plain(405, "use GET or POST for /dashboard/signin");
        reply.headers.emplace_back("Allow", "GET, HEAD, POST");
        return reply;
    }
    if (!is_form(request.content_type)) return plain(415, "send the sign-in form as application/x-www-form-urlencoded");
    FormFields form;
    try {
        form = FormFields::parse(request.body);
    } catch (const FormError& error) {
        return plain(400, error.what());
    }
    const std::string name = form.get("name");
    const std::string next = form.get("next");
    if (!same_token(form.get("csrf"), cookie_value(request.cookie, kSigninCookie)))
        return signin_form(request, 403, name, next, kFormExpired, "");

    std::string password = form.get("password");
    const SignInResult result = accounts.sign_in(
        name, password, client_addresses.throttle_address(request.remote_address, request.forwarded_for));
    sodium_memzero(password.data(), password.size());
    switch (result.outcome) {
        case SignInResult::Outcome::signed_in: {
            HttpResponse reply = see_other(is_return_path(next) ? next : "/dashboard/");
            reply.headers.emplace_back("Set-Cookie", session_cookie(result.token, secure(request)));
            reply.headers.emplace_back("Set-Cookie", expired_cookie(kSigninCookie, "/dashboard/signin", secure(request)));
            return reply;
        }
        case SignInResult::Outcome::throttled: {
            HttpResponse reply = signin_form(request, 429, name, next, result.message, "");
            reply.headers.emplace_back("Retry-After", std::to_string(result.retry_after_seconds));
            return reply;
        }
        case SignInResult::Outcome::refused: break;
    }
    return signin_form(request, 200, name, next, result.message, "");
}

HttpResponse DashboardApp::Impl::in_layout(const PageRequest& request, int status, const std::string& title,
                                           const std::string& message) {
    return render_page(request, "", title, "message.mustache",
                       {{"message", message}, {"error", true}, {"link", "/dashboard/"}, {"link_label", "Go to the overview"}},
                       status);
}

HttpResponse DashboardApp::Impl::page(const HttpRequest& request) {
    const std::string token = cookie_value(request.cookie, kSessionCookie);
    const SessionCheck session = accounts.check_session(token);
    if (session.state != SessionCheck::State::valid) {
        const bool ended = session.state == SessionCheck::State::ended;
        HttpResponse reply;
        if (reading(request)) {
            const std::string asked = request.path + (request.query.empty() ? "" : "?" + request.query);
            reply = see_other("/dashboard/signin?next=" + url_encode(asked) + (ended ? "&ended=1" : ""));
        } else {
            reply = standalone_error(403, "Not signed in", ended ? kSessionEnded : kNotSignedIn);
        }
        if (!token.empty()) reply.headers.emplace_back("Set-Cookie", expired_cookie(kSessionCookie, "/dashboard", secure(request)));
        return reply;
    }

    // Which route answers comes first: a method no route of the path takes is 405 (and an unknown path 404), not a
    // CSRF refusal that would send the person to reload a form that does not exist.
    const std::string method = request.method == "HEAD" ? "GET" : request.method;
    const bool signing_out = request.path == "/dashboard/signout";
    const Route* route = nullptr;
    std::string allowed = signing_out ? "POST" : "";
    for (const Route& candidate : pages) {
        if (candidate.path != request.path) continue;
        if (candidate.method == method && route == nullptr) route = &candidate;
        allowed += (allowed.empty() ? "" : ", ") + candidate.method + (candidate.method == "GET" ? ", HEAD" : "");
    }
    const bool answered = route != nullptr || (signing_out && method == "POST");

    FormFields form;
    if (answered && !reading(request)) {
        if (!request.body.empty() && !is_form(request.content_type))
            return plain(415, "send forms as application/x-www-form-urlencoded");
        try {
            form = FormFields::parse(request.body);
        } catch (const FormError& error) {
            return plain(400, error.what());
        }
        const std::string sent = form.has("csrf") ? form.get("csrf") : request.csrf_header;
        if (!same_token(sent, session.csrf_token)) return standalone_error(403, "Form expired", kFormExpired);
    }
    PageRequest page_request{request, session.account, session.csrf_token, {}, std::move(form), clock()};
    try {
        page_request.query = FormFields::parse(request.query);
    } catch (const FormError& error) {
        return in_layout(page_request, 400, "Bad address", std::string("This address cannot be read: ") + error.what());
    }

    if (!answered) {
        if (allowed.empty())
            return in_layout(page_request, 404, "Page not found", "There is no page at " + request.path + ".");
        auto reply = signing_out
                         ? in_layout(page_request, 405, "Use the sign-out button",
                                     "Sign out with the button at the top of the page.")
                         : in_layout(page_request, 405, "Not allowed",
                                     request.method + " is not possible on " + request.path + ".");
        reply.headers.emplace_back("Allow", allowed);
        return reply;
    }

    if (signing_out) {
        accounts.sign_out(token);
        HttpResponse reply = see_other("/dashboard/signin?signed_out=1");
        reply.headers.emplace_back("Set-Cookie", expired_cookie(kSessionCookie, "/dashboard", secure(request)));
        return reply;
    }
    try {
        return route->handler(page_request, resources);
    } catch (const FormError& error) {
        return in_layout(page_request, 400, "Cannot read the form", error.what());
    }
}

HttpResponse DashboardApp::Impl::route(const HttpRequest& request) {
    if (request.path == "/" || request.path == "/dashboard") {
        if (reading(request)) return see_other("/dashboard/");
        auto reply = plain(405, "use GET for " + request.path);
        reply.headers.emplace_back("Allow", "GET, HEAD");
        return reply;
    }
    constexpr std::string_view kStatic = "/dashboard/static/";
    if (request.path.rfind(kStatic, 0) == 0) return static_file(request, request.path.substr(kStatic.size()));
    try {
        if (request.path == "/dashboard/signin") return signin(request);
        return page(request);
    } catch (const StorageError& error) {
        log_line(std::string("database error in the dashboard: ") + error.what());
        auto reply = standalone_error(503, "Database unavailable", kDatabaseDown);
        reply.headers.emplace_back("Retry-After", std::to_string(resources.config.retry_after_seconds));
        return reply;
    } catch (const std::exception& error) {
        log_line("internal error on " + request.method + " " + request.path + ": " + error.what());
        return standalone_error(500, "Something went wrong",
                                "The dashboard could not answer this request; the collector's log says why.");
    }
}

DashboardApp::DashboardApp(Resources& resources, std::vector<Route> pages, Clock clock, PasswordLimits limits)
    : impl_(std::make_unique<Impl>(resources, std::move(pages), std::move(clock), limits)) {}

DashboardApp::~DashboardApp() = default;

std::optional<HttpResponse> DashboardApp::handle(const HttpRequest& request) {
    const bool ours = request.path == "/" || request.path == "/dashboard" || request.path.rfind("/dashboard/", 0) == 0;
    if (!ours) return std::nullopt;
    HttpResponse reply = impl_->route(request);
    const bool cacheable = reply.status == 200 && request.path.rfind("/dashboard/static/", 0) == 0;
    auto& headers = reply.headers;
    headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    headers.emplace_back("X-Content-Type-Options", "nosniff");
    headers.emplace_back("Referrer-Policy", "no-referrer");
    headers.emplace_back("X-Frame-Options", "DENY");
    if (!cacheable) headers.emplace_back("Cache-Control", "no-store");
    return reply;
}

}  // namespace floorsync::collector::dashboard

// The dashboard behind the collector's HTTP server: sign-in and sign-out, sessions, CSRF checks, security headers,
// static files (Debian's Chart.js, the style sheet and script), and the pages (pages.hpp) for signed-in accounts.
#pragma once

#include "collector/dashboard/account_service.hpp"
#include "collector/dashboard/web.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace floorsync::collector::dashboard {

// Thread-safe: worker threads call handle() at once.
class DashboardApp {
public:
    using Clock = std::function<SystemTime()>;
    // `limits`: the cost of password hashes (tests pass PasswordLimits::lowest()).
    DashboardApp(Resources& resources, std::vector<Route> pages, Clock clock = [] { return std::chrono::system_clock::now(); },
                 PasswordLimits limits = PasswordLimits::interactive());
    ~DashboardApp();

    // "/" redirects to the dashboard; "/dashboard" and everything under it is answered here; nullopt for any
    // other path (the protocol API answers it).
    std::optional<HttpResponse> handle(const HttpRequest& request);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync::collector::dashboard

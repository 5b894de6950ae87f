// Every page of the dashboard behind sign-in: overview, questions, kiosks, alerts, publishing, ambassadors, exports.
#pragma once

#include "collector/dashboard/web.hpp"

#include <vector>

namespace floorsync::collector::dashboard {

// The routes of all pages (page_routes.cpp); the dashboard app adds sign-in, sign-out and the static files.
std::vector<Route> page_routes();

}  // namespace floorsync::collector::dashboard

// The routes of every page behind sign-in, gathered from the page files.
#include "collector/dashboard/pages.hpp"

namespace floorsync::collector::dashboard {

std::vector<Route> page_routes() {
    std::vector<Route> routes;
    return routes;
}

}  // namespace floorsync::collector::dashboard

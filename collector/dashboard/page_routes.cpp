// The routes of every page behind sign-in, gathered from the page files.
#include "collector/dashboard/pages.hpp"

#include "collector/dashboard/page_helpers.hpp"

namespace floorsync::collector::dashboard {

std::vector<Route> page_routes() {
    std::vector<Route> routes;
    for (auto part : {overview_page_routes, questions_page_routes, kiosks_page_routes, alerts_page_routes,
                      publish_page_routes, ambassadors_page_routes, export_page_routes}) {
        for (auto& route : part()) routes.push_back(std::move(route));
    }
    return routes;
}

}  // namespace floorsync::collector::dashboard

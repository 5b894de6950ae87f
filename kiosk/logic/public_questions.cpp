// Filters the snapshot's questions to what employees may see, and orders them by how many asked the same.
#include "kiosk/logic/public_questions.hpp"

#include <algorithm>

namespace kiosk {

std::vector<std::string> served_departments(const KioskConfig& config) {
    if (config.picks_department()) return config.departments;
    if (config.department.empty()) return {};
    return {config.department};
}

std::vector<const floorsync::questions::View*> public_questions(const std::vector<floorsync::questions::View>& all,
                                                                const std::vector<std::string>& departments) {
    using floorsync::questions::View;
    std::vector<const View*> shown;
    for (const View& question : all) {
        if (!floorsync::questions::is_public(question)) continue;
        const bool ours = question.department.empty() ||
                          std::find(departments.begin(), departments.end(), question.department) != departments.end();
        if (ours) shown.push_back(&question);
    }
    std::sort(shown.begin(), shown.end(), [](const View* a, const View* b) {
        if (a->votes != b->votes) return a->votes > b->votes;
        if (a->day != b->day) return a->day > b->day;
        if (a->revision != b->revision) return a->revision > b->revision;
        return a->id < b->id;
    });
    return shown;
}

}  // namespace kiosk

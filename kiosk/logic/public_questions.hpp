// The questions employees may see on a kiosk: the privacy rule of the questions screen, in one pure function.
#pragma once

#include "kiosk/logic/config.hpp"
#include "sync/shared/question_view.hpp"

#include <string>
#include <vector>

namespace kiosk {

// The departments a kiosk serves: its one fixed department, or the list its employees pick from.
std::vector<std::string> served_departments(const KioskConfig& config);

// Of `all` (the snapshot's questions, in every state), the ones employees may see here: questions::is_public
// (published, or answered in public; never new, dismissed or answered only to the asker), asked in one of
// `departments` or organisation-wide (department ""). Most votes first; ties: the newer day, then the later
// revision, then the id, so the order never depends on the order of the snapshot. Pointers into `all`.
std::vector<const floorsync::questions::View*> public_questions(const std::vector<floorsync::questions::View>& all,
                                                                const std::vector<std::string>& departments);

}  // namespace kiosk

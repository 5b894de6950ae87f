// Where the kiosk keeps its data by default: the XDG data directory of the user running it.
#pragma once

#include <string>

namespace floorsync {

// $XDG_DATA_HOME/floor-feedback when XDG_DATA_HOME is set to an absolute path, else
// $HOME/.local/share/floor-feedback; throws std::runtime_error when neither variable is usable.
std::string default_data_dir();

// default_data_dir() + "/kiosk.db"
std::string default_database_path();

}  // namespace floorsync

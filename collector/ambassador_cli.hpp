// The `kiosk-collector ambassador ...` commands: add, list, reset-pin and remove, with the PIN read from standard
// input (never from the command line).
#pragma once

#include "collector/content_cli.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace floorsync::collector {

// An ambassador command line that cannot be read: an unknown subcommand or option, a missing --name. Exit code 2.
struct AmbassadorUsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The option names the ambassador commands take (without "--") besides --id and --department, for the program's
// argument parser.
const std::vector<std::string>& ambassador_value_options();

// Reads a PIN from `in`: when it is a terminal, twice without echo (prompts on stderr) and compared; otherwise its
// first line. Throws AmbassadorError when nothing was read or the two entries differ.
std::string read_pin(std::FILE* in);

// Runs `ambassador add|list|reset-pin|remove ...` (`words` starts with "ambassador") on the database `db`; the PIN
// comes from `pin_input`. Output goes to `out`, notes to stderr. Throws AmbassadorUsageError for a bad command line,
// AmbassadorError for what the rules refuse (exit code 1), StorageError when the database fails.
// `ignored_options` are the program's own options (--db, --config), which every command accepts.
int run_ambassador_command(const std::vector<std::string>& words, const OptionValues& options, const std::string& db,
                           const std::vector<std::string>& ignored_options, std::FILE* pin_input, std::FILE* out);

}  // namespace floorsync::collector

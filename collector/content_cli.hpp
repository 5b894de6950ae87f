// The `kiosk-collector content ...` commands: add, edit, withdraw, list and show what the kiosks display, from
// command-line options and an item file (TOML).
#pragma once

#include "collector/cli_options.hpp"

#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace floorsync::collector {

// A content command line or item file that cannot be read: an unknown option, a bad --kind, a time that is none of
// the accepted forms, an unknown key in the file. what() names the option or FILE:LINE: key. Exit code 2.
struct ContentUsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The option names the content commands take (without "--"), for the program's argument parser.
const std::vector<std::string>& content_value_options();
const std::vector<std::string>& content_flag_options();
// Options that may be given an empty value (--body "" clears the body).
bool content_option_may_be_empty(const std::string& name);

// Runs `content add|edit|withdraw|list|show ...` (`words` starts with "content") on the database `db`. Output goes
// to `out`. Content the rules refuse is reported on stderr naming the field and the option ("translations.nl.title
// (--title): contains the control character U+202E"); then nothing was stored and it returns 1. Throws
// ContentUsageError for a bad command line or item file, StorageError when the database fails.
// `ignored_options` are the program's own options (--db, --config), which every command accepts.
int run_content_command(const std::vector<std::string>& words, const OptionValues& options, const std::string& db,
                        const std::vector<std::string>& ignored_options, std::FILE* out);

}  // namespace floorsync::collector

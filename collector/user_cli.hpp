// The `kiosk-collector user ...` commands: add, list, reset-password and remove dashboard accounts, with the
// password read from standard input (never from the command line).
#pragma once

#include "collector/cli_options.hpp"
#include "collector/dashboard/account_service.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace floorsync::collector {

// A user command line that cannot be read: an unknown subcommand or option, a missing --name. Exit code 2.
struct UserUsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Reads a password from `in`: when it is a terminal, twice without echo (prompts on stderr) and compared; otherwise
// its first line. Throws dashboard::AccountError when nothing was read or the two entries differ.
std::string read_password(std::FILE* in);

// Runs `user add|list|reset-password|remove ...` (`words` starts with "user") on the database `db`; the password
// comes from `password_input`. Output goes to `out`. Throws UserUsageError for a bad command line,
// dashboard::AccountError for what the rules refuse (exit code 1), StorageError when the database fails.
// `ignored_options` are the program's own options (--db, --config), which every command accepts.
int run_user_command(const std::vector<std::string>& words, const OptionValues& options, const std::string& db,
                     const std::vector<std::string>& ignored_options, std::FILE* password_input, std::FILE* out,
                     dashboard::PasswordLimits limits = dashboard::PasswordLimits::interactive());

}  // namespace floorsync::collector

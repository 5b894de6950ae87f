// The `kiosk-collector question ...` commands: list, publish, answer and dismiss, for the central team to act on the
// questions no ambassador can act on (organisation-wide ones, departments without an ambassador).
#pragma once

#include "collector/content_cli.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace floorsync::collector {

// A question command line that cannot be read: an unknown subcommand, option or state, a missing --id or --text.
// Exit code 2.
struct QuestionUsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The option names the question commands take (without "--") besides --id and --department, for the program's
// argument parser.
const std::vector<std::string>& question_value_options();

// Runs `question list|publish|answer|dismiss ...` (`words` starts with "question") on the database `db`. Output goes
// to `out`. Throws QuestionUsageError for a bad command line, CentralQuestionError for what the rules refuse (exit
// code 1), StorageError when the database fails. `ignored_options` are the program's own options (--db, --config),
// which every command accepts.
int run_question_command(const std::vector<std::string>& words, const OptionValues& options, const std::string& db,
                         const std::vector<std::string>& ignored_options, std::FILE* out);

}  // namespace floorsync::collector

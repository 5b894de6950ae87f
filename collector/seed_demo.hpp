// `kiosk-collector seed-demo`: fills an empty collector database with a living demo organisation (sites,
// departments, kiosks, weeks of ratings with reasons, questions with answers and votes, published content,
// ambassadors and a dashboard account), through the same services and the same ingest path as real data.
#pragma once

#include "collector/cli_options.hpp"
#include "collector/config.hpp"
#include "collector/storage/storage.hpp"
#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/clock.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace floorsync::collector {

// The database cannot take the demo: it already holds events or one of the demo's kiosks. Nothing was written.
struct SeedDemoError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A bad seed-demo command line (an unknown option, --weeks out of range). Exit code 2.
struct SeedDemoUsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline constexpr int kDemoMinWeeks = 2;  // the confidence drop needs two whole weeks
inline constexpr int kDemoMaxWeeks = 26;

struct SeedDemoOptions {
    int weeks = 8;           // whole weeks before the current one (which is filled up to now): the overview's default
    std::uint64_t seed = 1;  // the same seed and `now` give the same figures
    SystemTime now = std::chrono::system_clock::now();
    // Argon2id cost of the ambassadors' PINs and the account's password; tests may lower them.
    ambassador::KdfParams pin_params = ambassador::interactive_params();
    bool lowest_password_cost = false;  // PasswordLimits::lowest() for the account (tests only)
    bool create_account = true;         // the account "demo", unless an account exists
};

struct SeedDemoReport {
    std::size_t sites = 0;
    std::size_t departments = 0;
    std::size_t kiosks = 0;
    std::size_t ratings = 0;      // not suspect
    std::size_t suspect = 0;      // suspect repeated taps
    std::size_t reasons = 0;      // rating_reasons events
    std::size_t questions = 0;
    std::size_t votes = 0;
    std::size_t ambassador_actions = 0;  // question_moderation events
    std::size_t central_actions = 0;     // the central team's publish / answer
    std::size_t content_items = 0;
    std::size_t interest = 0;            // training_interest events
    std::size_t ambassadors = 0;
    std::string account_name;      // empty: no account was made (one existed, or not asked)
    std::string account_password;  // shown once by the command; never stored in clear
};

// Fills `storage`. Throws SeedDemoError before writing anything when the database holds events or a demo kiosk id;
// SeedDemoUsageError for weeks outside kDemoMinWeeks..kDemoMaxWeeks; StorageError when the database fails.
SeedDemoReport seed_demo(Storage& storage, const SeedDemoOptions& options);

// The option names seed-demo takes (without "--"), for the program's argument parser.
const std::vector<std::string>& seed_demo_value_options();

// Runs `seed-demo [--weeks N] [--seed N]` (`words` starts with "seed-demo") on config.db_path and prints what it
// made, and the account's password once with the address to open (config's listen address). `ignored_options`
// are the program's own options (--db, --config). Returns the exit code.
int run_seed_demo_command(const std::vector<std::string>& words, const OptionValues& options,
                          const CollectorConfig& config, const std::vector<std::string>& ignored_options,
                          std::FILE* out);

}  // namespace floorsync::collector

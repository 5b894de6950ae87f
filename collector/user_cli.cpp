// `kiosk-collector user ...`: reads the password from standard input (no echo on a terminal) and runs the
// AccountService; listings show names, creation and state, never hashes.
#include "collector/user_cli.hpp"

#include "collector/local_time.hpp"
#include "collector/secret_input.hpp"
#include "collector/storage/storage.hpp"

#include <algorithm>

namespace floorsync::collector {

namespace {

using dashboard::AccountError;
using dashboard::AccountService;

std::string required(const OptionValues& options, const std::string& name) {
    return required_option<UserUsageError>(options, name);
}
void allow_only(const OptionValues& options, const std::vector<std::string>& allowed,
                const std::vector<std::string>& ignored, const std::string& command) {
    allow_only_options<UserUsageError>(options, allowed, ignored, command);
}

std::string local_time_of(const std::string& rfc3339) {
    const auto time = parse_rfc3339(rfc3339);
    return time ? format_local_minutes(*time) : rfc3339;
}

int list(AccountService& service, std::FILE* out) {
    const auto users = service.list_users();
    if (users.empty()) std::fprintf(out, "no accounts (add one with: kiosk-collector user add --name NAME)\n");
    for (const UserRecord& user : users) {
        const std::string state = user.removed_at.empty() ? "active" : "removed " + local_time_of(user.removed_at);
        std::fprintf(out, "%s\tcreated=%s\tstate=%s\n", user.name.c_str(), local_time_of(user.created_at).c_str(),
                     state.c_str());
    }
    return 0;
}

}  // namespace

std::string read_password(std::FILE* in) {
    const SecretInput password = read_secret(in, "Password (at least 12 characters): ", "the same password again: ");
    switch (password.result) {
        case SecretInput::Result::entered: return password.secret.text;
        case SecretInput::Result::differ: throw AccountError("the two passwords differ; nothing was changed");
        case SecretInput::Result::nothing: break;
    }
    if (password.terminal) throw AccountError("no password was entered");
    throw AccountError("no password on standard input (type it when asked, or pipe it in: never on the command line)");
}

int run_user_command(const std::vector<std::string>& words, const OptionValues& options, const std::string& db,
                     const std::vector<std::string>& ignored_options, std::FILE* password_input, std::FILE* out,
                     dashboard::PasswordLimits limits) {
    if (words.size() != 2) throw UserUsageError("use: user add|list|reset-password|remove (see --help)");
    const std::string& action = words[1];
    const std::vector<std::string> known{"add", "list", "reset-password", "remove"};
    if (std::find(known.begin(), known.end(), action) == known.end())
        throw UserUsageError("unknown user command '" + action + "' (add, list, reset-password, remove)");
    allow_only(options, action == "list" ? std::vector<std::string>{} : std::vector<std::string>{"name"},
               ignored_options, "user " + action);
    const std::string name = action == "list" ? "" : required(options, "name");

    const auto storage = open_storage(db);
    dashboard::AccountTablePool accounts(*storage, 1, 0);
    static const DashboardSettings kSettings;  // the commands never sign in, so the throttling settings do not matter
    AccountService service(accounts, kSettings, limits);
    if (action == "add") {
        WipedString password{read_password(password_input)};
        service.add_user(name, password.text);
        std::fprintf(out, "account '%s' added; it can sign in at /dashboard/\n", name.c_str());
    } else if (action == "reset-password") {
        WipedString password{read_password(password_input)};
        service.reset_password(name, password.text);
        std::fprintf(out, "new password set for '%s'; its sessions have ended\n", name.c_str());
    } else if (action == "remove") {
        service.remove_user(name);
        std::fprintf(out, "account '%s' removed; its sessions have ended\n", name.c_str());
    } else {
        return list(service, out);
    }
    return 0;
}

}  // namespace floorsync::collector

// `kiosk-collector ambassador ...`: reads the PIN from standard input (no echo on a terminal) and runs
// AmbassadorService; listings show names, departments and states, never keys.
#include "collector/ambassador_cli.hpp"

#include "collector/ambassador_service.hpp"
#include "collector/local_time.hpp"
#include "collector/secret_input.hpp"
#include "collector/storage/storage.hpp"

#include <algorithm>
#include <cstring>

namespace floorsync::collector {

namespace {

std::string required(const OptionValues& options, const std::string& name) {
    return required_option<AmbassadorUsageError>(options, name);
}
void allow_only(const OptionValues& options, const std::vector<std::string>& allowed,
                const std::vector<std::string>& ignored, const std::string& command) {
    allow_only_options<AmbassadorUsageError>(options, allowed, ignored, command);
}

std::string state_of(const AmbassadorRecord& record) {
    if (record.removed_at.empty()) return "active";
    const auto removed = parse_rfc3339(record.removed_at);
    return "removed " + (removed ? format_local_minutes(*removed) : record.removed_at);
}

int list(AmbassadorService& service, std::FILE* out) {
    const auto records = service.list();
    if (records.empty())
        std::fprintf(out, "no ambassadors (add one with: kiosk-collector ambassador add --name NAME --department DEPT)\n");
    for (const AmbassadorRecord& record : records) {
        const auto created = parse_rfc3339(record.created_at);
        std::fprintf(out, "%s\tdepartment=%s\tname=%s\tcreated=%s\tstate=%s\n", record.id.c_str(),
                     record.department.c_str(), record.name.c_str(),
                     created ? format_local_minutes(*created).c_str() : record.created_at.c_str(),
                     state_of(record).c_str());
    }
    return 0;
}

}  // namespace

const std::vector<std::string>& ambassador_value_options() {
    static const std::vector<std::string> options{"name"};
    return options;
}

std::string read_pin(std::FILE* in) {
    const SecretInput pin = read_secret(in, "PIN (6 to 12 digits): ", "the same PIN again: ");
    switch (pin.result) {
        case SecretInput::Result::entered: return pin.secret.text;
        case SecretInput::Result::differ: throw AmbassadorError("the two PINs differ; nothing was changed");
        case SecretInput::Result::nothing: break;
    }
    if (pin.terminal) throw AmbassadorError("no PIN was entered");
    throw AmbassadorError("no PIN on standard input (type it when asked, or pipe it in: never on the command line)");
}

int run_ambassador_command(const std::vector<std::string>& words, const OptionValues& options, const std::string& db,
                           const std::vector<std::string>& ignored_options, std::FILE* pin_input, std::FILE* out) {
    if (words.size() != 2) throw AmbassadorUsageError("use: ambassador add|list|reset-pin|remove (see --help)");
    const std::string& action = words[1];
    const auto storage = open_storage(db);
    const auto table = storage->open_ambassadors();
    AmbassadorService service(*table);
    if (action == "add") {
        allow_only(options, {"name", "department"}, ignored_options, "ambassador add");
        const std::string name = required(options, "name");
        const std::string department = required(options, "department");
        WipedString pin{read_pin(pin_input)};
        const AmbassadorRecord added = service.add(name, department, pin.text);
        std::fprintf(out, "%s\n", added.id.c_str());
        std::fprintf(stderr, "ambassador '%s' added for '%s'; its kiosks get the credential with their next feed poll\n",
                     added.name.c_str(), added.department.c_str());
    } else if (action == "reset-pin") {
        allow_only(options, {"id"}, ignored_options, "ambassador reset-pin");
        const std::string id = required(options, "id");
        WipedString pin{read_pin(pin_input)};
        const AmbassadorRecord changed = service.reset_pin(id, pin.text);
        std::fprintf(out, "new PIN set for ambassador '%s' (%s); the old one stops working on each kiosk at its next "
                          "poll, at the collector at once\n",
                     changed.name.c_str(), changed.id.c_str());
    } else if (action == "remove") {
        allow_only(options, {"id"}, ignored_options, "ambassador remove");
        const std::string id = required(options, "id");
        service.remove(id);
        std::fprintf(out, "ambassador '%s' removed; kiosks drop the credential with their next poll\n", id.c_str());
    } else if (action == "list") {
        allow_only(options, {}, ignored_options, "ambassador list");
        return list(service, out);
    } else {
        throw AmbassadorUsageError("unknown ambassador command '" + action + "' (add, list, reset-pin, remove)");
    }
    return 0;
}

}  // namespace floorsync::collector

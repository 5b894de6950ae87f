// `kiosk-collector ambassador ...`: reads the PIN from standard input (no echo on a terminal) and runs
// AmbassadorService; listings show names, departments and states, never keys.
#include "collector/ambassador_cli.hpp"

#include "collector/ambassador_service.hpp"
#include "collector/local_time.hpp"
#include "collector/storage/storage.hpp"
#include "sync/shared/secret_bytes.hpp"

#include <termios.h>
#include <unistd.h>

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

// A string whose bytes are wiped when it goes (the PIN while it is read).
struct WipedString {
    std::string text;
    ~WipedString() { wipe_memory(text.data(), text.size()); }
};

// One line without its line end; false at end of input before anything was read.
bool read_line(std::FILE* in, std::string& line) {
    line.clear();
    int c = 0;
    bool any = false;
    while ((c = std::fgetc(in)) != EOF) {
        any = true;
        if (c == '\n') break;
        line.push_back(static_cast<char>(c));
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return any;
}

// Echo off on the terminal for as long as this lives.
class NoEcho {
public:
    explicit NoEcho(int fd) : fd_(fd) {
        if (tcgetattr(fd_, &saved_) != 0) return;
        termios quiet = saved_;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        active_ = tcsetattr(fd_, TCSANOW, &quiet) == 0;  // TCSANOW: keep keys typed ahead
    }
    ~NoEcho() {
        if (active_) tcsetattr(fd_, TCSANOW, &saved_);
    }
    NoEcho(const NoEcho&) = delete;
    NoEcho& operator=(const NoEcho&) = delete;

private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

std::string prompted_line(std::FILE* in, const char* prompt) {
    WipedString line;
    {
        NoEcho quiet(fileno(in));  // before the prompt: whatever is typed after it is never shown
        std::fputs(prompt, stderr);
        std::fflush(stderr);
        if (!read_line(in, line.text)) throw AmbassadorError("no PIN was entered");
    }
    std::fputs("\n", stderr);
    return line.text;
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
    if (isatty(fileno(in))) {
        WipedString first{prompted_line(in, "PIN (6 to 12 digits): ")};
        WipedString second{prompted_line(in, "the same PIN again: ")};
        if (first.text != second.text) throw AmbassadorError("the two PINs differ; nothing was changed");
        return first.text;
    }
    WipedString line;
    if (!read_line(in, line.text))
        throw AmbassadorError("no PIN on standard input (type it when asked, or pipe it in: never on the command line)");
    return line.text;
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

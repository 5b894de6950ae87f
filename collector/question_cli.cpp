// `kiosk-collector question ...`: reads the command line, runs CentralQuestionService and prints one line per
// question (id, department, day, state, votes, text): never the kiosk or a time finer than the day.
#include "collector/question_cli.hpp"

#include "collector/central_question_service.hpp"
#include "collector/storage/storage.hpp"

#include <algorithm>

namespace floorsync::collector {

namespace {

// How `question list --department` and the listing name organisation-wide questions (department "").
constexpr const char* kNoDepartment = "(none)";

std::string one(const OptionValues& options, const std::string& name) {
    return one_option<QuestionUsageError>(options, name);
}
std::string required(const OptionValues& options, const std::string& name) {
    return required_option<QuestionUsageError>(options, name);
}
void allow_only(const OptionValues& options, const std::vector<std::string>& allowed,
                const std::vector<std::string>& ignored, const std::string& command) {
    allow_only_options<QuestionUsageError>(options, allowed, ignored, command);
}

// The text on one line: line breaks and tabs become spaces (the full text is in `export --what questions`).
std::string one_line(std::string text) {
    std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
    return text;
}

std::string department_shown(const questions::View& view) {
    return view.department.empty() ? kNoDepartment : view.department;
}

QuestionFilter filter_of(const OptionValues& options) {
    QuestionFilter filter;
    if (options.count("department") != 0) {
        const std::string department = one(options, "department");
        filter.department = department == kNoDepartment ? std::string() : department;
    }
    if (options.count("state") != 0) {
        const std::string state = one(options, "state");
        filter.state = questions::state_from_string(state);
        if (!filter.state)
            throw QuestionUsageError("unknown --state '" + state +
                                     "' (new, published, answered, answered_privately, dismissed)");
    }
    return filter;
}

int list(CentralQuestionService& service, const QuestionFilter& filter, std::FILE* out) {
    const auto records = service.list(filter);
    if (records.empty()) std::fprintf(stderr, "no questions%s\n", filter.department || filter.state ? " match" : "");
    for (const QuestionRecord& record : records) {
        const questions::View& v = record.view;
        std::fprintf(out, "%s\tdepartment=%s\tday=%s\tstate=%s\tvotes=%lld\ttext=%s\n", v.id.c_str(),
                     department_shown(v).c_str(), v.day.c_str(), questions::to_string(v.state),
                     static_cast<long long>(v.votes), one_line(v.text).c_str());
    }
    return 0;
}

// Which kiosks get the change, and when.
std::string reach_of(const questions::View& view) {
    if (!view.department.empty())
        return "the kiosks of '" + view.department + "' get it with their next feed poll";
    if (questions::is_public(view)) return "every kiosk gets it with its next feed poll";
    return "it shows on no kiosk (an organisation-wide question shows only while published or answered); kiosks "
           "that showed it drop it at their next feed poll";
}

void report(const QuestionRecord& record, std::FILE* out) {
    std::fprintf(out, "question %s is now %s; %s\n", record.view.id.c_str(), questions::to_string(record.view.state),
                 reach_of(record.view).c_str());
}

}  // namespace

const std::vector<std::string>& question_value_options() {
    static const std::vector<std::string> options{"state", "text", "by"};
    return options;
}

int run_question_command(const std::vector<std::string>& words, const OptionValues& options, const std::string& db,
                         const std::vector<std::string>& ignored_options, std::FILE* out) {
    if (words.size() != 2) throw QuestionUsageError("use: question list|publish|answer|dismiss (see --help)");
    const std::string& action = words[1];
    if (action == "list") {
        allow_only(options, {"department", "state"}, ignored_options, "question list");
    } else if (action == "publish" || action == "dismiss") {
        allow_only(options, {"id"}, ignored_options, "question " + action);
    } else if (action == "answer") {
        allow_only(options, {"id", "text", "by"}, ignored_options, "question answer");
    } else {
        throw QuestionUsageError("unknown question command '" + action + "' (list, publish, answer, dismiss)");
    }
    // The command line is read in full before the database is opened: a usage error never touches it.
    const QuestionFilter filter = action == "list" ? filter_of(options) : QuestionFilter{};
    const std::string id = action == "list" ? "" : required(options, "id");
    const std::string text = action == "answer" ? required(options, "text") : "";
    const std::string by = options.count("by") != 0 ? one(options, "by") : kCentralTeamName;

    const auto storage = open_storage(db);
    const auto table = storage->open_questions();
    CentralQuestionService service(*table);
    if (action == "list") return list(service, filter, out);
    if (action == "publish") report(service.publish(id), out);
    if (action == "answer") report(service.answer(id, text, by), out);
    if (action == "dismiss") report(service.dismiss(id), out);
    return 0;
}

}  // namespace floorsync::collector

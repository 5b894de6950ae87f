// The questions page (GET /dashboard/questions): per department the open questions by age, the answered share, the
// median time to a first answer and the most-voted; the filterable list; and publishing, answering and dismissing
// through CentralQuestionService, on the same rules as an ambassador on a kiosk.
#include "collector/dashboard/page_helpers.hpp"

#include "collector/central_question_service.hpp"
#include "collector/local_time.hpp"
#include "sync/shared/clock.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace floorsync::collector::dashboard {

namespace {

using nlohmann::json;
using questions::State;

const std::map<std::string, std::string> kNotices = {
    {"published", "The question is published: every kiosk of its department shows it."},
    {"answered", "The answer is saved: kiosks show it at their next poll."},
    {"dismissed", "The question is dismissed: kiosks no longer show it."},
};

constexpr const char* kOrganisationWide = "(organisation-wide)";

const std::map<std::string, std::string> kServiceFields = {{"--text", "The answer"}, {"--by", "The name"}};
constexpr const char* kNoQuestionNamed =
    "The form did not say which question it is about (its question id is missing); reload the page and use the "
    "form under the question.";

const char* state_label(State state) {
    switch (state) {
        case State::open: return "new";
        case State::published: return "published";
        case State::answered: return "answered";
        case State::answered_privately: return "answered privately";
        case State::dismissed: return "dismissed";
    }
    return "";
}

// "0 days", "1 day", "2.5 days" (a median of two may fall between whole days).
std::string days_text(double days) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, days == std::floor(days) ? "%.0f %s" : "%.1f %s", days,
                  days == 1 ? "day" : "days");
    return buffer;
}

// Whole local days from the day asked to the day of the first answer, never finer: whoever answered knows when.
std::optional<int> days_to_first_answer(const QuestionRecord& record) {
    const auto answered = parse_rfc3339(record.first_answer_at);
    if (!answered) return std::nullopt;
    return std::max(days_between(record.view.day, local_day(*answered)), 0);
}

// The figures of one department's questions.
json department_stats(const std::string& department, const std::vector<const QuestionRecord*>& records,
                      const std::string& today, int threshold) {
    std::int64_t open_today = 0, open_week = 0, open_older = 0, answered = 0, considered = 0;
    std::vector<double> waits;
    std::vector<const QuestionRecord*> voted;
    for (const QuestionRecord* record : records) {
        const State state = record->view.state;
        if (state == State::open) {
            const int age = days_between(record->view.day, today);
            (age <= 0 ? open_today : age <= 7 ? open_week : open_older) += 1;
        }
        if (state != State::dismissed) {
            ++considered;
            if (state == State::answered || state == State::answered_privately) ++answered;
            if (record->view.votes > 0) voted.push_back(record);
        }
        if (const auto wait = days_to_first_answer(*record)) waits.push_back(*wait);
    }
    // Only over at least `threshold` answered questions, like every figure: a median of one or two is their wait.
    std::string median = waits.empty() ? "no answer yet" : "too few answered questions";
    if (waits.size() >= static_cast<std::size_t>(threshold)) {
        std::sort(waits.begin(), waits.end());
        const std::size_t middle = waits.size() / 2;
        median = days_text(waits.size() % 2 == 1 ? waits[middle] : (waits[middle - 1] + waits[middle]) / 2);
    }
    std::string share = "no questions";
    if (considered > 0)
        share = std::to_string(answered) + " of " + std::to_string(considered) + " (" +
                std::to_string(answered * 100 / considered) + "%)";
    std::stable_sort(voted.begin(), voted.end(),
                     [](const QuestionRecord* a, const QuestionRecord* b) { return a->view.votes > b->view.votes; });
    json top = json::array();
    for (std::size_t i = 0; i < voted.size() && i < 3; ++i)
        top.push_back({{"text", voted[i]->view.text}, {"votes", std::to_string(voted[i]->view.votes)}});
    return {{"department", department.empty() ? std::string(kOrganisationWide) : department},
            {"open_today", std::to_string(open_today)},
            {"open_week", std::to_string(open_week)},
            {"open_older", std::to_string(open_older)},
            {"answered_share", share},
            {"median_first_answer", median},
            {"top", top}};
}

// What a POST that failed hands back to the page: the question it was about, the message, what was typed.
struct Draft {
    std::string question_id;
    std::string error;
    std::string text;
    std::string by;
};

struct ListFilter {
    std::string department;  // "" all, kNoneValue organisation-wide, or a name
    std::string state;       // "" all, or a state name
};

ListFilter filter_from(const FormFields& fields, const char* department_field, const char* state_field) {
    ListFilter filter{fields.get(department_field), fields.get(state_field)};
    if (!filter.state.empty() && !questions::state_from_string(filter.state)) filter.state.clear();
    return filter;
}

std::string filter_query(const ListFilter& filter) {
    std::string query;
    if (!filter.department.empty()) query += "&department=" + url_encode(filter.department);
    if (!filter.state.empty()) query += "&state=" + url_encode(filter.state);
    return query;
}

bool matches(const QuestionRecord& record, const ListFilter& filter) {
    if (!filter.department.empty()) {
        const std::string wanted = filter.department == kNoneValue ? std::string() : filter.department;
        if (record.view.department != wanted) return false;
    }
    return filter.state.empty() || filter.state == questions::to_string(record.view.state);
}

json signer_choices(const PageRequest& request, const std::string& selected) {
    json choices = json::array();
    choices.push_back({{"value", kCentralTeamName}, {"label", kCentralTeamName},
                       {"selected", selected.empty() || selected == kCentralTeamName}});
    if (request.account.name != kCentralTeamName)
        choices.push_back({{"value", request.account.name}, {"label", request.account.name + " (your name)"},
                           {"selected", selected == request.account.name}});
    return choices;
}

json question_entry(const QuestionRecord& record, const PageRequest& request, const Draft* draft) {
    const auto& view = record.view;
    const bool drafted = draft != nullptr && draft->question_id == view.id;
    const bool answered = view.state == State::answered;
    json entry = {
        {"id", view.id},
        {"text", view.text},
        {"department", view.department.empty() ? std::string(kOrganisationWide) : view.department},
        {"day", view.day},
        {"state", state_label(view.state)},
        {"state_key", questions::to_string(view.state)},
        {"votes", std::to_string(view.votes)},
        {"answered", answered},
        {"answer", view.answer},
        {"answer_by", view.answer_by},
        {"answered_day", view.answered_day},
        {"answered_privately", view.state == State::answered_privately},
        {"can_publish", view.state == State::open || view.state == State::dismissed},
        {"can_dismiss", view.state != State::dismissed},
        // An answer being edited starts from the current one; after an error, from what was typed.
        {"draft", drafted ? draft->text : (answered ? view.answer : std::string())},
        {"signers", signer_choices(request, drafted ? draft->by : (answered ? view.answer_by : std::string()))},
        {"error", text_or_null(drafted ? draft->error : std::string())},
        {"open_form", drafted},
    };
    return entry;
}

json choice(const std::string& value, const std::string& label, const std::string& selected) {
    return {{"value", value}, {"label", label}, {"selected", value == selected}};
}

HttpResponse render_questions(const PageRequest& request, Resources& resources, const ListFilter& filter,
                              const Draft* draft, int status) {
    const auto records = with_table(resources.questions, [](QuestionTable& table) {
        CentralQuestionService service(table);
        return service.list({});
    });
    const std::string today = local_day(request.now);

    std::map<std::string, std::vector<const QuestionRecord*>> by_department;
    for (const auto& record : records) by_department[record.view.department].push_back(&record);
    json stats = json::array();
    for (const auto& [department, list] : by_department)
        stats.push_back(department_stats(department, list, today, resources.settings.anonymity_threshold));

    std::set<std::string> departments;
    for (const auto& name : kiosk_departments(resources)) departments.insert(name);
    for (const auto& [department, list] : by_department)
        if (!department.empty()) departments.insert(department);
    json department_choices = json::array();
    department_choices.push_back(choice("", "All departments", filter.department));
    department_choices.push_back(choice(kNoneValue, kOrganisationWide, filter.department));
    for (const auto& name : departments) department_choices.push_back(choice(name, name, filter.department));
    json state_choices = json::array();
    state_choices.push_back(choice("", "Any state", filter.state));
    for (const State state : {State::open, State::published, State::answered, State::answered_privately, State::dismissed})
        state_choices.push_back(choice(questions::to_string(state), state_label(state), filter.state));

    json list = json::array();
    bool error_placed = false;  // at its question; else (filtered out, unknown id) at the top of the page
    // Newest day first, and within a day by public id: never in the order asked, which would tell who asked which.
    std::vector<const QuestionRecord*> ordered;
    for (const auto& record : records) ordered.push_back(&record);
    std::sort(ordered.begin(), ordered.end(), [](const QuestionRecord* a, const QuestionRecord* b) {
        return a->view.day != b->view.day ? a->view.day > b->view.day : a->view.id < b->view.id;
    });
    for (const QuestionRecord* it : ordered) {
        if (!matches(*it, filter)) continue;
        list.push_back(question_entry(*it, request, draft));
        error_placed = error_placed || (draft != nullptr && draft->question_id == it->view.id);
    }

    json context = {
        {"notice", text_or_null(notice_text(kNotices, request))},
        {"error", text_or_null(draft != nullptr && !error_placed ? draft->error : std::string())},
        {"stats", stats},
        {"department_choices", department_choices},
        {"state_choices", state_choices},
        {"filter_department", filter.department},
        {"filter_state", filter.state},
        {"questions", list},
        {"none", list.empty()},
    };
    return render_page(request, "questions", "Questions", "questions.mustache", std::move(context), status);
}

HttpResponse questions_page(const PageRequest& request, Resources& resources) {
    return render_questions(request, resources, filter_from(request.query, "department", "state"), nullptr, 200);
}

// Runs one action; on success back to the list (with its filter) and the notice, else the list with the error at
// the question and what was typed.
template <class Action>
HttpResponse act(const PageRequest& request, Resources& resources, const char* notice, Action&& action) {
    const ListFilter filter = filter_from(request.form, "filter_department", "filter_state");
    Draft draft{request.form.get("id"), "", request.form.get("text"), request.form.get("by")};
    // Checked before the service's own rules, which would first find fault with the text ("The answer is empty").
    if (draft.question_id.empty()) {
        draft.error = kNoQuestionNamed;
        return render_questions(request, resources, filter, &draft, 400);
    }
    try {
        with_table(resources.questions, [&](QuestionTable& table) {
            CentralQuestionService service(table, [now = request.now] { return now; });
            action(service);
            return 0;
        });
    } catch (const CentralQuestionError& error) {
        draft.error = form_message(error.what(), kServiceFields);
        return render_questions(request, resources, filter, &draft, 400);
    }
    return see_other("/dashboard/questions?notice=" + std::string(notice) + filter_query(filter) + "#q-" +
                     url_encode(draft.question_id));
}

HttpResponse publish_question(const PageRequest& request, Resources& resources) {
    return act(request, resources, "published",
               [&](CentralQuestionService& service) { service.publish(request.form.get("id")); });
}

HttpResponse answer_question(const PageRequest& request, Resources& resources) {
    // The name under the answer: the central team, or the signed-in account's own name; nothing else.
    std::string by = request.form.get("by", kCentralTeamName);
    if (by != kCentralTeamName && by != request.account.name) by = kCentralTeamName;
    return act(request, resources, "answered", [&](CentralQuestionService& service) {
        service.answer(request.form.get("id"), request.form.get("text"), by);
    });
}

HttpResponse dismiss_question(const PageRequest& request, Resources& resources) {
    if (request.form.get("confirm") != "yes") {
        Draft draft{request.form.get("id"), "Tick “Yes, dismiss this question” to dismiss it.", "", ""};
        return render_questions(request, resources, filter_from(request.form, "filter_department", "filter_state"),
                                &draft, 400);
    }
    return act(request, resources, "dismissed",
               [&](CentralQuestionService& service) { service.dismiss(request.form.get("id")); });
}

}  // namespace

std::vector<Route> questions_page_routes() {
    return {
        {"GET", "/dashboard/questions", questions_page},
        {"POST", "/dashboard/questions/publish", publish_question},
        {"POST", "/dashboard/questions/answer", answer_question},
        {"POST", "/dashboard/questions/dismiss", dismiss_question},
    };
}

}  // namespace floorsync::collector::dashboard

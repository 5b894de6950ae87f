// Questions and answers: a vote becomes one question_vote event per question and visit, naming no person.
#include "kiosk/logic/screens/questions_screen.hpp"

#include "kiosk/logic/public_questions.hpp"
#include "kiosk/logic/screens/pickup_screen.hpp"
#include "kiosk/logic/strings.hpp"
#include "sync/shared/event_types.hpp"

namespace kiosk {

namespace {

floorsync::questions::View sample_question(int n, const std::string& text, floorsync::questions::State state, std::int64_t votes) {
    floorsync::questions::View q;
    q.id = floorsync::questions::public_id("sample-question-" + std::to_string(n));
    q.day = "2026-12-01";
    q.text = text;
    q.state = state;
    q.votes = votes;
    return q;
}

}  // namespace

ScreenPtr QuestionsScreen::sample(ScreenHost& host) {
    auto screen = std::make_unique<QuestionsScreen>();
    if (!host.content().questions.empty()) return screen;
    // The sample texts come from the string tables, so a screenshot in each language reads naturally.
    const StringTables strings = StringTables::embedded();
    const std::string& language = host.language();
    using State = floorsync::questions::State;
    const std::string department = served_departments(host.config()).empty() ? "" : served_departments(host.config()).front();
    auto first = sample_question(1, strings.get(language, text::questions_sample_question_1), State::answered, 14);
    first.department = department;
    first.answer = strings.get(language, text::questions_sample_answer_1);
    first.answer_by = strings.get(language, text::questions_sample_ambassador);
    auto second = sample_question(2, strings.get(language, text::questions_sample_question_2), State::published, 6);
    second.department = department;
    auto third = sample_question(3, strings.get(language, text::questions_sample_question_3), State::answered, 3);
    third.answer = strings.get(language, text::questions_sample_answer_3);
    third.answer_by = strings.get(language, text::questions_sample_ambassador);
    screen->samples_ = {std::move(first), std::move(second), std::move(third)};
    screen->sample_list_ = public_questions(screen->samples_, served_departments(host.config()));
    return screen;
}

const std::vector<const floorsync::questions::View*>& QuestionsScreen::questions(const ScreenHost& host) const {
    return samples_.empty() ? host.content().questions : sample_list_;
}

Transition QuestionsScreen::handle(const Input& input, ScreenHost& host, TimePoint now) {
    if (input.kind == Input::Kind::open_screen && input.text == PickupScreen::kName) return go_to<PickupScreen>(host);
    return ContentScreen::handle(input, host, now);
}

Transition QuestionsScreen::handle_own(const Input& input, ScreenHost& host, TimePoint) {
    if (input.kind != Input::Kind::vote) return Transition::stay();
    const std::string& question = input.text;
    // Only a question employees may see now (not one dismissed since the frame was drawn, nor a sample).
    if (!host.catalog().find_public_question(question)) return Transition::stay();
    Visit& visit = host.visit();
    // A second tap in the same visit does not count again.
    if (!visit.questions_voted.insert(question).second) return Transition::stay();
    visit.votes_failed.erase(question);
    const floorsync::events::QuestionVote payload{question};
    // As "I'll be there": a kiosk serving several departments does not ask which; the vote says only "one more".
    const std::string department = host.config().picks_department() ? "" : host.config().department;
    const std::uint64_t ticket =
        host.submit(host.make_event(host.new_id(), payload.type, floorsync::events::encode(payload), department));
    visit.votes_saving[ticket] = question;
    return Transition::stay();
}

QuestionsScreen::Vote QuestionsScreen::vote(const ScreenHost& host, const std::string& question_id) const {
    const Visit& visit = host.visit();
    for (const auto& [ticket, id] : visit.votes_saving)
        if (id == question_id) return Vote::saving;
    if (visit.votes_failed.count(question_id)) return Vote::failed;
    return visit.questions_voted.count(question_id) ? Vote::given : Vote::none;
}

}  // namespace kiosk

// Drives a kiosk Shell the way a finger would, one named action at a time, and reads back what the screen shows.
#pragma once

#include "kiosk/logic/screens/all_screens.hpp"
#include "kiosk/logic/shell.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk_test {

// The screens' names, for CHECK(f.flow.screen() == screen_name::home).
namespace screen_name {
inline constexpr std::string_view home = kiosk::HomeScreen::kName;
inline constexpr std::string_view department = kiosk::DepartmentScreen::kName;
inline constexpr std::string_view saving = kiosk::SavingScreen::kName;
inline constexpr std::string_view follow_up = kiosk::FollowUpScreen::kName;
inline constexpr std::string_view thank_you = kiosk::ThankYouScreen::kName;
inline constexpr std::string_view ask = kiosk::AskScreen::kName;
inline constexpr std::string_view store_error = kiosk::StoreErrorScreen::kName;
inline constexpr std::string_view cleaning = kiosk::CleaningScreen::kName;
inline constexpr std::string_view why = kiosk::WhyScreen::kName;
inline constexpr std::string_view news = kiosk::NewsScreen::kName;
inline constexpr std::string_view timeline = kiosk::TimelineScreen::kName;
inline constexpr std::string_view training = kiosk::TrainingScreen::kName;
inline constexpr std::string_view questions = kiosk::QuestionsScreen::kName;
inline constexpr std::string_view pickup = kiosk::PickupScreen::kName;
inline constexpr std::string_view pickup_result = kiosk::PickupResultScreen::kName;
inline constexpr std::string_view pin = kiosk::PinScreen::kName;
inline constexpr std::string_view ambassador_queue = kiosk::AmbassadorQueueScreen::kName;
inline constexpr std::string_view ambassador_question = kiosk::AmbassadorQuestionScreen::kName;
inline constexpr std::string_view answer = kiosk::AnswerScreen::kName;
}  // namespace screen_name

class ShellDriver {
public:
    explicit ShellDriver(kiosk::Shell& shell) : shell_(shell) {}

    using TimePoint = kiosk::TimePoint;

    // Input.
    void tap_face(int score, TimePoint now) { shell_.input(kiosk::in::tap_face(score), now); }
    void choose_language(std::string code, TimePoint now) { shell_.input(kiosk::in::choose_language(std::move(code)), now); }
    void start_cleaning(TimePoint now) { shell_.input(kiosk::in::start_cleaning(), now); }
    void open_ask(TimePoint now) { shell_.input(kiosk::in::open_ask(), now); }
    void open_screen(std::string name, TimePoint now) { shell_.input(kiosk::in::open_screen(std::move(name)), now); }
    void go_home(TimePoint now) { shell_.input(kiosk::in::go_home(), now); }
    void choose_department(std::size_t index, TimePoint now) { shell_.input(kiosk::in::choose_department(index), now); }
    void prefer_not_to_say(TimePoint now) { shell_.input(kiosk::in::prefer_not_to_say(), now); }
    void toggle_reason(std::size_t index, TimePoint now) { shell_.input(kiosk::in::toggle_reason(index), now); }
    void finish_follow_up(TimePoint now) { shell_.input(kiosk::in::finish_follow_up(), now); }
    void skip_follow_up(TimePoint now) { shell_.input(kiosk::in::skip_follow_up(), now); }
    void close_thank_you(TimePoint now) { shell_.input(kiosk::in::close_thank_you(), now); }
    kiosk::InsertResult type_text(std::string text, TimePoint now) {
        shell_.input(kiosk::in::type_text(std::move(text)), now);
        return last_insert_result();
    }
    kiosk::InsertResult type_codepoint(char32_t c, TimePoint now) {
        shell_.input(kiosk::in::type_codepoint(c), now);
        return last_insert_result();
    }
    // What the key does, as the screen's keyboard sees it (found on a copy first, then pressed for real).
    kiosk::KeyOutcome press_key(std::size_t row, std::size_t column, TimePoint now) {
        kiosk::KeyboardLayout copy = keyboard();
        const kiosk::KeyOutcome outcome = copy.press(row, column);
        shell_.input(kiosk::in::press_key(row, column), now);
        return outcome;
    }
    void backspace(TimePoint now) { shell_.input(kiosk::in::backspace(), now); }
    void send_question(TimePoint now) { shell_.input(kiosk::in::send_question(), now); }
    void cancel_question(TimePoint now) { shell_.input(kiosk::in::cancel_question(), now); }
    void dismiss_error(TimePoint now) { shell_.input(kiosk::in::dismiss_error(), now); }
    void note_activity(TimePoint now) { shell_.input(kiosk::in::note_activity(), now); }
    void choose_tab(std::size_t index, TimePoint now) { shell_.input(kiosk::in::choose_tab(index), now); }
    void scroll_to(float em, TimePoint now) { shell_.input(kiosk::in::scroll_to(em), now); }
    void attend_training(std::string id, TimePoint now) { shell_.input(kiosk::in::attend_training(std::move(id)), now); }
    void vote(std::string question_id, TimePoint now) { shell_.input(kiosk::in::vote(std::move(question_id)), now); }
    void submit(TimePoint now) { shell_.input(kiosk::in::submit(), now); }
    void back(TimePoint now) { shell_.input(kiosk::in::back(), now); }
    // The PIN pad and the ambassador screens.
    void enter_pin(std::string_view digits, TimePoint now) {
        for (char digit : digits) shell_.input(kiosk::in::press_digit(digit - '0'), now);
        shell_.input(kiosk::in::submit(), now);
    }
    void lock(TimePoint now) { shell_.input(kiosk::in::lock(), now); }
    void choose_sort(kiosk::QueueOrder order, TimePoint now) { shell_.input(kiosk::in::choose_sort(kiosk::index_of(order)), now); }
    void open_question(std::string id, TimePoint now) { shell_.input(kiosk::in::open_question(std::move(id)), now); }
    void moderate(std::string action, TimePoint now) { shell_.input(kiosk::in::moderate(std::move(action)), now); }
    void tick(TimePoint now) { shell_.tick(now); }
    bool show_sample(std::string_view name, TimePoint now, std::string_view question = {}) {
        return shell_.show_sample(name, now, question);
    }

    // What shows.
    std::string_view screen() const { return shell_.screen_name(); }
    template <class S>
    const S* as() const {
        return shell_.screen_as<S>();
    }
    std::optional<TimePoint> next_deadline() const { return shell_.next_deadline(); }
    const std::string& language() const { return shell_.language(); }
    const kiosk::KioskConfig& config() const { return shell_.config(); }
    bool last_store_failed() const { return shell_.last_store_failed(); }
    std::uint64_t events_submitted() const { return shell_.events_submitted(); }

    // The subject of the saving, thank-you, error or department screen; nullopt elsewhere.
    std::optional<kiosk::Subject> subject() const {
        if (const auto* s = as<kiosk::ThankYouScreen>()) return s->subject();
        if (const auto* s = as<kiosk::SavingScreen>()) return s->subject();
        if (const auto* s = as<kiosk::StoreErrorScreen>()) return s->subject();
        if (const auto* s = as<kiosk::DepartmentScreen>()) return s->subject();
        return std::nullopt;
    }
    // Ask screen (an empty editor elsewhere: leaving the screen destroyed the text).
    const kiosk::TextEditor& editor() const {
        if (const auto* s = as<kiosk::AskScreen>()) return s->editor();
        if (const auto* s = as<kiosk::AnswerScreen>()) return s->editor();
        return empty_editor_;
    }
    const kiosk::KeyboardLayout& keyboard() const {
        if (const auto* s = as<kiosk::AskScreen>()) return s->keyboard();
        if (const auto* s = as<kiosk::AnswerScreen>()) return s->keyboard();
        return fresh_keyboard_;
    }
    bool can_send_question() const { return !editor().is_blank(); }
    kiosk::InsertResult last_insert_result() const {
        if (const auto* s = as<kiosk::AskScreen>()) return s->last_insert_result();
        return kiosk::InsertResult::inserted;
    }
    // Saving and follow-up screens.
    int rating_score() const {
        if (const auto* s = as<kiosk::FollowUpScreen>()) return s->score();
        if (const auto* s = as<kiosk::SavingScreen>()) return s->score();
        return 0;
    }
    bool reason_selected(std::size_t index) const {
        const auto* s = as<kiosk::FollowUpScreen>();
        return s && s->selected(index);
    }
    bool any_reason_selected() const {
        const auto* s = as<kiosk::FollowUpScreen>();
        return s && s->any_selected();
    }
    // Error and cleaning screens.
    std::string error_detail() const {
        if (const auto* s = as<kiosk::StoreErrorScreen>()) return s->detail();
        return {};
    }
    int cleaning_seconds_left(TimePoint now) const {
        if (const auto* s = as<kiosk::CleaningScreen>()) return s->seconds_left(shell_.host(), now);
        return 0;
    }

    kiosk::Shell& shell() { return shell_; }

private:
    kiosk::Shell& shell_;
    kiosk::TextEditor empty_editor_{1};
    kiosk::KeyboardLayout fresh_keyboard_;
};

}  // namespace kiosk_test

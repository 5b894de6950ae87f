// The screen state machine: what the employee sees and what gets recorded, driven by taps and time.
#pragma once

#include "kiosk/logic/config.hpp"
#include "kiosk/logic/keyboard_layout.hpp"
#include "kiosk/logic/text_editor.hpp"
#include "sync/recorder.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

enum class Screen {
    home,        // the question, five faces, "ask a question", language switch, cleaning control
    department,  // which department (only when the config lists several), after a rating or a sent question
    saving,      // waiting until the recorder says the event is on disk
    follow_up,   // optional "why?" chips for the rating just stored
    thank_you,   // back home after thank_you_duration or a tap
    ask,         // text editor and on-screen keyboard
    store_error, // the event could not be stored: no thank-you
    cleaning,    // every tap ignored until the countdown ends
};
const char* to_string(Screen screen);

// What the current saving / thank-you / error screen is about.
enum class Subject { none, rating, reasons, question };

class Flow {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    using WallClock = std::function<std::string()>;    // RFC 3339 UTC "now" for created_at
    using IdGenerator = std::function<std::string()>;  // a new event id

    // The flow keeps references to config and sink; both must outlive it.
    Flow(const KioskConfig& config, floorsync::EventSink& sink, TimePoint now,
         WallClock wall_clock = {}, IdGenerator new_id = {});

    // --- Time: call before drawing each frame. Collects recorder results and applies timeouts.
    void tick(TimePoint now);
    // When the UI loop must wake up even without input (idle reset, thank-you end, countdown second);
    // nullopt: nothing will change by itself, sleep until input or a recorder/sync wake-up.
    std::optional<TimePoint> next_deadline() const;

    // --- Input. Every call first applies pending timeouts for `now`, then the input if it fits the screen;
    // input that does not fit the current screen is ignored.
    // home; score 1 (very unhappy) .. 5. A rating within repeat_tap_interval of the previous rating tap is
    // stored with "suspect": true but looks the same on screen (see the comment in flow.cpp for why).
    void tap_face(int score, TimePoint now);
    void choose_language(std::string_view code, TimePoint now);  // home; a configured language
    void start_cleaning(TimePoint now);                          // home
    void open_ask(TimePoint now);                                // home

    void choose_department(std::size_t index, TimePoint now);  // department; index into config().departments
    void prefer_not_to_say(TimePoint now);                     // department

    void toggle_reason(std::size_t index, TimePoint now);  // follow_up; index into config().reasons
    void finish_follow_up(TimePoint now);                  // follow_up "done": records the chosen reasons
    void skip_follow_up(TimePoint now);                    // follow_up "skip": records nothing more

    void close_thank_you(TimePoint now);  // thank_you: any tap goes home early

    KeyOutcome press_key(std::size_t row, std::size_t column, TimePoint now);  // ask: on-screen keyboard
    InsertResult type_text(std::string_view utf8, TimePoint now);             // ask: physical keyboard text
    InsertResult type_codepoint(char32_t codepoint, TimePoint now);           // ask: GLFW char callback
    void backspace(TimePoint now);                                            // ask
    void send_question(TimePoint now);    // ask (also the keyboard's enter key and a physical Enter)
    void cancel_question(TimePoint now);  // ask: discards the text

    void dismiss_error(TimePoint now);  // store_error: home, or back to ask with the question kept

    // Any other touch on the screen (e.g. on empty space): keeps the idle timer from firing mid-use.
    void note_activity(TimePoint now);

    // For screenshots only (kiosk --screen NAME): shows `screen` with sample content, records nothing.
    // sample_question is typed into the editor for the ask and store_error screens.
    void show_sample(Screen screen, TimePoint now, std::string_view sample_question = {});

    // --- State for drawing.
    Screen screen() const { return screen_; }
    Subject subject() const { return subject_; }
    const std::string& language() const { return language_; }
    const KioskConfig& config() const { return config_; }

    int rating_score() const { return rating_score_; }  // the face being saved / followed up, 0 if none
    bool reason_selected(std::size_t index) const;
    std::vector<std::string> selected_reason_keys() const;
    bool any_reason_selected() const;

    const TextEditor& editor() const { return editor_; }
    const KeyboardLayout& keyboard() const { return keyboard_; }
    bool can_send_question() const { return !editor_.is_blank(); }
    InsertResult last_insert_result() const { return last_insert_; }  // to show "limit reached" etc.

    int cleaning_seconds_left(TimePoint now) const;  // whole seconds, rounded up; 0 when not cleaning
    const std::string& error_detail() const { return error_detail_; }  // the recorder's reason, for the log line
    bool last_store_failed() const { return last_store_failed_; }       // for the status line
    // The department of the current action: "" while not chosen yet or "prefer not to say".
    const std::string& department() const { return department_; }

    // Counters for the status line and tests.
    std::uint64_t events_submitted() const { return events_submitted_; }

private:
    bool accept(Screen expected, TimePoint now);  // applies timeouts; true when input for `expected` counts
    void apply_timeouts(TimePoint now);
    void collect_results(TimePoint now);
    void show(Screen screen, TimePoint now);
    void reset_to_idle(TimePoint now);
    void after_main_action(Subject subject, TimePoint now);
    floorsync::Event main_action_event() const;
    void submit_and_wait(Subject subject, floorsync::Event event, TimePoint now);
    floorsync::Event make_event(std::string id, const char* type, std::string payload) const;
    void on_saved(bool stored, const std::string& error, TimePoint now);

    const KioskConfig& config_;
    floorsync::EventSink& sink_;
    WallClock wall_clock_;
    IdGenerator new_id_;

    Screen screen_ = Screen::home;
    Subject subject_ = Subject::none;
    std::string language_;
    TimePoint last_input_;
    TimePoint screen_since_;
    TimePoint last_seen_;  // the latest `now` given, for next_deadline()

    int rating_score_ = 0;
    bool rating_suspect_ = false;
    std::string rating_id_;
    std::optional<TimePoint> last_rating_at_;
    std::optional<TimePoint> rating_before_last_at_;  // restored when the last rating could not be stored
    std::vector<bool> reasons_chosen_;
    std::string department_;

    TextEditor editor_;
    KeyboardLayout keyboard_;
    InsertResult last_insert_ = InsertResult::inserted;

    std::optional<std::uint64_t> awaited_ticket_;
    std::string error_detail_;
    bool last_store_failed_ = false;
    std::uint64_t events_submitted_ = 0;
};

}  // namespace kiosk

// The screen state machine: what the employee sees and what gets recorded, driven by taps and time.
#include "kiosk/logic/flow.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"


#include <algorithm>

namespace kiosk {

const char* to_string(Screen screen) {
    switch (screen) {
    case Screen::home: return "home";
    case Screen::department: return "department";
    case Screen::saving: return "saving";
    case Screen::follow_up: return "follow-up";
    case Screen::thank_you: return "thank-you";
    case Screen::ask: return "ask";
    case Screen::store_error: return "store-error";
    case Screen::cleaning: return "cleaning";
    }
    return "?";
}

Flow::Flow(const KioskConfig& config, floorsync::EventSink& sink, TimePoint now, WallClock wall_clock, IdGenerator new_id)
    : config_(config),
      sink_(sink),
      wall_clock_(wall_clock ? std::move(wall_clock) : WallClock(&floorsync::utc_now_rfc3339)),
      new_id_(new_id ? std::move(new_id) : IdGenerator([] { return floorsync::new_uuid_v7(); })),
      language_(config.default_language),
      last_input_(now),
      screen_since_(now),
      last_seen_(now),
      reasons_chosen_(config.reasons.size(), false),
      editor_(config.max_question_length) {}

// --- Time ---------------------------------------------------------------------------------------------

void Flow::tick(TimePoint now) { apply_timeouts(now); }

void Flow::apply_timeouts(TimePoint now) {
    last_seen_ = std::max(last_seen_, now);
    collect_results(now);
    const bool idle = now >= last_input_ + config_.idle_timeout;
    switch (screen_) {
    case Screen::cleaning:
        if (now >= screen_since_ + config_.cleaning_lock_duration) reset_to_idle(now);
        break;
    case Screen::thank_you:
        if (now >= screen_since_ + config_.thank_you_duration) show(Screen::home, now);
        break;
    case Screen::home:
        // The next person should find the kiosk in its default language.
        if (idle && language_ != config_.default_language) reset_to_idle(now);
        break;
    case Screen::department:
        if (idle) {
            // The rating or question was given; only the department is unknown: keep it as "prefer not to say".
            department_.clear();
            ++events_submitted_;
            sink_.submit(main_action_event());
            reset_to_idle(now);
        }
        break;
    case Screen::saving:
    case Screen::follow_up:
    case Screen::ask:
    case Screen::store_error:
        if (idle) reset_to_idle(now);
        break;
    }
}

std::optional<Flow::TimePoint> Flow::next_deadline() const {
    using std::chrono::seconds;
    switch (screen_) {
    case Screen::cleaning: {
        const TimePoint end = screen_since_ + config_.cleaning_lock_duration;
        // Wake on every whole second of the countdown so the number on screen moves.
        const auto elapsed = std::chrono::duration_cast<seconds>(last_seen_ - screen_since_) + seconds(1);
        return std::min(end, screen_since_ + elapsed);
    }
    case Screen::thank_you:
        return screen_since_ + config_.thank_you_duration;
    case Screen::home:
        if (language_ != config_.default_language) return last_input_ + config_.idle_timeout;
        return std::nullopt;
    default:
        return last_input_ + config_.idle_timeout;
    }
}

void Flow::collect_results(TimePoint now) {
    for (const auto& result : sink_.take_results()) {
        last_store_failed_ = !result.stored;
        if (awaited_ticket_ && result.ticket == *awaited_ticket_) {
            awaited_ticket_.reset();
            on_saved(result.stored, result.error, now);
        }
    }
}

// --- Screens ------------------------------------------------------------------------------------------

void Flow::show(Screen screen, TimePoint now) {
    screen_ = screen;
    screen_since_ = now;
    if (screen == Screen::home) {  // whatever the last person did is over
        subject_ = Subject::none;
        rating_score_ = 0;
        std::fill(reasons_chosen_.begin(), reasons_chosen_.end(), false);
        error_detail_.clear();
    }
}

void Flow::reset_to_idle(TimePoint now) {
    editor_.clear();
    keyboard_.reset();
    std::fill(reasons_chosen_.begin(), reasons_chosen_.end(), false);
    department_.clear();
    rating_score_ = 0;
    rating_suspect_ = false;
    rating_id_.clear();
    awaited_ticket_.reset();
    error_detail_.clear();
    last_insert_ = InsertResult::inserted;
    language_ = config_.default_language;
    last_input_ = now;
    show(Screen::home, now);
}

bool Flow::accept(Screen expected, TimePoint now) {
    apply_timeouts(now);
    if (screen_ != expected) return false;
    last_input_ = now;
    return true;
}

void Flow::note_activity(TimePoint now) {
    apply_timeouts(now);
    if (screen_ != Screen::cleaning) last_input_ = now;
}

// --- Events -------------------------------------------------------------------------------------------

floorsync::Event Flow::make_event(std::string id, const char* type, std::string payload) const {
    floorsync::Event event;
    event.id = std::move(id);
    event.type = type;
    event.created_at = wall_clock_();
    event.kiosk_id = config_.kiosk_id;
    event.department = department_;
    event.language = language_;
    event.payload = std::move(payload);
    return event;
}

floorsync::Event Flow::main_action_event() const {
    if (subject_ == Subject::rating) {
        const floorsync::events::Rating rating{rating_score_, rating_suspect_};
        return make_event(rating_id_, rating.type, floorsync::events::encode(rating));
    }
    const floorsync::events::Question question{editor_.trimmed()};
    return make_event(new_id_(), question.type, floorsync::events::encode(question));
}

void Flow::after_main_action(Subject subject, TimePoint now) {
    subject_ = subject;
    if (config_.picks_department()) {
        department_.clear();
        show(Screen::department, now);
        return;
    }
    department_ = config_.department;
    submit_and_wait(subject, main_action_event(), now);
}

void Flow::submit_and_wait(Subject subject, floorsync::Event event, TimePoint now) {
    subject_ = subject;
    ++events_submitted_;
    awaited_ticket_ = sink_.submit(std::move(event));
    show(Screen::saving, now);
    collect_results(now);  // a sink may answer at once
}

// The thank-you appears only once the recorder confirmed the event is on disk.
void Flow::on_saved(bool stored, const std::string& error, TimePoint now) {
    if (screen_ != Screen::saving) return;
    if (!stored) {
        error_detail_ = error;
        if (subject_ == Subject::rating) last_rating_at_ = rating_before_last_at_;  // it never happened
        show(Screen::store_error, now);
        return;
    }
    switch (subject_) {
    case Subject::rating:
        if (config_.reasons.empty()) {
            show(Screen::thank_you, now);
        } else {
            std::fill(reasons_chosen_.begin(), reasons_chosen_.end(), false);
            show(Screen::follow_up, now);
        }
        break;
    case Subject::question:
        editor_.clear();
        keyboard_.reset();
        show(Screen::thank_you, now);
        break;
    case Subject::reasons:
    case Subject::none:
        show(Screen::thank_you, now);
        break;
    }
}

// --- Home ---------------------------------------------------------------------------------------------

// Repeat-tap guard: a rating within repeat_tap_interval of the previous rating tap is stored with
// "suspect": true. On screen it goes through exactly the same steps as any other rating: the kiosk cannot
// tell a double tap from a colleague who is next in line, so nobody is told off, and someone hammering a
// face gets no sign of what is filtered. The central team leaves suspect ratings out of the counts.
void Flow::tap_face(int score, TimePoint now) {
    if (score < 1 || score > 5 || !accept(Screen::home, now)) return;
    rating_score_ = score;
    rating_suspect_ = last_rating_at_ && config_.repeat_tap_interval.count() > 0 &&
                      now - *last_rating_at_ < config_.repeat_tap_interval;
    rating_before_last_at_ = last_rating_at_;
    last_rating_at_ = now;
    rating_id_ = new_id_();
    std::fill(reasons_chosen_.begin(), reasons_chosen_.end(), false);
    after_main_action(Subject::rating, now);
}

void Flow::choose_language(std::string_view code, TimePoint now) {
    if (std::find(config_.languages.begin(), config_.languages.end(), code) == config_.languages.end()) return;
    if (!accept(Screen::home, now)) return;
    language_ = std::string(code);
}

void Flow::start_cleaning(TimePoint now) {
    if (!accept(Screen::home, now)) return;
    show(Screen::cleaning, now);
}

void Flow::open_ask(TimePoint now) {
    if (!accept(Screen::home, now)) return;
    keyboard_.reset();
    last_insert_ = InsertResult::inserted;
    show(Screen::ask, now);
}

// --- Department ---------------------------------------------------------------------------------------

void Flow::choose_department(std::size_t index, TimePoint now) {
    if (index >= config_.departments.size() || !accept(Screen::department, now)) return;
    department_ = config_.departments[index];
    submit_and_wait(subject_, main_action_event(), now);
}

void Flow::prefer_not_to_say(TimePoint now) {
    if (!accept(Screen::department, now)) return;
    department_.clear();
    submit_and_wait(subject_, main_action_event(), now);
}

// --- Follow-up ----------------------------------------------------------------------------------------

void Flow::toggle_reason(std::size_t index, TimePoint now) {
    if (index >= reasons_chosen_.size() || !accept(Screen::follow_up, now)) return;
    reasons_chosen_[index] = !reasons_chosen_[index];
}

bool Flow::reason_selected(std::size_t index) const { return index < reasons_chosen_.size() && reasons_chosen_[index]; }

bool Flow::any_reason_selected() const { return std::find(reasons_chosen_.begin(), reasons_chosen_.end(), true) != reasons_chosen_.end(); }

std::vector<std::string> Flow::selected_reason_keys() const {
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < reasons_chosen_.size(); ++i)
        if (reasons_chosen_[i]) keys.push_back(config_.reasons[i].key);
    return keys;
}

// The reasons amend the rating just stored: one rating_reasons event naming its id, never a second rating.
void Flow::finish_follow_up(TimePoint now) {
    if (!accept(Screen::follow_up, now)) return;
    if (!any_reason_selected()) {
        show(Screen::thank_you, now);
        return;
    }
    const floorsync::events::RatingReasons amendment{rating_id_, selected_reason_keys()};
    submit_and_wait(Subject::reasons, make_event(new_id_(), amendment.type, floorsync::events::encode(amendment)), now);
}

void Flow::skip_follow_up(TimePoint now) {
    if (!accept(Screen::follow_up, now)) return;
    std::fill(reasons_chosen_.begin(), reasons_chosen_.end(), false);
    show(Screen::thank_you, now);
}

void Flow::close_thank_you(TimePoint now) {
    if (!accept(Screen::thank_you, now)) return;
    show(Screen::home, now);
}

// --- Ask a question -----------------------------------------------------------------------------------

KeyOutcome Flow::press_key(std::size_t row, std::size_t column, TimePoint now) {
    if (!accept(Screen::ask, now)) return {};
    const KeyOutcome outcome = keyboard_.press(row, column);
    switch (outcome.kind) {
    case KeyOutcome::Kind::insert: last_insert_ = editor_.insert(outcome.text); break;
    case KeyOutcome::Kind::backspace:
        editor_.backspace();
        last_insert_ = InsertResult::inserted;
        break;
    case KeyOutcome::Kind::enter: send_question(now); break;
    case KeyOutcome::Kind::none: break;
    }
    return outcome;
}

InsertResult Flow::type_text(std::string_view utf8, TimePoint now) {
    if (!accept(Screen::ask, now)) return InsertResult::refused_empty;
    last_insert_ = editor_.insert(utf8);
    return last_insert_;
}

InsertResult Flow::type_codepoint(char32_t codepoint, TimePoint now) {
    if (!accept(Screen::ask, now)) return InsertResult::refused_empty;
    last_insert_ = editor_.insert_codepoint(codepoint);
    return last_insert_;
}

void Flow::backspace(TimePoint now) {
    if (!accept(Screen::ask, now)) return;
    editor_.backspace();
    last_insert_ = InsertResult::inserted;
}

void Flow::send_question(TimePoint now) {
    if (!accept(Screen::ask, now)) return;
    if (editor_.is_blank()) {
        last_insert_ = InsertResult::refused_empty;  // the UI says "type a question first"
        return;
    }
    after_main_action(Subject::question, now);
}

void Flow::cancel_question(TimePoint now) {
    if (!accept(Screen::ask, now)) return;
    editor_.clear();
    keyboard_.reset();
    last_insert_ = InsertResult::inserted;
    show(Screen::home, now);
}

// --- Store error --------------------------------------------------------------------------------------

// A question goes back to the editor with its text, so it can be sent again; anything else goes home.
void Flow::dismiss_error(TimePoint now) {
    if (!accept(Screen::store_error, now)) return;
    if (subject_ == Subject::question) {
        subject_ = Subject::none;
        show(Screen::ask, now);
    } else {
        show(Screen::home, now);
    }
}

// --- Cleaning -----------------------------------------------------------------------------------------

int Flow::cleaning_seconds_left(TimePoint now) const {
    if (screen_ != Screen::cleaning) return 0;
    const auto left = screen_since_ + config_.cleaning_lock_duration - now;
    if (left <= left.zero()) return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count());
}

// --- Screenshots --------------------------------------------------------------------------------------

void Flow::show_sample(Screen screen, TimePoint now, std::string_view sample_question) {
    const std::string language = language_;  // --language comes first
    reset_to_idle(now);
    language_ = language;
    rating_score_ = 4;
    subject_ = Subject::rating;
    switch (screen) {
    case Screen::follow_up:
        for (std::size_t i = 0; i < reasons_chosen_.size(); i += 2) reasons_chosen_[i] = true;
        break;
    case Screen::ask:
    case Screen::store_error:
        subject_ = Subject::question;
        editor_.insert(sample_question);
        error_detail_ = screen == Screen::store_error ? "database or disk is full" : "";
        break;
    case Screen::home:
    case Screen::cleaning:
        rating_score_ = 0;
        subject_ = Subject::none;
        break;
    default:
        break;
    }
    show(screen, now);
    if (screen == Screen::home) subject_ = Subject::none;
}

}  // namespace kiosk

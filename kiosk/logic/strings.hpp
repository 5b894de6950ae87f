// String tables: every text the screens show, one TOML file per language in assets/strings/.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk {

// The keys of the string tables. Use these constants so a typo fails to compile;
// tests check that every key below exists in every table and that the tables have the same keys.
namespace text {
// Language
inline constexpr const char* language_name = "language.name";            // "English" / "Nederlands"
inline constexpr const char* language_choose = "language.choose";        // accessible label for the switch
// Home
inline constexpr const char* home_ask_button = "home.ask_button";        // "Ask a question"
inline constexpr const char* home_ask_button_short = "home.ask_button_short";  // when the hint does not fit: "Ask anonymously"
inline constexpr const char* home_ask_hint = "home.ask_hint";            // "anonymous"
inline constexpr const char* home_tap_hint = "home.tap_hint";            // "Tap a face"
inline constexpr const char* home_cleaning_button = "home.cleaning_button";
inline constexpr const char* face_1 = "home.face_1";  // "Very unsure" ... (spoken names of the faces)
inline constexpr const char* face_2 = "home.face_2";
inline constexpr const char* face_3 = "home.face_3";
inline constexpr const char* face_4 = "home.face_4";
inline constexpr const char* face_5 = "home.face_5";
// Department pick
inline constexpr const char* department_title = "department.title";
inline constexpr const char* department_hint = "department.hint";
inline constexpr const char* department_prefer_not = "department.prefer_not_to_say";
// Saving (waiting for the disk)
inline constexpr const char* saving_title = "saving.title";
// Follow-up
inline constexpr const char* followup_title = "followup.title";
inline constexpr const char* followup_hint = "followup.hint";
inline constexpr const char* followup_done = "followup.done";
inline constexpr const char* followup_skip = "followup.skip";
// Thank-you
inline constexpr const char* thanks_title = "thanks.title";
inline constexpr const char* thanks_rating = "thanks.rating";
inline constexpr const char* thanks_reasons = "thanks.reasons";
inline constexpr const char* thanks_question = "thanks.question";
inline constexpr const char* thanks_tap_to_close = "thanks.tap_to_close";
// Ask a question
inline constexpr const char* ask_title = "ask.title";
inline constexpr const char* ask_anonymous = "ask.anonymous";
inline constexpr const char* ask_placeholder = "ask.placeholder";
inline constexpr const char* ask_send = "ask.send";
inline constexpr const char* ask_cancel = "ask.cancel";
inline constexpr const char* ask_remaining_one = "ask.remaining_one";      // {count}
inline constexpr const char* ask_remaining_other = "ask.remaining_other";  // {count}
inline constexpr const char* ask_limit_reached = "ask.limit_reached";
inline constexpr const char* ask_empty = "ask.empty";
inline constexpr const char* ask_refused_character = "ask.refused_character";
// On-screen keyboard
inline constexpr const char* key_space = "keyboard.space";
inline constexpr const char* key_shift = "keyboard.shift";
inline constexpr const char* key_caps_lock = "keyboard.caps_lock";
inline constexpr const char* key_backspace = "keyboard.backspace";
inline constexpr const char* key_send = "keyboard.send";
inline constexpr const char* key_page_letters = "keyboard.page_letters";
inline constexpr const char* key_page_symbols = "keyboard.page_symbols";
inline constexpr const char* key_page_accents = "keyboard.page_accents";
// Store error
inline constexpr const char* error_title = "error.title";
inline constexpr const char* error_body = "error.body";
inline constexpr const char* error_question_kept = "error.question_kept";
inline constexpr const char* error_back = "error.back";
inline constexpr const char* error_detail = "error.detail";  // {detail}
// Cleaning lock
inline constexpr const char* cleaning_title = "cleaning.title";
inline constexpr const char* cleaning_body = "cleaning.body";
inline constexpr const char* cleaning_seconds_one = "cleaning.seconds_one";      // {count}
inline constexpr const char* cleaning_seconds_other = "cleaning.seconds_other";  // {count}
// Status line
inline constexpr const char* status_waiting_one = "status.waiting_one";      // {count}
inline constexpr const char* status_waiting_other = "status.waiting_other";  // {count}
inline constexpr const char* status_all_sent = "status.all_sent";
inline constexpr const char* status_quarantined = "status.quarantined";  // {count}
inline constexpr const char* status_storage_ok = "status.storage_ok";
inline constexpr const char* status_storage_error = "status.storage_error";
inline constexpr const char* status_no_collector = "status.no_collector";
inline constexpr const char* status_connecting = "status.connecting";
inline constexpr const char* status_online = "status.online";
inline constexpr const char* status_offline = "status.offline";
inline constexpr const char* status_retrying = "status.retrying";  // {seconds}
inline constexpr const char* status_kiosk = "status.kiosk";        // {kiosk} {site}
// Communication screens (why, news, timeline, training) and the strip on home
inline constexpr const char* home_nav_why = "home.nav_why";
inline constexpr const char* home_nav_news = "home.nav_news";
inline constexpr const char* home_nav_timeline = "home.nav_timeline";
inline constexpr const char* home_nav_training = "home.nav_training";
inline constexpr const char* strip_announcement = "strip.announcement";  // the strip's label per kind
inline constexpr const char* strip_you_said_we_did = "strip.you_said_we_did";
inline constexpr const char* strip_training = "strip.training";
inline constexpr const char* strip_why = "strip.why";
inline constexpr const char* content_back = "content.back";  // content screens: back to home
inline constexpr const char* content_empty = "content.empty";
inline constexpr const char* content_scroll_hint = "content.scroll_hint";
inline constexpr const char* why_title = "why.title";
inline constexpr const char* why_tab_organisation = "why.tab_organisation";
inline constexpr const char* why_tab_you = "why.tab_you";
inline constexpr const char* news_title = "news.title";
inline constexpr const char* news_you_said = "news.you_said";
inline constexpr const char* news_we_did = "news.we_did";
inline constexpr const char* timeline_title = "timeline.title";
inline constexpr const char* timeline_days_to_go_one = "timeline.days_to_go_one";  // {count}
inline constexpr const char* timeline_days_to_go_other = "timeline.days_to_go_other";  // {count}
inline constexpr const char* timeline_live_today = "timeline.live_today";
inline constexpr const char* timeline_live_since_one = "timeline.live_since_one";  // {count}
inline constexpr const char* timeline_live_since_other = "timeline.live_since_other";  // {count}
inline constexpr const char* timeline_go_live = "timeline.go_live";
inline constexpr const char* timeline_no_date = "timeline.no_date";
inline constexpr const char* training_title = "training.title";
inline constexpr const char* training_hint = "training.hint";
inline constexpr const char* training_attend = "training.attend";
inline constexpr const char* training_attending = "training.attending";
inline constexpr const char* training_saving = "training.saving";
inline constexpr const char* training_failed = "training.failed";
inline constexpr const char* training_seats_one = "training.seats_one";  // {count}
inline constexpr const char* training_seats = "training.seats";  // {count}
inline constexpr const char* training_place = "training.place";  // {place}
inline constexpr const char* date_day_month = "date.day_month";  // {weekday} {day} {month}
inline constexpr const char* date_day_month_year = "date.day_month_year";  // {day} {month} {year}
inline constexpr const char* date_days_range = "date.days_range";  // {start} {end}: a session over several days
inline constexpr const char* date_time_range = "date.time_range";  // {start} {end}
inline constexpr const char* weekday_0 = "date.weekday_0";  // 0 = Monday
inline constexpr const char* weekday_1 = "date.weekday_1";
inline constexpr const char* weekday_2 = "date.weekday_2";
inline constexpr const char* weekday_3 = "date.weekday_3";
inline constexpr const char* weekday_4 = "date.weekday_4";
inline constexpr const char* weekday_5 = "date.weekday_5";
inline constexpr const char* weekday_6 = "date.weekday_6";
inline constexpr const char* month_1 = "date.month_1";
inline constexpr const char* month_2 = "date.month_2";
inline constexpr const char* month_3 = "date.month_3";
inline constexpr const char* month_4 = "date.month_4";
inline constexpr const char* month_5 = "date.month_5";
inline constexpr const char* month_6 = "date.month_6";
inline constexpr const char* month_7 = "date.month_7";
inline constexpr const char* month_8 = "date.month_8";
inline constexpr const char* month_9 = "date.month_9";
inline constexpr const char* month_10 = "date.month_10";
inline constexpr const char* month_11 = "date.month_11";
inline constexpr const char* month_12 = "date.month_12";
// Weekday names by LocalTime::weekday and month names by number
const char* weekday_key(int weekday);  // 0 = Monday
const char* month_key(int month);      // 1..12
// PIN pad and ambassador screens
inline constexpr const char* pin_title = "pin.title";
inline constexpr const char* pin_hint = "pin.hint";
inline constexpr const char* pin_erase = "pin.erase";
inline constexpr const char* pin_ok = "pin.ok";
inline constexpr const char* pin_cancel = "pin.cancel";
inline constexpr const char* pin_checking = "pin.checking";
inline constexpr const char* pin_too_short = "pin.too_short";
inline constexpr const char* pin_wrong_one = "pin.wrong_one";  // {count}
inline constexpr const char* pin_wrong_other = "pin.wrong_other";  // {count}
inline constexpr const char* pin_wrong_locks_next = "pin.wrong_locks_next";
inline constexpr const char* pin_locked = "pin.locked";  // {time}: m:ss
inline constexpr const char* pin_failed = "pin.failed";  // {detail}
inline constexpr const char* pin_no_ambassadors = "pin.no_ambassadors";
inline constexpr const char* ambassador_title = "ambassador.title";  // {department}
inline constexpr const char* ambassador_signed_in = "ambassador.signed_in";  // {name}
inline constexpr const char* ambassador_auto_lock = "ambassador.auto_lock";  // {minutes}
inline constexpr const char* ambassador_lock = "ambassador.lock";
inline constexpr const char* ambassador_sort_newest = "ambassador.sort_newest";
inline constexpr const char* ambassador_sort_oldest = "ambassador.sort_oldest";
inline constexpr const char* ambassador_sort_votes = "ambassador.sort_votes";
inline constexpr const char* ambassador_state_new = "ambassador.state_new";
inline constexpr const char* ambassador_state_published = "ambassador.state_published";
inline constexpr const char* ambassador_state_answered = "ambassador.state_answered";
inline constexpr const char* ambassador_state_answered_privately = "ambassador.state_answered_privately";
inline constexpr const char* ambassador_state_dismissed = "ambassador.state_dismissed";
inline constexpr const char* ambassador_state_count = "ambassador.state_count";  // {state} {count}
inline constexpr const char* ambassador_age_today = "ambassador.age_today";
inline constexpr const char* ambassador_age_yesterday = "ambassador.age_yesterday";
inline constexpr const char* ambassador_age_days = "ambassador.age_days";  // {count}
inline constexpr const char* ambassador_votes = "ambassador.votes";  // {count}
inline constexpr const char* ambassador_empty = "ambassador.empty";  // {department}
inline constexpr const char* ambassador_back = "ambassador.back";
inline constexpr const char* ambassador_asked = "ambassador.asked";  // {age} {day}
inline constexpr const char* ambassador_department = "ambassador.department";  // {department}
inline constexpr const char* ambassador_organisation_wide = "ambassador.organisation_wide";
inline constexpr const char* ambassador_answer_by = "ambassador.answer_by";  // {name}
inline constexpr const char* ambassador_private_note = "ambassador.private_note";
inline constexpr const char* ambassador_no_answer = "ambassador.no_answer";
inline constexpr const char* ambassador_action_answer = "ambassador.action_answer";
inline constexpr const char* ambassador_action_edit = "ambassador.action_edit";
inline constexpr const char* ambassador_action_answer_private = "ambassador.action_answer_private";
inline constexpr const char* ambassador_action_publish = "ambassador.action_publish";
inline constexpr const char* ambassador_action_dismiss = "ambassador.action_dismiss";
inline constexpr const char* ambassador_dismiss_confirm = "ambassador.dismiss_confirm";
inline constexpr const char* ambassador_dismiss_yes = "ambassador.dismiss_yes";
inline constexpr const char* ambassador_dismiss_keep = "ambassador.dismiss_keep";
inline constexpr const char* ambassador_saving = "ambassador.saving";
inline constexpr const char* ambassador_saved = "ambassador.saved";  // {department}
inline constexpr const char* ambassador_not_saved = "ambassador.not_saved";  // {detail}
inline constexpr const char* ambassador_question_gone = "ambassador.question_gone";
inline constexpr const char* ambassador_answer_public_title = "ambassador.answer_public_title";
inline constexpr const char* ambassador_answer_private_title = "ambassador.answer_private_title";
inline constexpr const char* ambassador_answer_public_hint = "ambassador.answer_public_hint";  // {department} {name}
inline constexpr const char* ambassador_answer_private_hint = "ambassador.answer_private_hint";
inline constexpr const char* ambassador_answer_placeholder = "ambassador.answer_placeholder";
inline constexpr const char* ambassador_answer_empty = "ambassador.answer_empty";
inline constexpr const char* ambassador_answer_refused = "ambassador.answer_refused";  // {detail}: a text_rules violation
inline constexpr const char* ambassador_save = "ambassador.save";
inline constexpr const char* ambassador_cancel = "ambassador.cancel";
inline constexpr const char* ambassador_sample_answer = "ambassador.sample_answer";  // screenshots: the answer being typed
// Questions and answers, pickup codes (what employees see of the ambassadors' work)
inline constexpr const char* questions_home_button = "questions.home_button";
inline constexpr const char* questions_ambassador_button = "questions.ambassador_button";
inline constexpr const char* questions_title = "questions.title";
inline constexpr const char* questions_hint = "questions.hint";
inline constexpr const char* questions_empty = "questions.empty";
inline constexpr const char* questions_everyone = "questions.everyone";
inline constexpr const char* questions_answer_by = "questions.answer_by";  // {name}
inline constexpr const char* questions_looking_into_it = "questions.looking_into_it";
inline constexpr const char* questions_votes_one = "questions.votes_one";  // {count}
inline constexpr const char* questions_votes_other = "questions.votes_other";  // {count}
inline constexpr const char* questions_vote = "questions.vote";
inline constexpr const char* questions_voted = "questions.voted";
inline constexpr const char* questions_vote_saving = "questions.vote_saving";
inline constexpr const char* questions_vote_failed = "questions.vote_failed";
inline constexpr const char* questions_pickup_button = "questions.pickup_button";
inline constexpr const char* questions_sample_question_1 = "questions.sample_question_1";
inline constexpr const char* questions_sample_answer_1 = "questions.sample_answer_1";
inline constexpr const char* questions_sample_question_2 = "questions.sample_question_2";
inline constexpr const char* questions_sample_question_3 = "questions.sample_question_3";
inline constexpr const char* questions_sample_answer_3 = "questions.sample_answer_3";
inline constexpr const char* questions_sample_ambassador = "questions.sample_ambassador";
inline constexpr const char* pickup_code_title = "pickup.code_title";
inline constexpr const char* pickup_code_hint = "pickup.code_hint";
inline constexpr const char* pickup_code_once = "pickup.code_once";
inline constexpr const char* pickup_no_code = "pickup.no_code";
inline constexpr const char* pickup_done = "pickup.done";
inline constexpr const char* pickup_entry_title = "pickup.entry_title";
inline constexpr const char* pickup_entry_hint = "pickup.entry_hint";
inline constexpr const char* pickup_erase = "pickup.erase";
inline constexpr const char* pickup_check = "pickup.check";
inline constexpr const char* pickup_checking = "pickup.checking";
inline constexpr const char* pickup_not_found_one = "pickup.not_found_one";  // {count}
inline constexpr const char* pickup_not_found_other = "pickup.not_found_other";  // {count}
inline constexpr const char* pickup_not_found_locks_next = "pickup.not_found_locks_next";
inline constexpr const char* pickup_locked = "pickup.locked";  // {time}
inline constexpr const char* pickup_failed = "pickup.failed";
inline constexpr const char* pickup_result_title = "pickup.result_title";
inline constexpr const char* pickup_result_private = "pickup.result_private";
inline constexpr const char* pickup_result_open = "pickup.result_open";
inline constexpr const char* pickup_result_published = "pickup.result_published";
inline constexpr const char* pickup_result_dismissed = "pickup.result_dismissed";
inline constexpr const char* pickup_result_unreadable = "pickup.result_unreadable";
inline constexpr const char* pickup_sample_question = "pickup.sample_question";
inline constexpr const char* pickup_sample_answer = "pickup.sample_answer";
// Screenshots (kiosk --screen ask): the question typed into the sample editor
inline constexpr const char* sample_question = "sample.question";

// All keys above, for the completeness test and for tools.
std::vector<std::string_view> all_keys();
}  // namespace text

struct StringsError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One named argument of format(): "{count}" -> "3".
using FormatArg = std::pair<std::string_view, std::string>;

class StringTables {
public:
    // English and Dutch, built into the binary from assets/strings/*.toml.
    static StringTables embedded();

    // Adds (or replaces) a language from TOML text: top-level keys and one level of tables, flattened
    // to "table.key". Throws StringsError naming source_name, the line and the key on bad input.
    void add_language(std::string code, std::string_view toml_text, std::string_view source_name);

    std::vector<std::string> languages() const;
    bool has_language(std::string_view code) const;
    std::vector<std::string> keys(std::string_view code) const;  // sorted

    // The text for key in language; falls back to English, then to "[key]" so a gap is visible, never a crash.
    const std::string& get(std::string_view language, std::string_view key) const;
    // get() with every "{name}" replaced by its argument; unknown placeholders stay as they are.
    std::string format(std::string_view language, std::string_view key, const std::vector<FormatArg>& args) const;
    // Picks key_one for 1 and key_other otherwise, with {count} filled in (English and Dutch share that rule).
    std::string format_count(std::string_view language, std::string_view key_one, std::string_view key_other,
                             std::int64_t count) const;

private:
    using Table = std::map<std::string, std::string, std::less<>>;
    std::map<std::string, Table, std::less<>> tables_;
    mutable std::map<std::string, std::string, std::less<>> missing_;  // "[key]" placeholders handed out
};

// Replaces "{name}" placeholders in pattern.
std::string substitute(std::string_view pattern, const std::vector<FormatArg>& args);

}  // namespace kiosk

// Generated by CMake from assets/strings/*.toml.
std::string_view embedded_strings_en();
std::string_view embedded_strings_nl();

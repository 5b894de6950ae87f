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

// String tables: every text the screens show, one TOML file per language in assets/strings/.
#include "kiosk/logic/strings.hpp"

#include <toml++/toml.h>

#include <sstream>

namespace kiosk {

const char* text::weekday_key(int weekday) {
    static constexpr const char* keys[] = {weekday_0, weekday_1, weekday_2, weekday_3, weekday_4, weekday_5, weekday_6};
    return keys[((weekday % 7) + 7) % 7];
}

const char* text::month_key(int month) {
    static constexpr const char* keys[] = {month_1, month_2, month_3, month_4, month_5, month_6,
                                           month_7, month_8, month_9, month_10, month_11, month_12};
    return keys[((month - 1) % 12 + 12) % 12];
}

std::vector<std::string_view> text::all_keys() {
    return {
        language_name, language_choose,
        home_ask_button, home_ask_button_short, home_ask_hint, home_tap_hint, home_cleaning_button, face_1, face_2, face_3, face_4, face_5,
        department_title, department_hint, department_prefer_not,
        saving_title,
        followup_title, followup_hint, followup_done, followup_skip,
        thanks_title, thanks_rating, thanks_reasons, thanks_question, thanks_tap_to_close,
        ask_title, ask_anonymous, ask_placeholder, ask_send, ask_cancel, ask_remaining_one, ask_remaining_other,
        ask_limit_reached, ask_empty, ask_refused_character,
        key_space, key_shift, key_caps_lock, key_backspace, key_send, key_page_letters, key_page_symbols, key_page_accents,
        error_title, error_body, error_question_kept, error_back, error_detail,
        cleaning_title, cleaning_body, cleaning_seconds_one, cleaning_seconds_other,
        home_nav_why, home_nav_news, home_nav_timeline, home_nav_training, strip_announcement, strip_you_said_we_did, strip_training, strip_why, content_back, content_empty, content_scroll_hint, why_title, why_tab_organisation, why_tab_you, news_title, news_you_said, news_we_did, timeline_title, timeline_days_to_go_one, timeline_days_to_go_other, timeline_live_today, timeline_live_since_one, timeline_live_since_other, timeline_go_live, timeline_no_date, training_title, training_hint, training_attend, training_attending, training_saving, training_failed, training_seats_one, training_seats, training_place, date_day_month, date_day_month_year, date_time_range, date_days_range, weekday_0, weekday_1, weekday_2, weekday_3, weekday_4, weekday_5, weekday_6, month_1, month_2, month_3, month_4, month_5, month_6, month_7, month_8, month_9, month_10, month_11, month_12,
        status_waiting_one, status_waiting_other, status_all_sent, status_quarantined, status_storage_ok,
        status_storage_error, status_no_collector, status_connecting, status_online, status_offline, status_retrying,
        status_kiosk, sample_question,
        pin_title, pin_hint, pin_erase, pin_ok, pin_cancel, pin_checking, pin_too_short, pin_wrong_one, pin_wrong_other, pin_wrong_locks_next, pin_locked, pin_failed, pin_no_ambassadors, ambassador_title, ambassador_signed_in, ambassador_auto_lock, ambassador_lock, ambassador_sort_newest, ambassador_sort_oldest, ambassador_sort_votes, ambassador_state_new, ambassador_state_published, ambassador_state_answered, ambassador_state_answered_privately, ambassador_state_dismissed, ambassador_state_count, ambassador_age_today, ambassador_age_yesterday, ambassador_age_days, ambassador_votes, ambassador_empty, ambassador_back, ambassador_asked, ambassador_department, ambassador_organisation_wide, ambassador_answer_by, ambassador_private_note, ambassador_no_answer, ambassador_action_answer, ambassador_action_edit, ambassador_action_answer_private, ambassador_action_publish, ambassador_action_dismiss, ambassador_dismiss_confirm, ambassador_dismiss_yes, ambassador_dismiss_keep, ambassador_saving, ambassador_saved, ambassador_not_saved, ambassador_question_gone, ambassador_answer_public_title, ambassador_answer_private_title, ambassador_answer_public_hint, ambassador_answer_private_hint, ambassador_answer_placeholder, ambassador_answer_empty, ambassador_answer_refused, ambassador_save, ambassador_cancel, ambassador_sample_answer,
        questions_home_button, questions_ambassador_button, questions_title, questions_hint, questions_empty, questions_everyone, questions_answer_by, questions_looking_into_it, questions_votes_one, questions_votes_other, questions_vote, questions_voted, questions_vote_saving, questions_vote_failed, questions_pickup_button, questions_sample_question_1, questions_sample_answer_1, questions_sample_question_2, questions_sample_question_3, questions_sample_answer_3, questions_sample_ambassador, pickup_code_title, pickup_code_hint, pickup_code_once, pickup_no_code, pickup_done, pickup_entry_title, pickup_entry_hint, pickup_erase, pickup_check, pickup_checking, pickup_not_found_one, pickup_not_found_other, pickup_not_found_locks_next, pickup_locked, pickup_failed, pickup_result_title, pickup_result_private, pickup_result_open, pickup_result_published, pickup_result_dismissed, pickup_result_unreadable, pickup_sample_question, pickup_sample_answer,
    };
}

StringTables StringTables::embedded() {
    StringTables tables;
    tables.add_language("en", embedded_strings_en(), "assets/strings/en.toml");
    tables.add_language("nl", embedded_strings_nl(), "assets/strings/nl.toml");
    return tables;
}

namespace {
std::string where(std::string_view source_name, const toml::source_region& region, const std::string& key) {
    std::ostringstream out;
    out << source_name;
    if (region.begin.line > 0) out << ':' << region.begin.line;
    out << ": key '" << key << "': ";
    return out.str();
}
}  // namespace

void StringTables::add_language(std::string code, std::string_view toml_text, std::string_view source_name) {
    toml::table root;
    try {
        root = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& error) {
        std::ostringstream out;
        out << source_name << ':' << error.source().begin.line << ": " << error.description();
        throw StringsError(out.str());
    }
    Table table;
    for (const auto& [key, node] : root) {
        const std::string name(key.str());
        if (const auto* section = node.as_table()) {
            for (const auto& [inner_key, inner_node] : *section) {
                const std::string full = name + "." + std::string(inner_key.str());
                const auto* value = inner_node.as_string();
                if (!value) throw StringsError(where(source_name, inner_node.source(), full) + "expected a string");
                table[full] = value->get();
            }
        } else if (const auto* value = node.as_string()) {
            table[name] = value->get();
        } else {
            throw StringsError(where(source_name, node.source(), name) + "expected a string or a table of strings");
        }
    }
    tables_[std::move(code)] = std::move(table);
}

std::vector<std::string> StringTables::languages() const {
    std::vector<std::string> codes;
    for (const auto& [code, table] : tables_) codes.push_back(code);
    return codes;
}

bool StringTables::has_language(std::string_view code) const { return tables_.find(code) != tables_.end(); }

std::vector<std::string> StringTables::keys(std::string_view code) const {
    std::vector<std::string> result;
    if (auto it = tables_.find(code); it != tables_.end())
        for (const auto& [key, value] : it->second) result.push_back(key);
    return result;
}

const std::string& StringTables::get(std::string_view language, std::string_view key) const {
    for (std::string_view code : {language, std::string_view("en")}) {
        if (auto table = tables_.find(code); table != tables_.end())
            if (auto entry = table->second.find(key); entry != table->second.end()) return entry->second;
    }
    auto [it, inserted] = missing_.try_emplace(std::string(key), "[" + std::string(key) + "]");
    return it->second;
}

std::string substitute(std::string_view pattern, const std::vector<FormatArg>& args) {
    std::string out;
    out.reserve(pattern.size() + 16);
    std::size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] == '{') {
            const auto close = pattern.find('}', i + 1);
            if (close != std::string_view::npos) {
                const auto name = pattern.substr(i + 1, close - i - 1);
                bool replaced = false;
                for (const auto& [arg_name, value] : args) {
                    if (arg_name == name) {
                        out += value;
                        replaced = true;
                        break;
                    }
                }
                if (replaced) {
                    i = close + 1;
                    continue;
                }
            }
        }
        out += pattern[i++];
    }
    return out;
}

std::string StringTables::format(std::string_view language, std::string_view key, const std::vector<FormatArg>& args) const {
    return substitute(get(language, key), args);
}

std::string StringTables::format_count(std::string_view language, std::string_view key_one, std::string_view key_other,
                                       std::int64_t count) const {
    return format(language, count == 1 ? key_one : key_other, {{"count", std::to_string(count)}});
}

}  // namespace kiosk

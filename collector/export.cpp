// Exports: the raw rating events streamed as CSV, questions from their derived rows as CSV (RFC 4180, UTF-8, CRLF)
// and JSON.
#include "collector/export.hpp"

#include "collector/dashboard/iso_week.hpp"
#include "collector/local_time.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>
#include <optional>
#include <unordered_map>

namespace floorsync::collector {

namespace {

struct Amendment {
    std::string created_at;
    std::string reasons;  // "need_training;need_help"
};

void write_row(std::ostream& out, std::initializer_list<std::string> fields) {
    bool first = true;
    for (const auto& field : fields) {
        if (!first) out << ',';
        out << field;
        first = false;
    }
    out << "\r\n";
}

void write_preamble(std::ostream& out, const CsvOptions& options) {
    if (options.byte_order_mark) out << "\xEF\xBB\xBF";
}

// The latest amendment per (kiosk, rating id): a kiosk may amend a rating again; the last word counts.
std::unordered_map<std::string, Amendment> load_amendments(EventReader& events) {
    std::unordered_map<std::string, Amendment> amendments;
    events.for_each(event_type::rating_reasons, [&](const StoredEvent& stored) {
        const auto amendment = events::decode_rating_reasons(stored.event.payload);
        std::string reasons;
        for (const auto& reason : amendment.reasons) {
            if (!reasons.empty()) reasons += ';';
            reasons += reason;
        }
        amendments[stored.event.kiosk_id + '\n' + amendment.rating_id] = Amendment{stored.event.created_at, std::move(reasons)};
    });
    return amendments;
}

}  // namespace

std::string csv_field(std::string_view text, bool neutralise_formula) {
    std::string value;
    // A leading tab or carriage return too: some spreadsheet programs skip it and then read the formula after it.
    if (neutralise_formula && !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
        value += '\'';
    value += text;
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::size_t export_ratings_csv(EventReader& events, std::ostream& out, const CsvOptions& options) {
    const auto amendments = load_amendments(events);
    write_preamble(out, options);
    write_row(out, {"rating_id", "created_at", "kiosk_id", "department", "language", "score", "suspect", "reasons",
                    "reasons_at", "received_at"});
    std::size_t rows = 0;
    events.for_each(event_type::rating, [&](const StoredEvent& stored) {
        const Event& event = stored.event;
        const auto rating = events::decode_rating(event.payload);
        const auto amendment = amendments.find(event.kiosk_id + '\n' + event.id);
        const bool amended = amendment != amendments.end();
        write_row(out, {csv_field(event.id), csv_field(event.created_at), csv_field(event.kiosk_id),
                        csv_field(event.department, true), csv_field(event.language), std::to_string(rating.score),
                        rating.suspect ? "true" : "false", amended ? csv_field(amendment->second.reasons) : "",
                        amended ? csv_field(amendment->second.created_at) : "", csv_field(stored.received_at)});
        ++rows;
    });
    out.flush();
    return rows;
}

namespace {

// One question as both question exports give it: never the kiosk or a time finer than the day.
struct QuestionRow {
    const questions::View* view;
    std::optional<std::int64_t> days_to_first_answer;  // nullopt while unanswered
};

QuestionRow question_row(const QuestionRecord& record) {
    QuestionRow row{&record.view, std::nullopt};
    const auto answered = parse_rfc3339(record.first_answer_at);
    const auto asked_day = calendar::parse_day(record.view.day);
    if (answered && asked_day) {
        // Whole local days, answered day minus asked day: the asker knows when they asked and the answerer when they
        // answered, so a finer wait would tell either of them which row is theirs.
        const auto answered_day = calendar::parse_day(local_day(*answered));
        if (answered_day) row.days_to_first_answer = std::max<std::int64_t>(*answered_day - *asked_day, 0);
    }
    return row;
}

// The questions by day, and within a day by public id (random), never in the order they were asked: the order of a
// day's rows would otherwise tell who asked which.
std::vector<QuestionRecord> in_export_order(QuestionTable& questions) {
    auto records = questions.list();
    std::sort(records.begin(), records.end(), [](const QuestionRecord& a, const QuestionRecord& b) {
        return a.view.day != b.view.day ? a.view.day < b.view.day : a.view.id < b.view.id;
    });
    return records;
}

}  // namespace

std::size_t export_questions_csv(QuestionTable& questions, std::ostream& out, const CsvOptions& options) {
    write_preamble(out, options);
    write_row(out, {"question_id", "department", "day", "text", "state", "answer", "answer_by", "votes",
                    "days_to_first_answer"});
    std::size_t rows = 0;
    for (const QuestionRecord& record : in_export_order(questions)) {
        const QuestionRow row = question_row(record);
        const questions::View& view = *row.view;
        write_row(out, {csv_field(view.id), csv_field(view.department, true), csv_field(view.day),
                        csv_field(view.text, true), questions::to_string(view.state), csv_field(view.answer, true),
                        csv_field(view.answer_by, true), std::to_string(view.votes),
                        row.days_to_first_answer ? std::to_string(*row.days_to_first_answer) : ""});
        ++rows;
    }
    out.flush();
    return rows;
}

std::size_t export_questions_json(QuestionTable& questions, std::ostream& out) {
    nlohmann::json list = nlohmann::json::array();
    for (const QuestionRecord& record : in_export_order(questions)) {
        const QuestionRow row = question_row(record);
        const questions::View& view = *row.view;
        list.push_back({{"question_id", view.id},
                        {"department", view.department},
                        {"day", view.day},
                        {"text", view.text},
                        {"state", questions::to_string(view.state)},
                        {"answer", view.answer},
                        {"answer_by", view.answer_by},
                        {"votes", view.votes},
                        {"days_to_first_answer", row.days_to_first_answer
                                                     ? nlohmann::json(*row.days_to_first_answer)
                                                     : nlohmann::json(nullptr)}});
    }
    out << nlohmann::json{{"questions", list}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    out.flush();
    return list.size();
}

}  // namespace floorsync::collector

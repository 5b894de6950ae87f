// CSV export: streams events from the collector database as RFC 4180 rows (UTF-8, CRLF line ends).
#include "collector/export.hpp"

#include "sync/shared/event_types.hpp"

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
std::unordered_map<std::string, Amendment> load_amendments(sqlite::Database& db) {
    std::unordered_map<std::string, Amendment> amendments;
    sqlite::Statement query(db,
                            "SELECT kiosk_id, created_at, payload FROM events WHERE type = 'rating_reasons' "
                            "ORDER BY created_at, seq");
    while (query.step()) {
        const auto amendment = events::decode_rating_reasons(query.column_text(2));
        std::string reasons;
        for (const auto& reason : amendment.reasons) {
            if (!reasons.empty()) reasons += ';';
            reasons += reason;
        }
        const std::string key = query.column_text(0) + '\n' + amendment.rating_id;
        amendments[key] = Amendment{query.column_text(1), std::move(reasons)};
    }
    return amendments;
}

}  // namespace

std::string csv_field(std::string_view text, bool neutralise_formula) {
    std::string value;
    if (neutralise_formula && !text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos)
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

std::size_t export_ratings_csv(sqlite::Database& db, std::ostream& out, const CsvOptions& options) {
    const auto amendments = load_amendments(db);
    write_preamble(out, options);
    write_row(out, {"rating_id", "created_at", "kiosk_id", "department", "language", "score", "suspect", "reasons",
                    "reasons_at", "received_at"});
    sqlite::Statement query(db,
                            "SELECT id, created_at, kiosk_id, department, language, payload, received_at FROM events "
                            "WHERE type = 'rating' ORDER BY created_at, seq");
    std::size_t rows = 0;
    while (query.step()) {
        const std::string id = query.column_text(0);
        const std::string kiosk = query.column_text(2);
        const auto rating = events::decode_rating(query.column_text(5));
        const auto amendment = amendments.find(kiosk + '\n' + id);
        const bool amended = amendment != amendments.end();
        write_row(out, {csv_field(id), csv_field(query.column_text(1)), csv_field(kiosk),
                        csv_field(query.column_text(3), true), csv_field(query.column_text(4)),
                        std::to_string(rating.score), rating.suspect ? "true" : "false",
                        amended ? csv_field(amendment->second.reasons) : "",
                        amended ? csv_field(amendment->second.created_at) : "", csv_field(query.column_text(6))});
        ++rows;
    }
    out.flush();
    return rows;
}

std::size_t export_questions_csv(sqlite::Database& db, std::ostream& out, const CsvOptions& options) {
    write_preamble(out, options);
    write_row(out, {"question_id", "created_at", "kiosk_id", "department", "language", "text", "received_at"});
    sqlite::Statement query(db,
                            "SELECT id, created_at, kiosk_id, department, language, payload, received_at FROM events "
                            "WHERE type = 'question' ORDER BY created_at, seq");
    std::size_t rows = 0;
    while (query.step()) {
        const auto question = events::decode_question(query.column_text(5));
        write_row(out, {csv_field(query.column_text(0)), csv_field(query.column_text(1)),
                        csv_field(query.column_text(2)), csv_field(query.column_text(3), true),
                        csv_field(query.column_text(4)), csv_field(question.text, true),
                        csv_field(query.column_text(6))});
        ++rows;
    }
    out.flush();
    return rows;
}

}  // namespace floorsync::collector

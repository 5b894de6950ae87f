// Exports for technicians and spreadsheets: the raw rating events (one row per tap, CSV; never on the dashboard, whose
// ratings export is aggregated: dashboard/ratings_export.hpp) and questions (with state, answer, votes; CSV and JSON).
#pragma once

#include "collector/storage/storage.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace floorsync::collector {

struct CsvOptions {
    bool byte_order_mark = false;  // some spreadsheet programs need it to read the file as UTF-8
};

// One row per rating event (`export --what rating-events`): rating_id, created_at, kiosk_id, department, language,
// score, suspect, reasons, reasons_at, received_at. Reasons come from the latest rating_reasons amendment of that
// rating (same kiosk), separated by ';'. Returns the number of rows written.
std::size_t export_ratings_csv(EventReader& events, std::ostream& out, const CsvOptions& options = {});

// One row per question, by day and within a day by public id (never in the order asked): question_id (the public id
// the kiosks know), department, day (the collector's local day it was asked), text, state (new, published, answered,
// answered_privately, dismissed), answer (the current public one; a private answer is sealed and stays empty),
// answer_by, votes, days_to_first_answer (the local day of the first answer of any kind minus the day asked, whole
// days; empty while unanswered). Never the kiosk or a time finer than the day.
std::size_t export_questions_csv(QuestionTable& questions, std::ostream& out, const CsvOptions& options = {});
// The same fields and order as JSON: {"questions":[{"question_id","department","day","text","state","answer",
// "answer_by","votes","days_to_first_answer"}]} (days_to_first_answer: null while unanswered). Returns the number of
// questions.
std::size_t export_questions_json(QuestionTable& questions, std::ostream& out);

// RFC 4180 field: quoted when it holds a comma, quote, CR or LF. Text that a spreadsheet would run as a formula
// (starting with = + - @, or a tab or carriage return that a spreadsheet may skip before one) gets a leading
// apostrophe, so an anonymous question cannot execute anything.
std::string csv_field(std::string_view text, bool neutralise_formula = false);

}  // namespace floorsync::collector

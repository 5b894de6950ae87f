// The overview's tables: axes, bucket tables, and figures read from them under their suppression.
#include "collector/dashboard/overview_tables.hpp"

namespace floorsync::collector::overview_detail {

Axis::Axis(std::vector<std::string> sorted_unique_names) : names_(std::move(sorted_unique_names)) {
    for (std::size_t i = 0; i < names_.size(); ++i) index_.emplace(names_[i], i);
}

std::size_t Axis::find(const std::string& name) const {
    const auto found = index_.find(name);
    return found == index_.end() ? names_.size() : found->second;
}

BucketTable::BucketTable(std::size_t rows, std::size_t columns, bool with_faces) {
    counts.rows = rows;
    counts.columns = columns;
    counts.cells.assign(rows * columns, 0);
    if (with_faces) faces.assign(rows * columns, std::array<std::int64_t, 5>{});
}

namespace {

// The rows (or columns) a selector covers: one, or all of them.
struct Range {
    std::size_t begin;
    std::size_t end;
};
Range range_of(const std::optional<std::size_t>& one, std::size_t all) {
    return one ? Range{*one, *one + 1} : Range{0, all};
}

bool shown_at(const anonymity::TableShown& shown, std::size_t columns, const Selector& selector) {
    if (selector.row && selector.column) return shown.cell(*selector.row, *selector.column, columns);
    if (selector.row) return shown.rows[*selector.row];
    if (selector.column) return shown.columns[*selector.column];
    return shown.total;
}

void hide_at(anonymity::TableShown& shown, std::size_t columns, const Selector& selector) {
    if (selector.row && selector.column) {
        shown.cells[*selector.row * columns + *selector.column] = false;
    } else if (selector.row) {
        shown.rows[*selector.row] = false;
    } else if (selector.column) {
        shown.columns[*selector.column] = false;
    } else {
        shown.total = false;
    }
}

std::int64_t sum_at(const anonymity::TableCounts& counts, const Selector& selector) {
    std::int64_t count = 0;
    const Range rows = range_of(selector.row, counts.rows);
    const Range columns = range_of(selector.column, counts.columns);
    for (std::size_t r = rows.begin; r < rows.end; ++r)
        for (std::size_t c = columns.begin; c < columns.end; ++c) count += counts.at(r, c);
    return count;
}

// Every figure of a table: each cell, each row total, each column total, the grand total.
std::vector<Selector> every_figure(std::size_t rows, std::size_t columns) {
    std::vector<Selector> all;
    for (std::size_t r = 0; r <= rows; ++r)
        for (std::size_t c = 0; c <= columns; ++c)
            all.push_back(Selector{r < rows ? std::optional<std::size_t>(r) : std::nullopt,
                                   c < columns ? std::optional<std::size_t>(c) : std::nullopt, false});
    return all;
}

}  // namespace

void BucketTable::suppress(int threshold) {
    shown = anonymity::suppress_table(counts, threshold);
    if (faces.empty()) return;
    const std::size_t columns = counts.columns;
    for (std::size_t face = 0; face < 5; ++face) {
        face_counts[face] = anonymity::TableCounts{counts.rows, columns, std::vector<std::int64_t>(faces.size())};
        for (std::size_t i = 0; i < faces.size(); ++i) face_counts[face].cells[i] = faces[i][face];
        face_shown[face] = anonymity::suppress_table(face_counts[face], threshold);
    }
    const std::vector<Selector> figures = every_figure(counts.rows, columns);
    std::vector<std::vector<std::int64_t>> parts_of(figures.size(), std::vector<std::int64_t>(5));
    for (std::size_t i = 0; i < figures.size(); ++i)
        for (std::size_t face = 0; face < 5; ++face) parts_of[i][face] = sum_at(face_counts[face], figures[i]);
    // The face tables and the lines "a figure's count = its five faces" share entries: protect each in turn until
    // neither hides anything more. Entries are only ever hidden, so this ends.
    std::vector<bool> parts_shown(5);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < figures.size(); ++i) {
            const Selector& figure = figures[i];
            for (std::size_t face = 0; face < 5; ++face) parts_shown[face] = shown_at(face_shown[face], columns, figure);
            bool total_shown = shown_at(shown, columns, figure);
            bool line_changed = false;
            if (!total_shown) {
                // A hidden figure shows none of its faces.
                for (std::size_t face = 0; face < 5; ++face)
                    if (parts_shown[face] && parts_of[i][face] != 0) {
                        parts_shown[face] = false;
                        line_changed = true;
                    }
            } else {
                line_changed = anonymity::protect_breakdown(parts_of[i], parts_shown, total_shown, threshold, 3);
            }
            if (!line_changed) continue;
            changed = true;
            for (std::size_t face = 0; face < 5; ++face)
                if (!parts_shown[face]) hide_at(face_shown[face], columns, figure);
            if (!total_shown) hide_at(shown, columns, figure);
        }
        if (!changed) break;
        shown = anonymity::suppress_table(counts, threshold, shown);
        for (std::size_t face = 0; face < 5; ++face)
            face_shown[face] = anonymity::suppress_table(face_counts[face], threshold, face_shown[face]);
    }
}

bool shown_in(const BucketTable& table, const Selector& selector) {
    if (selector.absent) return true;
    return shown_at(table.shown, table.counts.columns, selector);
}

std::int64_t face_count_of(const BucketTable& table, const Selector& selector, std::size_t face) {
    if (selector.absent || table.faces.empty()) return 0;
    return sum_at(table.face_counts[face], selector);
}

bool face_shown_in(const BucketTable& table, const Selector& selector, std::size_t face) {
    if (selector.absent) return true;
    if (table.faces.empty()) return false;
    return shown_at(table.face_shown[face], table.counts.columns, selector);
}

std::int64_t count_of(const BucketTable& table, const Selector& selector) {
    if (selector.absent) return 0;
    return sum_at(table.counts, selector);
}

Figure figure_of(const BucketTable& table, const Selector& selector) {
    Figure figure;
    figure.shown = shown_in(table, selector);
    if (!figure.shown) return figure;
    figure.face_shown.fill(true);
    if (selector.absent) return figure;
    figure.count = count_of(table, selector);
    for (std::size_t face = 0; face < 5; ++face) {
        const std::int64_t count = face_count_of(table, selector, face);
        figure.score_sum += count * static_cast<std::int64_t>(face + 1);
        figure.face_shown[face] = face_shown_in(table, selector, face);
        figure.faces[face] = figure.face_shown[face] ? count : 0;
    }
    figure.mean = figure.count == 0 ? 0.0 : static_cast<double>(figure.score_sum) / static_cast<double>(figure.count);
    return figure;
}

Figure sum_start() {
    Figure sum;
    sum.shown = true;
    sum.face_shown.fill(true);
    return sum;
}

void add_figure(Figure& sum, const Figure& figure) {
    sum.count += figure.count;
    sum.score_sum += figure.score_sum;
    for (std::size_t i = 0; i < sum.faces.size(); ++i) {
        sum.face_shown[i] = sum.face_shown[i] && figure.face_shown[i];
        sum.faces[i] = sum.face_shown[i] ? sum.faces[i] + figure.faces[i] : 0;
    }
    sum.mean = sum.count == 0 ? 0.0 : static_cast<double>(sum.score_sum) / static_cast<double>(sum.count);
}

}  // namespace floorsync::collector::overview_detail

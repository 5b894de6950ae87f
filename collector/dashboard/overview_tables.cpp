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

}  // namespace

bool shown_in(const BucketTable& table, const Selector& selector) {
    if (selector.absent) return true;
    const auto& shown = table.shown;
    if (selector.row && selector.column) return shown.cell(*selector.row, *selector.column, table.counts.columns);
    if (selector.row) return shown.rows[*selector.row];
    if (selector.column) return shown.columns[*selector.column];
    return shown.total;
}

std::int64_t count_of(const BucketTable& table, const Selector& selector) {
    if (selector.absent) return 0;
    std::int64_t count = 0;
    const Range rows = range_of(selector.row, table.counts.rows);
    const Range columns = range_of(selector.column, table.counts.columns);
    for (std::size_t r = rows.begin; r < rows.end; ++r)
        for (std::size_t c = columns.begin; c < columns.end; ++c) count += table.counts.at(r, c);
    return count;
}

double mean_of(const std::array<std::int64_t, 5>& faces) {
    std::int64_t count = 0, sum = 0;
    for (std::size_t i = 0; i < faces.size(); ++i) {
        count += faces[i];
        sum += faces[i] * static_cast<std::int64_t>(i + 1);
    }
    return count == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(count);
}

Figure figure_of(const BucketTable& table, const Selector& selector) {
    Figure figure;
    figure.shown = shown_in(table, selector);
    if (!figure.shown || selector.absent) return figure;
    const Range rows = range_of(selector.row, table.counts.rows);
    const Range columns = range_of(selector.column, table.counts.columns);
    for (std::size_t r = rows.begin; r < rows.end; ++r) {
        for (std::size_t c = columns.begin; c < columns.end; ++c) {
            figure.count += table.counts.at(r, c);
            if (table.faces.empty()) continue;
            const auto& faces = table.faces[r * table.counts.columns + c];
            for (std::size_t i = 0; i < faces.size(); ++i) figure.faces[i] += faces[i];
        }
    }
    figure.mean = mean_of(figure.faces);
    return figure;
}

void add_figure(Figure& sum, const Figure& figure) {
    sum.count += figure.count;
    for (std::size_t i = 0; i < sum.faces.size(); ++i) sum.faces[i] += figure.faces[i];
    sum.mean = mean_of(sum.faces);
}

}  // namespace floorsync::collector::overview_detail

// The overview's building blocks: the organisation's site x department tables per week or day, suppressed by the
// anonymity rule, and how a figure (a cell, a row, a column or the whole table) is read from one.
#pragma once

#include "collector/dashboard/anonymity.hpp"
#include "collector/dashboard/overview.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace floorsync::collector::overview_detail {

// Names in sorted order, and where each one is.
class Axis {
public:
    explicit Axis(std::vector<std::string> sorted_unique_names);
    std::size_t size() const { return names_.size(); }
    const std::vector<std::string>& names() const { return names_; }
    // The index of `name`; size() when it is not on the axis.
    std::size_t find(const std::string& name) const;

private:
    std::vector<std::string> names_;
    std::map<std::string, std::size_t> index_;
};

// A two-way table of one bucket (a week or a day) with its suppression. Faces are kept per cell for rating tables;
// empty for count-only tables (reasons, participation).
struct BucketTable {
    anonymity::TableCounts counts;
    std::vector<std::array<std::int64_t, 5>> faces;
    anonymity::TableShown shown;

    BucketTable(std::size_t rows, std::size_t columns, bool with_faces);
    void add(std::size_t row, std::size_t column, std::int64_t count) {
        counts.cells[row * counts.columns + column] += count;
    }
    void add_face(std::size_t row, std::size_t column, int score, std::int64_t count) {
        faces[row * counts.columns + column][static_cast<std::size_t>(score - 1)] += count;
    }
    void suppress(int threshold) { shown = anonymity::suppress_table(counts, threshold); }
};

// Which figure of a table: the grand total, a row's total, a column's total or one cell. `absent`: a filter names a
// site or department without any data in the period, so the figure is an empty one.
struct Selector {
    std::optional<std::size_t> row;
    std::optional<std::size_t> column;
    bool absent = false;
};

// The figure `selector` picks from `table`, shown or hidden as the table's suppression says. A hidden figure carries
// no numbers.
Figure figure_of(const BucketTable& table, const Selector& selector);
// The count `selector` picks, and whether it is shown (for count-only tables).
std::int64_t count_of(const BucketTable& table, const Selector& selector);
bool shown_in(const BucketTable& table, const Selector& selector);

// `sum` plus a shown figure (counts and faces; the mean is recomputed from the faces).
void add_figure(Figure& sum, const Figure& figure);
// The mean of the faces (0 without ratings).
double mean_of(const std::array<std::int64_t, 5>& faces);

}  // namespace floorsync::collector::overview_detail

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

// A two-way table of one bucket (a week or a day) with its suppression. Rating tables also keep the faces per cell:
// one table per face, each suppressed like the counts, and within every figure (cell, row, column, total) the five
// faces protected as a breakdown of its count, all iterated until nothing changes. Count-only tables (reasons,
// pillars) have no faces.
struct BucketTable {
    anonymity::TableCounts counts;
    std::vector<std::array<std::int64_t, 5>> faces;  // per cell; empty for count-only tables
    anonymity::TableShown shown;
    std::array<anonymity::TableCounts, 5> face_counts;  // filled by suppress()
    std::array<anonymity::TableShown, 5> face_shown;

    BucketTable(std::size_t rows, std::size_t columns, bool with_faces);
    void add(std::size_t row, std::size_t column, std::int64_t count) {
        counts.cells[row * counts.columns + column] += count;
    }
    void add_face(std::size_t row, std::size_t column, int score, std::int64_t count) {
        faces[row * counts.columns + column][static_cast<std::size_t>(score - 1)] += count;
    }
    void suppress(int threshold);
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
// The same for one face (0..4) of a rating table.
std::int64_t face_count_of(const BucketTable& table, const Selector& selector, std::size_t face);
bool face_shown_in(const BucketTable& table, const Selector& selector, std::size_t face);

// `sum` plus a shown figure: counts, score sums and faces; a face hidden in `figure` is hidden in `sum` (its value
// dropped), so a sum's face is always exact. Start a sum from sum_start().
Figure sum_start();
void add_figure(Figure& sum, const Figure& figure);

}  // namespace floorsync::collector::overview_detail

// The anonymity rule of every dashboard figure and export (docs/DASHBOARD.md): thresholds and complementary
// suppression, as pure functions of counts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace floorsync::collector::anonymity {

inline constexpr int kDefaultThreshold = 5;
inline constexpr int kLowestThreshold = 3;

// A threshold below kLowestThreshold; what() says so.
struct ThresholdError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};
// Returns `threshold`, or throws ThresholdError when it is below kLowestThreshold.
int checked_threshold(int threshold);

// One breakdown: the groups of one total (the departments of a site, the kiosks of a day). A group is shown when its
// count is 0 (nothing to protect) or reaches `threshold`, and the breakdown stays safe against subtraction from the
// total: when any group is hidden, further groups are hidden, next smallest first, until at least two are hidden and
// the hidden ones together reach the threshold (or all are hidden). When the total (the sum) is below the threshold,
// every non-empty group is hidden. Returns one flag per group, true: shown.
std::vector<bool> shown_groups(const std::vector<std::int64_t>& counts, int threshold);

// A two-way table (rows: sites, columns: departments; or rows: kiosks, columns: days), with its row totals, column
// totals and grand total, all of which may be shown. Cells are hidden by shown_groups along every row and every
// column, repeatedly, until nothing changes; a row or column total is hidden when it is below the threshold, and the
// totals are themselves protected as breakdowns of the grand total. A total hidden to protect a sibling total hides
// its smallest cell when none of its cells is hidden (else it would be the sum of the shown ones), and where two groups
// of hidden figures are joined by a single hidden figure (which the shown ones would determine), one more figure is
// hidden to close a cycle through it. `cells` is row-major, rows * columns long.
struct TableCounts {
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::vector<std::int64_t> cells;
    std::int64_t at(std::size_t row, std::size_t column) const { return cells[row * columns + column]; }
};
struct TableShown {
    std::vector<bool> cells;    // row-major like TableCounts::cells
    std::vector<bool> rows;     // row totals
    std::vector<bool> columns;  // column totals
    bool total = false;         // the grand total
    bool cell(std::size_t row, std::size_t column, std::size_t columns_count) const {
        return cells[row * columns_count + column];
    }
};
TableShown suppress_table(const TableCounts& counts, int threshold);
// The same, starting from `start` (same sizes): what is hidden there stays hidden, and the table is protected again
// around it. Hiding more never reveals anything, but it can leave a line with a single hidden entry, which this closes.
TableShown suppress_table(const TableCounts& counts, int threshold, const TableShown& start);

// One breakdown whose total may be shown (a figure's count and its five faces), protected in place: with the total
// shown, a hidden part is joined by further hidden parts, next smallest first, until at least `fewest_hidden` are
// hidden and together reach the threshold; when every non-empty part is hidden and that is still not enough, the
// total is hidden. With the total hidden, at least one non-empty part is hidden too. Only hides; returns true when
// anything changed. `fewest_hidden` is 3 for faces: a figure's mean is a second sum over them, so two hidden faces
// would follow from the count and the mean.
bool protect_breakdown(const std::vector<std::int64_t>& parts, std::vector<bool>& parts_shown, bool& total_shown,
                       int threshold, std::size_t fewest_hidden = 2);

}  // namespace floorsync::collector::anonymity

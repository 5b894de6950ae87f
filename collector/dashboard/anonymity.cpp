// The anonymity rule: thresholds, complementary suppression of one breakdown and of a two-way table with its totals.
#include "collector/dashboard/anonymity.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

namespace floorsync::collector::anonymity {

namespace {

// One line of a table: its parts (cells of a row or column, or the row or column totals) and the total they sum to.
// `parts_shown` and `total_shown` are updated in place; entries are only ever hidden, never shown again, so applying
// this to every line until nothing changes reaches a fixpoint.
//
// The line is safe when nothing in it can be worked out from the rest:
// - total shown: no part hidden, or at least two hidden that together reach the threshold (total minus the visible
//   parts then reveals only a sum of at least `threshold`). Otherwise the next smallest non-empty shown part is
//   hidden; when every non-empty part is hidden and that is still not enough (a single hidden part equals the
//   total), the total is hidden too.
// - total hidden: at least one non-empty part must be hidden as well, or the total is just the sum of the visible
//   parts and hiding it protected nothing (it was hidden to protect a sibling total). Then the smallest non-empty
//   part is hidden.
// Returns true when anything changed.
bool protect_line(const std::vector<std::int64_t>& parts, std::vector<bool>& parts_shown, bool& total_shown,
                  int threshold, std::size_t fewest_hidden = 2) {
    bool changed = false;
    const auto hidden_state = [&](std::size_t& hidden, std::int64_t& hidden_sum) {
        hidden = 0;
        hidden_sum = 0;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (parts[i] != 0 && !parts_shown[i]) {
                ++hidden;
                hidden_sum += parts[i];
            }
        }
    };
    // The smallest non-empty part still shown; parts.size() when none is left.
    const auto smallest_shown = [&] {
        std::size_t best = parts.size();
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (parts[i] == 0 || !parts_shown[i]) continue;
            if (best == parts.size() || parts[i] < parts[best]) best = i;
        }
        return best;
    };
    std::size_t hidden = 0;
    std::int64_t hidden_sum = 0;
    hidden_state(hidden, hidden_sum);
    if (!total_shown) {
        if (hidden == 0) {
            const std::size_t next = smallest_shown();
            if (next != parts.size()) {
                parts_shown[next] = false;
                changed = true;
            }
        }
        return changed;
    }
    while (hidden > 0 && (hidden < fewest_hidden || hidden_sum < threshold)) {
        const std::size_t next = smallest_shown();
        if (next == parts.size()) {
            total_shown = false;  // everything is hidden and the total would still give it away
            return true;
        }
        parts_shown[next] = false;
        ++hidden;
        hidden_sum += parts[next];
        changed = true;
    }
    return changed;
}

// Hidden when non-empty and below the threshold.
bool small(std::int64_t count, int threshold) { return count != 0 && count < threshold; }

// The table with its totals as one (rows + 1) x (columns + 1) grid: row `rows` holds the column totals, column
// `columns` the row totals, the corner the grand total. With the totals' signs flipped every line of this grid sums
// to zero, so what an attacker can work out is plain graph theory: take every hidden entry as an edge between its row
// and its column; the hidden values can move along any cycle without changing a shown figure, and an entry on no
// cycle (a bridge) is determined by the shown ones. The line rule leaves no line with a single hidden entry, but two
// groups of hidden entries joined by one entry (a bridge between two cycles) can remain; those are broken here.
class Grid {
public:
    Grid(const TableCounts& counts, const std::vector<std::int64_t>& row_totals,
         const std::vector<std::int64_t>& column_totals, std::int64_t grand_total, TableShown& shown)
        : counts_(counts), row_totals_(row_totals), column_totals_(column_totals), grand_total_(grand_total),
          shown_(shown) {}
    std::size_t rows() const { return counts_.rows + 1; }
    std::size_t columns() const { return counts_.columns + 1; }
    std::int64_t count(std::size_t r, std::size_t c) const {
        if (r < counts_.rows && c < counts_.columns) return counts_.at(r, c);
        if (r < counts_.rows) return row_totals_[r];
        if (c < counts_.columns) return column_totals_[c];
        return grand_total_;
    }
    bool shown(std::size_t r, std::size_t c) const {
        if (r < counts_.rows && c < counts_.columns) return shown_.cells[r * counts_.columns + c];
        if (r < counts_.rows) return shown_.rows[r];
        if (c < counts_.columns) return shown_.columns[c];
        return shown_.total;
    }
    void hide(std::size_t r, std::size_t c) {
        if (r < counts_.rows && c < counts_.columns) {
            shown_.cells[r * counts_.columns + c] = false;
        } else if (r < counts_.rows) {
            shown_.rows[r] = false;
        } else if (c < counts_.columns) {
            shown_.columns[c] = false;
        } else {
            shown_.total = false;
        }
    }

    // Hides one more entry so that a hidden entry that is a bridge lies on a cycle; false when no hidden entry is a
    // bridge. Graph nodes: rows 0..rows()-1, then columns.
    bool break_a_bridge() {
        const std::size_t nodes = rows() + columns();
        std::vector<std::vector<std::size_t>> adjacent(nodes);
        // A hidden empty entry is taken as known (it can only be hidden when given so): treating it as unknown could
        // only make the table look safer than it is.
        for (std::size_t r = 0; r < rows(); ++r)
            for (std::size_t c = 0; c < columns(); ++c)
                if (!shown(r, c) && count(r, c) != 0) {
                    adjacent[r].push_back(rows() + c);
                    adjacent[rows() + c].push_back(r);
                }
        const auto bridge = find_bridge(adjacent);
        if (!bridge) return false;
        const std::size_t row = std::min(bridge->first, bridge->second);
        const std::size_t column = std::max(bridge->first, bridge->second);
        // The two sides the bridge joins, without it.
        const auto side_of_row = reachable(adjacent, row, row, column);
        const auto side_of_column = reachable(adjacent, column, row, column);
        // The smallest non-empty shown entry between a row of one side and a column of the other closes a cycle
        // through the bridge.
        std::optional<std::pair<std::size_t, std::size_t>> best;
        for (std::size_t r = 0; r < rows(); ++r) {
            for (std::size_t c = 0; c < columns(); ++c) {
                if (shown(r, c) == false || count(r, c) == 0) continue;
                const bool across = (side_of_row[r] && side_of_column[rows() + c]) ||
                                    (side_of_column[r] && side_of_row[rows() + c]);
                if (across && (!best || count(r, c) < count(best->first, best->second))) best = std::pair{r, c};
            }
        }
        if (best) {
            hide(best->first, best->second);
            return true;
        }
        // No entry can close a cycle (the sides only meet in empty entries): hide every non-empty entry. Then each
        // non-empty cell lies on the cycle cell, its row total, the grand total, its column total.
        bool changed = false;
        for (std::size_t r = 0; r < rows(); ++r)
            for (std::size_t c = 0; c < columns(); ++c)
                if (count(r, c) != 0 && shown(r, c)) {
                    hide(r, c);
                    changed = true;
                }
        return changed;
    }

private:
    // A bridge of the graph (Tarjan's low-link, iteratively), as its two nodes; nullopt when there is none.
    static std::optional<std::pair<std::size_t, std::size_t>> find_bridge(
        const std::vector<std::vector<std::size_t>>& adjacent) {
        const std::size_t nodes = adjacent.size();
        constexpr std::size_t kUnseen = static_cast<std::size_t>(-1);
        std::vector<std::size_t> order(nodes, kUnseen), low(nodes, 0), parent(nodes, kUnseen), next(nodes, 0);
        std::size_t counter = 0;
        for (std::size_t start = 0; start < nodes; ++start) {
            if (order[start] != kUnseen || adjacent[start].empty()) continue;
            std::vector<std::size_t> stack{start};
            order[start] = low[start] = counter++;
            while (!stack.empty()) {
                const std::size_t node = stack.back();
                if (next[node] < adjacent[node].size()) {
                    const std::size_t to = adjacent[node][next[node]++];
                    if (order[to] == kUnseen) {
                        parent[to] = node;
                        order[to] = low[to] = counter++;
                        stack.push_back(to);
                    } else if (to != parent[node]) {
                        low[node] = std::min(low[node], order[to]);
                    }
                    continue;
                }
                stack.pop_back();
                if (parent[node] != kUnseen) {
                    const std::size_t up = parent[node];
                    low[up] = std::min(low[up], low[node]);
                    if (low[node] > order[up]) return std::pair{up, node};
                }
            }
        }
        return std::nullopt;
    }

    // The nodes reachable from `from` without using the edge (a, b).
    static std::vector<bool> reachable(const std::vector<std::vector<std::size_t>>& adjacent, std::size_t from,
                                       std::size_t a, std::size_t b) {
        std::vector<bool> seen(adjacent.size(), false);
        std::vector<std::size_t> stack{from};
        seen[from] = true;
        while (!stack.empty()) {
            const std::size_t node = stack.back();
            stack.pop_back();
            for (const std::size_t to : adjacent[node]) {
                if ((node == a && to == b) || (node == b && to == a) || seen[to]) continue;
                seen[to] = true;
                stack.push_back(to);
            }
        }
        return seen;
    }

    const TableCounts& counts_;
    const std::vector<std::int64_t>& row_totals_;
    const std::vector<std::int64_t>& column_totals_;
    std::int64_t grand_total_;
    TableShown& shown_;
};

}  // namespace

int checked_threshold(int threshold) {
    if (threshold < kLowestThreshold)
        throw ThresholdError("anonymity threshold " + std::to_string(threshold) + " is below the lowest allowed, " +
                             std::to_string(kLowestThreshold));
    return threshold;
}

std::vector<bool> shown_groups(const std::vector<std::int64_t>& counts, int threshold) {
    checked_threshold(threshold);
    std::vector<bool> shown(counts.size(), true);
    std::int64_t total = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        total += counts[i];
        if (small(counts[i], threshold)) shown[i] = false;
    }
    if (small(total, threshold)) {
        for (std::size_t i = 0; i < counts.size(); ++i) shown[i] = counts[i] == 0;
        return shown;
    }
    // Here the total is not part of the answer: "all hidden" is as far as a breakdown can go.
    bool total_shown = true;
    protect_line(counts, shown, total_shown, threshold);
    return shown;
}

bool protect_breakdown(const std::vector<std::int64_t>& parts, std::vector<bool>& parts_shown, bool& total_shown,
                       int threshold, std::size_t fewest_hidden) {
    checked_threshold(threshold);
    if (parts_shown.size() != parts.size())
        throw std::invalid_argument("protect_breakdown: " + std::to_string(parts_shown.size()) + " flags for " +
                                    std::to_string(parts.size()) + " parts");
    return protect_line(parts, parts_shown, total_shown, threshold, std::max<std::size_t>(fewest_hidden, 2));
}

namespace {

// suppress_table, from `start`'s flags when given.
TableShown suppress_from(const TableCounts& counts, int threshold, const TableShown* start) {
    checked_threshold(threshold);
    const std::size_t rows = counts.rows;
    const std::size_t columns = counts.columns;
    if (counts.cells.size() != rows * columns)
        throw std::invalid_argument("suppress_table: " + std::to_string(counts.cells.size()) + " cells for " +
                                    std::to_string(rows) + " x " + std::to_string(columns));
    std::vector<std::int64_t> row_totals(rows, 0);
    std::vector<std::int64_t> column_totals(columns, 0);
    std::int64_t grand_total = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns; ++c) {
            row_totals[r] += counts.at(r, c);
            column_totals[c] += counts.at(r, c);
            grand_total += counts.at(r, c);
        }
    }

    TableShown shown;
    shown.cells.resize(rows * columns);
    shown.rows.resize(rows);
    shown.columns.resize(columns);
    for (std::size_t i = 0; i < counts.cells.size(); ++i) shown.cells[i] = !small(counts.cells[i], threshold);
    for (std::size_t r = 0; r < rows; ++r) shown.rows[r] = !small(row_totals[r], threshold);
    for (std::size_t c = 0; c < columns; ++c) shown.columns[c] = !small(column_totals[c], threshold);
    shown.total = !small(grand_total, threshold);
    if (start) {  // what is hidden there stays hidden
        if (start->cells.size() != shown.cells.size() || start->rows.size() != rows || start->columns.size() != columns)
            throw std::invalid_argument("suppress_table: the starting flags do not fit the table");
        for (std::size_t i = 0; i < shown.cells.size(); ++i) shown.cells[i] = shown.cells[i] && start->cells[i];
        for (std::size_t r = 0; r < rows; ++r) shown.rows[r] = shown.rows[r] && start->rows[r];
        for (std::size_t c = 0; c < columns; ++c) shown.columns[c] = shown.columns[c] && start->columns[c];
        shown.total = shown.total && start->total;
    }

    // Every line of the table with its totals: each row (cells, row total), each column (cells, column total), the
    // row totals (grand total) and the column totals (grand total). Copy a line out, protect it, copy it back.
    std::vector<std::int64_t> parts;
    std::vector<bool> parts_shown;
    Grid grid(counts, row_totals, column_totals, grand_total, shown);
    bool changed = true;
    while (changed) {
        changed = false;
        for (std::size_t r = 0; r < rows; ++r) {
            parts.assign(counts.cells.begin() + static_cast<std::ptrdiff_t>(r * columns),
                         counts.cells.begin() + static_cast<std::ptrdiff_t>((r + 1) * columns));
            parts_shown.assign(shown.cells.begin() + static_cast<std::ptrdiff_t>(r * columns),
                               shown.cells.begin() + static_cast<std::ptrdiff_t>((r + 1) * columns));
            bool total_shown = shown.rows[r];
            if (protect_line(parts, parts_shown, total_shown, threshold)) {
                changed = true;
                for (std::size_t c = 0; c < columns; ++c) shown.cells[r * columns + c] = parts_shown[c];
                shown.rows[r] = total_shown;
            }
        }
        for (std::size_t c = 0; c < columns; ++c) {
            parts.resize(rows);
            parts_shown.resize(rows);
            for (std::size_t r = 0; r < rows; ++r) {
                parts[r] = counts.at(r, c);
                parts_shown[r] = shown.cells[r * columns + c];
            }
            bool total_shown = shown.columns[c];
            if (protect_line(parts, parts_shown, total_shown, threshold)) {
                changed = true;
                for (std::size_t r = 0; r < rows; ++r) shown.cells[r * columns + c] = parts_shown[r];
                shown.columns[c] = total_shown;
            }
        }
        parts_shown.assign(shown.rows.begin(), shown.rows.end());
        if (protect_line(row_totals, parts_shown, shown.total, threshold)) {
            changed = true;
            for (std::size_t r = 0; r < rows; ++r) shown.rows[r] = parts_shown[r];
        }
        parts_shown.assign(shown.columns.begin(), shown.columns.end());
        if (protect_line(column_totals, parts_shown, shown.total, threshold)) {
            changed = true;
            for (std::size_t c = 0; c < columns; ++c) shown.columns[c] = parts_shown[c];
        }
        // Only once every line is safe: a bridge between groups of hidden entries.
        if (!changed) changed = grid.break_a_bridge();
    }
    return shown;
}

}  // namespace

TableShown suppress_table(const TableCounts& counts, int threshold) { return suppress_from(counts, threshold, nullptr); }

TableShown suppress_table(const TableCounts& counts, int threshold, const TableShown& start) {
    return suppress_from(counts, threshold, &start);
}

}  // namespace floorsync::collector::anonymity

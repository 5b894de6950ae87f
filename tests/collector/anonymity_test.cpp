// The anonymity rule on crafted counts: thresholds, complementary suppression of breakdowns and tables, and audits
// (pairwise subtraction, and whether any hidden figure is determined by the shown ones) over many seeded tables.
#include "figure_audit.hpp"

#include "collector/dashboard/anonymity.hpp"

#include <doctest/doctest.h>

#include <random>

using namespace floorsync::collector;
using namespace floorsync::collector::anonymity;
using collector_test::FigureAudit;

namespace {

TableCounts table(std::size_t rows, std::size_t columns, std::vector<std::int64_t> cells) {
    return TableCounts{rows, columns, std::move(cells)};
}

// Every figure of a table with its totals as sets of cells.
FigureAudit audit_of(const TableCounts& counts, const TableShown& shown) {
    FigureAudit audit;
    const std::size_t n = counts.cells.size();
    std::int64_t grand = 0;
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<bool> leaves(n, false);
        leaves[i] = true;
        audit.add("cell " + std::to_string(i), leaves, shown.cells[i], counts.cells[i]);
        grand += counts.cells[i];
    }
    for (std::size_t r = 0; r < counts.rows; ++r) {
        std::vector<bool> leaves(n, false);
        std::int64_t sum = 0;
        for (std::size_t c = 0; c < counts.columns; ++c) {
            leaves[r * counts.columns + c] = true;
            sum += counts.at(r, c);
        }
        audit.add("row " + std::to_string(r), leaves, shown.rows[r], sum);
    }
    for (std::size_t c = 0; c < counts.columns; ++c) {
        std::vector<bool> leaves(n, false);
        std::int64_t sum = 0;
        for (std::size_t r = 0; r < counts.rows; ++r) {
            leaves[r * counts.columns + c] = true;
            sum += counts.at(r, c);
        }
        audit.add("column " + std::to_string(c), leaves, shown.columns[c], sum);
    }
    audit.add("total", std::vector<bool>(n, true), shown.total, grand);
    return audit;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

}  // namespace

TEST_CASE("anonymity: the threshold may be 3 or more, never less") {
    CHECK(checked_threshold(5) == 5);
    CHECK(checked_threshold(3) == 3);
    CHECK_THROWS_AS(checked_threshold(2), ThresholdError);
    CHECK_THROWS_AS(checked_threshold(0), ThresholdError);
    CHECK_THROWS_WITH(checked_threshold(2), doctest::Contains("below the lowest allowed, 3"));
    CHECK_THROWS_AS(shown_groups({10}, 2), ThresholdError);
    CHECK_THROWS_AS(suppress_table(table(1, 1, {10}), 1), ThresholdError);
}

TEST_CASE("anonymity: one group below, at and above the threshold") {
    CHECK(shown_groups({4}, 5) == std::vector<bool>{false});
    CHECK(shown_groups({5}, 5) == std::vector<bool>{true});
    CHECK(shown_groups({6}, 5) == std::vector<bool>{true});
    CHECK(shown_groups({2}, 3) == std::vector<bool>{false});
    CHECK(shown_groups({3}, 3) == std::vector<bool>{true});
    // Nothing to protect in an empty group: it is shown and never counts as hidden.
    CHECK(shown_groups({0}, 5) == std::vector<bool>{true});
    CHECK(shown_groups({0, 7, 0}, 5) == std::vector<bool>{true, true, true});
}

TEST_CASE("anonymity: complementary suppression hides the next smallest groups") {
    // One small group: the next smallest is hidden too, also above the threshold, so total minus visible is a sum
    // of two groups of at least the threshold.
    CHECK(shown_groups({3, 10, 20}, 5) == std::vector<bool>{false, false, true});
    // Empty groups are skipped when choosing the next smallest.
    CHECK(shown_groups({3, 0, 0, 9, 12}, 5) == std::vector<bool>{false, true, true, false, true});
    // Two small groups that reach the threshold together protect each other.
    CHECK(shown_groups({4, 4, 20}, 5) == std::vector<bool>{false, false, true});
    // Two small groups below it together: a third is hidden.
    CHECK(shown_groups({2, 2, 20, 30}, 5) == std::vector<bool>{false, false, false, true});
    // ... until all are hidden.
    CHECK(shown_groups({2, 2, 20}, 5) == std::vector<bool>{false, false, false});
    // A total below the threshold: every non-empty group is hidden.
    CHECK(shown_groups({2, 1, 0}, 5) == std::vector<bool>{false, false, true});
    // No small group: nothing hidden.
    CHECK(shown_groups({5, 6, 50}, 5) == std::vector<bool>{true, true, true});
}

TEST_CASE("anonymity: one site's small department cannot be subtracted from the site or the department total") {
    // One site (row), departments A=3, B=10, C=20: A hidden, B (next smallest) too; B's column total is B itself,
    // so it is hidden among the column totals as well.
    const TableCounts counts = table(1, 3, {3, 10, 20});
    const TableShown shown = suppress_table(counts, 5);
    CHECK(shown.cells == std::vector<bool>{false, false, true});
    CHECK(shown.columns == std::vector<bool>{false, false, true});
    CHECK(shown.rows == std::vector<bool>{true});
    CHECK(shown.total);
    CHECK(joined(audit_of(counts, shown).violations(5)).empty());
    CHECK(joined(audit_of(counts, shown).determined()).empty());
}

TEST_CASE("anonymity: a total hidden to protect a sibling total hides one of its cells") {
    // Site X: A=10 only; site Y: B=2 only. Y's total (2) is hidden, so X's total is hidden beside it; were X's only
    // cell shown, it would give X's total back and the grand total minus X would be Y's 2.
    const TableCounts counts = table(2, 2, {10, 0, 0, 2});
    const TableShown shown = suppress_table(counts, 5);
    CHECK(shown.cells == std::vector<bool>{false, true, true, false});
    CHECK(shown.rows == std::vector<bool>{false, false});
    CHECK(shown.columns == std::vector<bool>{false, false});
    CHECK(shown.total);
    CHECK(joined(audit_of(counts, shown).violations(5)).empty());
    CHECK(joined(audit_of(counts, shown).determined()).empty());
}

TEST_CASE("anonymity: the column total minus the shown cells of the column never equals one hidden cell") {
    // Department A at three sites: 4, 12, 30; department B: 9, 9, 9.
    const TableCounts counts = table(3, 2, {4, 9, 12, 9, 30, 9});
    const TableShown shown = suppress_table(counts, 5);
    CHECK_FALSE(shown.cell(0, 0, 2));
    for (std::size_t c = 0; c < counts.columns; ++c) {
        if (!shown.columns[c]) continue;
        std::int64_t residual = 0, hidden = 0;
        for (std::size_t r = 0; r < counts.rows; ++r) {
            residual += counts.at(r, c);
            if (shown.cell(r, c, 2)) residual -= counts.at(r, c);
            if (!shown.cell(r, c, 2) && counts.at(r, c) != 0) ++hidden;
        }
        CHECK(hidden != 1);
        CHECK((residual == 0 || residual >= 5));
    }
    CHECK(joined(audit_of(counts, shown).violations(5)).empty());
    CHECK(joined(audit_of(counts, shown).determined()).empty());
}

TEST_CASE("anonymity: seeded tables hold up against pairwise subtraction and linear algebra") {
    // A fixed generator: the same tables on every run and machine (raw mt19937 output, no distributions).
    std::mt19937 random(20261202);
    const auto pick = [&](std::uint32_t below) { return static_cast<std::int64_t>(random() % below); };
    std::size_t tables = 0, with_hidden = 0;
    for (int round = 0; round < 400; ++round) {
        const auto rows = static_cast<std::size_t>(1 + pick(4));
        const auto columns = static_cast<std::size_t>(1 + pick(5));
        const int threshold = static_cast<int>(3 + pick(4));
        TableCounts counts{rows, columns, {}};
        for (std::size_t i = 0; i < rows * columns; ++i) {
            const std::int64_t kind = pick(10);
            counts.cells.push_back(kind < 3 ? 0 : kind < 6 ? 1 + pick(static_cast<std::uint32_t>(threshold))
                                                           : threshold + pick(25));
        }
        const TableShown shown = suppress_table(counts, threshold);
        ++tables;
        for (std::size_t i = 0; i < counts.cells.size(); ++i) {
            if (!shown.cells[i]) ++with_hidden;
            // Nothing shown rests on fewer ratings than the threshold.
            if (shown.cells[i]) CHECK((counts.cells[i] == 0 || counts.cells[i] >= threshold));
        }
        const auto pairs = audit_of(counts, shown).violations(threshold);
        const auto determined = audit_of(counts, shown).determined();
        std::string cells_text;
        for (std::size_t i = 0; i < counts.cells.size(); ++i)
            cells_text += (i % columns == 0 ? " |" : " ") + std::to_string(counts.cells[i]) + (shown.cells[i] ? "" : "h");
        INFO("round " << round << ", threshold " << threshold << ":" << cells_text << " determined: " << joined(determined));
        CHECK(joined(pairs).empty());
        CHECK(joined(determined).empty());
    }
    CHECK(tables == 400);
    CHECK(with_hidden > 100);  // the seeded tables do exercise suppression
}

TEST_CASE("anonymity: a breakdown of five faces hides at least three when the mean is shown beside the count") {
    // A figure of 12 with faces [1,0,3,6,2]: faces 1, 3 and 5 are hidden together (6 ratings); two would follow from
    // the count and the mean.
    std::vector<bool> shown{false, true, true, true, true};  // face 1 hidden by its face table
    bool total = true;
    CHECK(protect_breakdown({1, 0, 3, 6, 2}, shown, total, 5, 3));
    CHECK(shown == std::vector<bool>{false, true, false, true, false});
    CHECK(total);
    // Only two faces in use, one too small: both hidden and still two, so the figure itself is hidden.
    std::vector<bool> two{false, true, true, true, true};
    total = true;
    CHECK(protect_breakdown({2, 18, 0, 0, 0}, two, total, 5, 3));
    CHECK_FALSE(total);
    // Nothing hidden: nothing to do; the plain rule (two hidden reaching the threshold) with fewest_hidden 2.
    std::vector<bool> all{true, true};
    total = true;
    CHECK_FALSE(protect_breakdown({6, 7}, all, total, 5));
    std::vector<bool> pair{false, true, true};
    CHECK(protect_breakdown({3, 4, 9}, pair, total, 5));
    CHECK(pair == std::vector<bool>{false, false, true});
    CHECK_THROWS_AS(protect_breakdown({1}, pair, total, 5), std::invalid_argument);
}

TEST_CASE("anonymity: a table protected again from more hidden flags keeps them and stays safe") {
    std::mt19937 random(777);
    const auto pick = [&](std::uint32_t below) { return static_cast<std::int64_t>(random() % below); };
    for (int round = 0; round < 200; ++round) {
        const auto rows = static_cast<std::size_t>(1 + pick(4));
        const auto columns = static_cast<std::size_t>(1 + pick(4));
        TableCounts counts{rows, columns, {}};
        for (std::size_t i = 0; i < rows * columns; ++i) counts.cells.push_back(pick(3) == 0 ? 0 : 1 + pick(20));
        TableShown start = suppress_table(counts, 5);
        // Hide one more non-empty entry anywhere (a cell, a row or column total, or the grand total), as the face
        // rule does (it never hides an empty one).
        const auto which = static_cast<std::size_t>(pick(static_cast<std::uint32_t>(rows * columns + rows + columns + 1)));
        std::int64_t row_sum = 0, column_sum = 0, grand = 0;
        for (std::size_t i = 0; i < counts.cells.size(); ++i) grand += counts.cells[i];
        if (which < rows * columns) {
            if (counts.cells[which] != 0) start.cells[which] = false;
        } else if (which < rows * columns + rows) {
            for (std::size_t c = 0; c < columns; ++c) row_sum += counts.at(which - rows * columns, c);
            if (row_sum != 0) start.rows[which - rows * columns] = false;
        } else if (which < rows * columns + rows + columns) {
            for (std::size_t r = 0; r < rows; ++r) column_sum += counts.at(r, which - rows * columns - rows);
            if (column_sum != 0) start.columns[which - rows * columns - rows] = false;
        } else if (grand != 0) {
            start.total = false;
        }
        const TableShown shown = suppress_table(counts, 5, start);
        for (std::size_t i = 0; i < shown.cells.size(); ++i) CHECK((start.cells[i] || !shown.cells[i]));
        for (std::size_t r = 0; r < rows; ++r) CHECK((start.rows[r] || !shown.rows[r]));
        for (std::size_t c = 0; c < columns; ++c) CHECK((start.columns[c] || !shown.columns[c]));
        CHECK((start.total || !shown.total));
        std::string cells_text;
        for (std::size_t i = 0; i < counts.cells.size(); ++i)
            cells_text += (i % columns == 0 ? " |" : " ") + std::to_string(counts.cells[i]) + (shown.cells[i] ? "" : "h");
        INFO("round " << round << ":" << cells_text << " " << joined(audit_of(counts, shown).violations(5)));
        CHECK(joined(audit_of(counts, shown).violations(5)).empty());
        CHECK(joined(audit_of(counts, shown).determined()).empty());
    }
    TableShown wrong;
    CHECK_THROWS_AS(suppress_table(table(1, 2, {3, 4}), 5, wrong), std::invalid_argument);
}

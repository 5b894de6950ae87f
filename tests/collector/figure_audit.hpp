// A brute-force audit of shown figures for the anonymity tests: each figure is the set of leaves (cells of ratings) it
// sums; no two shown figures may subtract to a positive count below the threshold, and equal sets agree.
#pragma once

#include "collector/dashboard/overview.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace collector_test {

class FigureAudit {
public:
    // `leaves`: one flag per leaf of a fixed universe (the same size for every figure of one audit).
    void add(std::string what, std::vector<bool> leaves, bool shown, std::int64_t count) {
        figures_.push_back(Entry{std::move(what), std::move(leaves), shown, count});
    }
    void add(std::string what, std::vector<bool> leaves, const floorsync::collector::Figure& figure) {
        add(std::move(what), std::move(leaves), figure.shown, figure.count);
    }
    std::size_t size() const { return figures_.size(); }

    // Every violation, one line each (empty: none):
    // - a shown figure A containing a shown figure B (as sets of leaves) with 0 < A - B < threshold: the difference
    //   rests on too few ratings;
    // - the same set of leaves shown once and hidden another time, or shown with two different counts.
    std::vector<std::string> violations(int threshold) const {
        std::vector<std::string> found;
        for (std::size_t a = 0; a < figures_.size(); ++a) {
            for (std::size_t b = 0; b < figures_.size(); ++b) {
                if (a == b) continue;
                const Entry& big = figures_[a];
                const Entry& small = figures_[b];
                if (!contains(big.leaves, small.leaves)) continue;
                const bool same = big.leaves == small.leaves;
                if (same && a < b && (big.shown != small.shown || (big.shown && big.count != small.count))) {
                    found.push_back("'" + big.what + "' and '" + small.what + "' are the same ratings but differ");
                }
                if (same || !big.shown || !small.shown) continue;
                const std::int64_t difference = big.count - small.count;
                if (difference > 0 && difference < threshold)
                    found.push_back("'" + big.what + "' (" + std::to_string(big.count) + ") minus '" + small.what +
                                    "' (" + std::to_string(small.count) + ") = " + std::to_string(difference));
            }
        }
        return found;
    }

    // The hidden non-empty figures whose count follows from the shown ones by sums and differences of any number of
    // them (linear algebra over the leaves; the strongest subtraction there is). Empty: none.
    std::vector<std::string> determined() const {
        // Row-reduce the shown figures' leaf vectors into a basis with distinct pivots.
        std::vector<std::pair<std::size_t, std::vector<double>>> basis;
        const auto reduce = [&](std::vector<double> vector) {
            for (const auto& [pivot, row] : basis) {
                if (std::fabs(vector[pivot]) < 1e-9) continue;
                const double factor = vector[pivot] / row[pivot];
                for (std::size_t k = 0; k < vector.size(); ++k) vector[k] -= factor * row[k];
            }
            return vector;
        };
        const auto as_vector = [](const std::vector<bool>& leaves) {
            return std::vector<double>(leaves.begin(), leaves.end());
        };
        for (const Entry& entry : figures_) {
            if (!entry.shown) continue;
            auto reduced = reduce(as_vector(entry.leaves));
            std::size_t pivot = reduced.size();
            for (std::size_t k = 0; k < reduced.size(); ++k)
                if (std::fabs(reduced[k]) > 1e-9) {
                    pivot = k;
                    break;
                }
            if (pivot == reduced.size()) continue;
            // Keep the basis fully reduced at the new pivot, so reduce() can go through it in one pass.
            for (auto& [other_pivot, row] : basis) {
                if (std::fabs(row[pivot]) < 1e-9) continue;
                const double factor = row[pivot] / reduced[pivot];
                for (std::size_t k = 0; k < row.size(); ++k) row[k] -= factor * reduced[k];
            }
            basis.emplace_back(pivot, std::move(reduced));
        }
        std::vector<std::string> found;
        for (const Entry& entry : figures_) {
            if (entry.shown || entry.count == 0) continue;
            const auto residual = reduce(as_vector(entry.leaves));
            const bool zero = std::all_of(residual.begin(), residual.end(), [](double v) { return std::fabs(v) < 1e-9; });
            if (zero) found.push_back("'" + entry.what + "' (" + std::to_string(entry.count) + ") is determined");
        }
        return found;
    }

private:
    struct Entry {
        std::string what;
        std::vector<bool> leaves;
        bool shown;
        std::int64_t count;
    };
    static bool contains(const std::vector<bool>& big, const std::vector<bool>& small) {
        for (std::size_t i = 0; i < big.size(); ++i)
            if (small[i] && !big[i]) return false;
        return true;
    }
    std::vector<Entry> figures_;
};

}  // namespace collector_test

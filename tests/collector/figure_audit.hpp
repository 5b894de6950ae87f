// A brute-force audit of shown figures for the anonymity tests: each figure is the set of leaves (cells of ratings) it
// sums; no two shown figures may subtract to a positive count below the threshold, equal sets agree, and no hidden
// figure follows from the shown ones by any sums and differences. Weighted figures (a mean's score sum: each leaf
// times its face) take part in the linear algebra only.
#pragma once

#include "collector/dashboard/overview.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace collector_test {

class FigureAudit {
public:
    // `leaves`: one flag per leaf of a fixed universe (the same size for every figure of one audit).
    void add(std::string what, std::vector<bool> leaves, bool shown, std::int64_t count) {
        std::vector<double> weights(leaves.begin(), leaves.end());
        figures_.push_back(Entry{std::move(what), std::move(leaves), std::move(weights), shown, count, true});
    }
    // A weighted sum of leaves (e.g. the scores behind a shown mean): for determined() only.
    void add_weighted(std::string what, std::vector<double> weights, bool shown, std::int64_t value) {
        figures_.push_back(Entry{std::move(what), {}, std::move(weights), shown, value, false});
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
        // One entry per distinct set of leaves (the same figure under several filters), checked for agreement.
        std::map<std::vector<bool>, std::size_t> first_of;
        std::vector<std::size_t> distinct;
        for (std::size_t i = 0; i < figures_.size(); ++i) {
            const Entry& entry = figures_[i];
            if (!entry.pairwise) continue;
            const auto [at, inserted] = first_of.emplace(entry.leaves, i);
            if (inserted) {
                distinct.push_back(i);
                continue;
            }
            const Entry& first = figures_[at->second];
            if (first.shown != entry.shown || (first.shown && first.count != entry.count))
                found.push_back("'" + first.what + "' and '" + entry.what + "' are the same ratings but differ");
        }
        // Shown ones as bit sets: containment is then a few word operations.
        std::vector<std::size_t> shown;
        std::vector<std::vector<std::uint64_t>> bits;
        for (const std::size_t i : distinct) {
            if (!figures_[i].shown) continue;
            shown.push_back(i);
            std::vector<std::uint64_t> words((figures_[i].leaves.size() + 63) / 64, 0);
            for (std::size_t k = 0; k < figures_[i].leaves.size(); ++k)
                if (figures_[i].leaves[k]) words[k / 64] |= std::uint64_t{1} << (k % 64);
            bits.push_back(std::move(words));
        }
        for (std::size_t a = 0; a < shown.size(); ++a) {
            for (std::size_t b = 0; b < shown.size(); ++b) {
                if (a == b) continue;
                bool contains = true;
                for (std::size_t w = 0; w < bits[a].size() && contains; ++w) contains = (bits[b][w] & ~bits[a][w]) == 0;
                if (!contains) continue;
                const Entry& big = figures_[shown[a]];
                const Entry& small = figures_[shown[b]];
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
        std::set<std::vector<double>> seen;  // the same figure under several filters: reduce it once
        for (const Entry& entry : figures_) {
            if (!entry.shown || !seen.insert(entry.weights).second) continue;
            auto reduced = reduce(entry.weights);
            // The largest entry as the pivot keeps the elimination stable.
            std::size_t pivot = reduced.size();
            double largest = 1e-7;
            for (std::size_t k = 0; k < reduced.size(); ++k)
                if (std::fabs(reduced[k]) > largest) {
                    largest = std::fabs(reduced[k]);
                    pivot = k;
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
            const auto residual = reduce(entry.weights);
            const bool zero = std::all_of(residual.begin(), residual.end(), [](double v) { return std::fabs(v) < 1e-7; });
            if (zero) found.push_back("'" + entry.what + "' (" + std::to_string(entry.count) + ") is determined");
        }
        return found;
    }

private:
    struct Entry {
        std::string what;
        std::vector<bool> leaves;     // pairwise entries only
        std::vector<double> weights;  // every entry
        bool shown;
        std::int64_t count;
        bool pairwise;  // a plain count (a set of leaves), not a weighted sum
    };
    std::vector<Entry> figures_;
};

}  // namespace collector_test

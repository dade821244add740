#pragma once
// The set of budget splits: shares s_l of L funding levers with lo_l <= s_l <= hi_l and
// sum_l s_l = 1 (a bounded simplex).
#include <cstddef>
#include <span>
#include <vector>

namespace fundsim::decision {

using Shares = std::vector<double>;

struct ShareBounds {
  std::vector<double> lower, upper;  // one per lever
};

// Throws InputError unless there is at least one lever, lower and upper have the same length,
// 0 <= lo_l <= hi_l <= 1 and sum lo <= 1 <= sum hi (so the set is not empty).
void check_share_bounds(const ShareBounds& bounds);

// Every split on the lattice of step h (shares k_l h, k_l integer) inside the bounds, in
// lexicographic order of (k_1, ..., k_L). 1/h must be an integer up to 1e-9 relative. A share
// k/m (m = 1/h) is kept only if lo <= k/m <= hi holds in floating point, so every point
// satisfies the bounds exactly and sums to 1 within L rounding errors. Throws InputError when
// the lattice is empty (step too coarse for the bounds) or has more than max_points points.
std::vector<Shares> bounded_simplex_lattice(const ShareBounds& bounds, double step,
                                            std::size_t max_points);

// Euclidean projection onto the bounded simplex: s_l = clamp(x_l - tau, lo_l, hi_l) with tau
// solving sum_l s_l = 1, found exactly from the sorted breakpoints of the piecewise-linear sum;
// the last rounding residual goes to a lever strictly inside its bounds. The result satisfies
// the bounds exactly and sums to 1 within a few ulps.
Shares project_onto_bounded_simplex(std::span<const double> point, const ShareBounds& bounds);

}  // namespace fundsim::decision

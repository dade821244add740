#pragma once
// Optimiser of a budget split over a bounded simplex, for objectives that are sample-average
// approximations on fixed common-random-number replicates: deterministic, but piecewise
// constant with small jumps, so gradients are useless and a smooth model can be misled.
//
// (a) Coarse grid: every split on the bounded-simplex lattice of step h, evaluated through a
//     batch callback (the caller may evaluate a batch in parallel).
// (b) Refinement of the best k grid points, one after the other, by NLopt's Sbplx (Rowan 1990,
//     "Functional stability analysis of numerical algorithms": Nelder-Mead on subspaces,
//     designed for noisy and discontinuous objectives) in L - 1 coordinates of the plane
//     sum s = 1 (an orthonormal Helmert basis). Each trial point x is mapped to its Euclidean
//     projection P(x) onto the bounded simplex, so every evaluated split satisfies the bounds
//     exactly and sums to 1 within rounding (COBYLA with the sum as a constraint would evaluate
//     infeasible splits); the optimiser sees f(P(x)) + c |x - P(x)|, the penalty (c = the grid's
//     value range per grid step) making the projection's flat directions outside the set
//     uphill. The initial simplex spans half a grid step; a second pass restarts from the point
//     found with a simplex a tenth that size (a simplex can stall on a kink where a bound
//     becomes active).
// (c) Every distinct evaluated split, in evaluation order, and the best. Splits are cached by
//     exact value, so a split is evaluated once.
// The same callback gives the same sequence of evaluations (Sbplx is deterministic).
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "decision/bounded_simplex.hpp"

namespace fundsim::decision {

// Fills values[i] with the objective (lower is better) of candidates[i]; values must depend
// only on the shares. Exceptions propagate out of optimise_split unchanged.
using BatchObjective =
    std::function<void(std::span<const Shares> candidates, std::span<double> values)>;

struct SplitOptions {
  double grid_step = 0.05;
  int refine_starts = 3;                // best distinct grid points refined (k)
  int max_evaluations_per_start = 400;  // Sbplx objective calls per start, both passes together
                                        // (cache hits count)
  double share_tolerance = 1e-6;        // Sbplx stops when a step moves shares less than this
  std::size_t max_grid_points = 1'000'000;
  std::size_t batch_size = 4096;  // grid candidates per batch call
};

enum class Phase { grid, refine };

struct Candidate {
  Shares shares;
  double value = 0.0;
  Phase phase = Phase::grid;
  int start = -1;  // refinement start (0..k-1); -1 on the grid
};

struct SplitResult {
  std::vector<Candidate> evaluated;  // distinct splits in evaluation order
  std::size_t best = 0;              // index into evaluated: lowest value, earliest on ties
  std::size_t grid_points = 0;
  std::vector<int> refine_evaluations;  // new splits evaluated per start
  std::size_t cache_hits = 0;           // optimiser requests answered from the cache
  const Candidate& best_candidate() const { return evaluated[best]; }
};

// Throws InputError for bad bounds or step (see bounded_simplex.hpp) or non-finite values.
SplitResult optimise_split(const BatchObjective& objective, const ShareBounds& bounds,
                           const SplitOptions& options = {});

}  // namespace fundsim::decision

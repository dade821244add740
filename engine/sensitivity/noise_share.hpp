#pragma once
// The share of an output's variance due to the model's own randomness, from design rows
// evaluated a second time with the same parameters and other random streams (PRCC and Morris
// designs; the Saltelli design has the stream as a factor instead). docs/sensitivity.md §2:
//   E[Var(Y | X)]  ~  (1 / 2K) sum_{i<K} (y_i - y'_i)^2     (y, y' independent given X)
//   Var(Y)         ~  sample variance of y over the N independent rows (divisor N - 1)
// Interval: Poisson bootstrap over the N rows (Hanley & MacGibbon 2006), a repeated row keeping
// one weight for both of its evaluations; percentile interval. Sums run in row order, so the
// result does not depend on how the rows were evaluated.
#include <span>
#include <vector>

#include "sensitivity/bootstrap_weights.hpp"
#include "sensitivity/percentile_interval.hpp"

namespace fundsim::sensitivity {

struct NoiseShare {
  double value = 0;  // NaN when Var(Y) = 0
  Interval interval;
};

// y: the N independent rows; repeats: the second evaluation of rows 0..K-1 (K <= N, K >= 1);
// weights[i]: row i's bootstrap weights (all with the same replicate count).
// Throws Error on inconsistent sizes.
NoiseShare noise_share(std::span<const double> y, std::span<const double> repeats,
                       std::span<const BootstrapWeights> weights, double confidence);

}  // namespace fundsim::sensitivity

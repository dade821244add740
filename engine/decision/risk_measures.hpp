#pragma once
// Risk measures of one option's per-replicate objective values, each on the objective's own
// scale with a Monte Carlo standard error. Replicates are independent draws (of the uncertain
// parameters and of the model's own randomness), so these are plain i.i.d. estimators.
#include <Eigen/Core>

#include "decision/direction.hpp"

namespace fundsim::decision {

using Values = Eigen::Ref<const Eigen::VectorXd>;

// Sample mean; standard error sd / sqrt(N) (sd with N - 1; NaN for N < 2).
Estimate mean_of(const Values& values);

// Inverted-CDF quantile, as everywhere in fundsim: the value of rank ceil(q N) in ascending
// order (ranks from 1, rank 0 read as 1), q in [0, 1]. Standard error from the
// distribution-free order-statistic confidence interval (e.g. David & Nagaraja 2003, §7.1):
// ranks floor(Nq - z s) and ceil(Nq + z s), s = sqrt(N q (1 - q)), z = 1.96 (normal
// approximation to the binomial count below the quantile) bound a 95% interval; the standard
// error is its width / (2 z). NaN when that interval reaches past the sample (too few
// replicates in the tail to say anything).
Estimate quantile_of(const Values& values, double q);

// Conditional value at risk (expected shortfall): the mean of the worst alpha share of the
// replicates, alpha in (0, 1]. "Worst" is the largest values when minimising and the smallest
// when maximising. Sorting worst first, x(1), x(2), ..., with m = alpha N and k = floor(m):
//   CVaR = (x(1) + ... + x(k) + (m - k) x(k+1)) / m,
// i.e. the exact CVaR of the empirical distribution (Acerbi & Tasche 2002): when alpha N is
// not an integer the boundary replicate counts with its fractional weight (for m < 1, CVaR is
// the worst value). alpha = 1 gives the mean. Standard error from the influence function of
// expected shortfall (Manistre & Hancock 2005): with losses L (the objective, negated when
// maximising) and v = the value of the worst rank ceil(m), the asymptotic variance is
// Var((L - v)+) / (alpha^2 N); NaN for N < 2.
Estimate cvar_of(const Values& values, double alpha, Direction direction);

// Probability that the option beats a reference option in the same replicate (common random
// numbers pair replicate r with replicate r), ties counting half. Standard error: sd of the
// per-replicate score (1, 1/2 or 0) / sqrt(N), the binomial sqrt(p (1 - p) / N) without ties.
Estimate prob_beating(const Values& option, const Values& reference, Direction direction);

}  // namespace fundsim::decision

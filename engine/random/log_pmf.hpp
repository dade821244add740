#pragma once
// Accurate log-probabilities used by the rejection steps of the samplers (samplers.cpp),
// exposed for the unit tests. They follow Loader (2000), "Fast and accurate computation
// of binomial probabilities": log f is written as a sum of small terms (Stirling-series
// remainders and the deviance bd0), so its absolute error stays near 1e-9 even for
// n or mean ~ 1e15, where log(k!) - log(m!) computed directly would lose whole units.
#include <cstdint>

namespace fundsim::detail {

// log(k!) - [(k + 1/2) log k - k + log(2 pi)/2]  for k >= 1 (0 for k = 0 by convention).
double stirling_error(std::int64_t k);

// x log(x / m) + m - x  (the deviance term; >= 0), for x >= 0, m > 0.
double deviance_term(double x, double m);

// log P(X = k) for X ~ Poisson(mean), mean > 0, k >= 0.
double poisson_log_pmf(std::int64_t k, double mean);

// log P(X = k) for X ~ Binomial(n, p), n >= 1, 0 < p < 1, 0 <= k <= n.
double binomial_log_pmf(std::int64_t k, std::int64_t n, double p);

}  // namespace fundsim::detail

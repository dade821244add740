#pragma once
// Implausibility of a parameter point (history matching: Craig et al. 1997; Vernon et al. 2010;
// Andrianakis et al. 2015), estimated from m replicates of the stochastic simulator at the point:
//
//   I_j(x) = |z_j - E_j(x)| / sqrt(V_obs,j(x) + V_disc,j + V_ens,j(x) * (1 + 1/m))
//
// E_j and V_ens,j are the mean and the sample variance (divisor m - 1) of the m simulated values;
// V_obs,j is the mean over the replicates of the observation model's variance given each one
// (sd^2, y, y + y^2/k). V_obs + V_ens is then exactly Var(z_j | x) by the law of total variance,
// and V_ens/m is the Monte Carlo variance of E_j. A point is non-implausible when the k-th largest
// I_j is at most the cut-off: by Pukelsheim's (1994) three-sigma rule, a unimodal z lies more
// than 3 sd from its mean with probability below 5%, so cut-off 3 rarely rejects the truth; k = 2
// tolerates one outlying observation (Vernon et al. 2010).
#include <cstddef>
#include <span>

#include "calibration/observation_model.hpp"

namespace fundsim::calibration {

// Fills per_observation[j] = I_j from `outputs` (m rows of J values: [replicate][observation])
// and returns the k-th largest I_j (k >= 1, k <= J). m >= 2. A zero denominator gives
// I_j = 0 if z_j = E_j, else +infinity.
double implausibility(std::span<const Target> targets, std::span<const double> outputs,
                      std::size_t replicates, std::size_t kth, std::span<double> per_observation);

// The k-th largest of `values` (k = 1: the maximum).
double kth_largest(std::span<const double> values, std::size_t kth);

// log of (1/m) sum_r prod_j p(z_j | y_rj): an unbiased estimate (on the natural scale) of the
// likelihood of the point, averaging each replicate's joint likelihood (pseudo-marginal; Andrieu
// & Roberts 2009). May be -infinity.
double log_likelihood_estimate(std::span<const Target> targets, std::span<const double> outputs,
                               std::size_t replicates);

}  // namespace fundsim::calibration

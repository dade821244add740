#pragma once
// Pieces of the posterior step: an SMC sampler (Del Moral, Doucet & Jasra 2006) that moves the
// particles from the last wave's proposal q to the posterior through the tempered targets
//   gamma_b(x) proportional to q(x)^(1 - b) * (prior(x) * Lhat(x))^b,   b from 0 to 1,
// with Lhat the replicate-averaged likelihood estimate. Lhat is unbiased, so at b = 1 the
// particles target the exact posterior (pseudo-marginal argument, Andrieu & Roberts 2009). The
// prior is uniform on the unit cube (u-space).
#include <Eigen/Dense>
#include <cstddef>
#include <span>
#include <vector>

namespace fundsim::calibration {

// The next temperature (Jasra et al. 2011): the largest b' in (b, 1] whose incremental weights
// exp((b' - b) * g_i) keep an effective sample size of at least ess_fraction times the number of
// particles with finite g_i (g_i = log Lhat_i - log q_i; -infinity for zero likelihood). Found by
// bisection (64 halvings, so deterministic and to about 1e-19 of the remaining interval).
double next_temperature(std::span<const double> log_increments, double temperature,
                        double ess_fraction);

// Lower Cholesky factor of the random-walk proposal covariance (2.38^2 / d) * Cov(particles)
// (Roberts, Gelman & Gilks 1997), with a 1e-12 diagonal jitter so a collapsed cloud still moves.
Eigen::MatrixXd random_walk_factor(std::span<const double> points, std::size_t dimensions);

// The type-7 sample quantile (Hyndman & Fan 1996) of equally weighted values, p in [0,1].
double sample_quantile(std::vector<double> values, double p);

}  // namespace fundsim::calibration

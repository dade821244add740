#pragma once
// Observation models: the probability of an observed value z given one simulated value y of the
// same quantity (one trajectory's count over the observation's period), widened by a model
// discrepancy.
//
// Discrepancy (Kennedy & O'Hagan 2001; Vernon et al. 2010): the real system differs from the
// model by a term d with mean 0 and a fixed variance V_disc = discrepancy_sd^2, independent of
// the observation error. So z given y has mean y and variance Var_obs(y) + V_disc:
//   normal:  z ~ N(y, sd^2 + V_disc) — exact for a normal d.
//   poisson / negbin: counts stay counts. z ~ Poisson(y * g) with a gamma-distributed mixing
//            factor g of mean 1 whose variance collects the extra-Poisson variance
//            (1/k for negbin, plus V_disc / y^2), i.e. z ~ NegBin(mean y, size k_eff) with
//            y^2 / k_eff = y^2 / k + V_disc. This is the gamma mixture of the Poisson
//            (Greenwood & Yule 1920); it matches the additive model's first two moments exactly.
// Both are proper generative models for z given y, so calibrating with them is exact Bayesian
// inference under "simulator + discrepancy + observation error" (Wilkinson 2013).
//
// Counts reported as a monthly mean over n months (aggregate = mean_per_month) are modelled on
// the total: `scale` = n multiplies z, y and the discrepancy sd.
#include <string>

namespace fundsim::calibration {

enum class ObservationModel { normal, poisson, negative_binomial };

const char* model_name(ObservationModel model);  // "normal", "poisson", "negbin"

// One observation as the calibration uses it.
struct Target {
  std::string label;  // for messages, e.g. "referrals 2017"
  double value = 0;   // z, in the observation's units
  ObservationModel model = ObservationModel::normal;
  double sd = 0;              // normal: the observation error's sd (> 0)
  double dispersion = 0;      // negbin: k in variance = mu + mu^2 / k (> 0)
  double scale = 1;           // counts: z and y are multiplied by this (months of a monthly mean)
  double discrepancy_sd = 0;  // model discrepancy sd, in the observation's units (>= 0)
};

// log p(z | y) including the discrepancy. y must be finite (and >= 0 for count models). May be
// -infinity (a count model cannot give z from y = 0 unless z = 0). Constant terms are kept,
// so values are comparable across observations.
double log_likelihood(const Target& target, double simulated);

// Var(z | y) of the observation error alone (no discrepancy), in the observation's units:
// sd^2, y, or y + y^2 / k (divided by scale for count models, whose variance is on totals).
double observation_variance(const Target& target, double simulated);

// log of the Poisson pmf and of the negative binomial pmf (mean mu, size k), continued to
// non-integer z >= 0 through the gamma function. log_negative_binomial is accurate for any k > 0
// (for k >> z it approaches log_poisson without cancellation).
double log_poisson(double z, double mu);
double log_negative_binomial(double z, double mu, double k);

}  // namespace fundsim::calibration

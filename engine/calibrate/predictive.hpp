#pragma once
// Predictive draws of an observation (docs/calibration.md §4): given one simulated value y, a
// draw z of what would be observed, from the observation model with the model discrepancy that
// the calibration's likelihood uses (calibration/observation_model.hpp):
//   normal:           z = y + sqrt(sd^2 + discrepancy_sd^2) * N(0,1);
//   poisson / negbin: the total over the period is Poisson(mu * g), mu = y * scale, with g a
//                     gamma factor of mean 1 and variance 1/k + discrepancy^2 / y^2 (the gamma
//                     mixture of the Poisson, Greenwood & Yule 1920), then divided by scale.
// A predictive interval from these draws is one for the observed number itself, so it can be
// compared with the observation (coverage).
#include <cstdint>
#include <span>
#include <vector>

#include "calibration/observation_model.hpp"
#include "random/stream.hpp"

namespace fundsim {

double draw_observed(const calibration::Target& target, double simulated, Stream& stream);

// For `simulated` (rows of J values, one per observation), the matching predictive draws: row i
// uses the stream of StreamKey{seed, i} at a site of its own per observation and `purpose`
// (so prior and posterior draws never share numbers).
enum class PredictivePurpose : std::uint64_t { prior = 1, posterior = 2 };
std::vector<double> predictive_draws(std::span<const calibration::Target> targets,
                                     std::span<const double> simulated, std::uint64_t seed,
                                     PredictivePurpose purpose);

}  // namespace fundsim

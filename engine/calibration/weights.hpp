#pragma once
// Importance weights: log-sum-exp, effective sample size, systematic resampling. Every sum runs
// in index order, so results do not depend on how the weights were computed.
#include <cstddef>
#include <span>
#include <vector>

namespace fundsim::calibration {

// log(sum exp(x_i)), stable; -infinity if every x_i is -infinity (or x is empty).
double log_sum_exp(std::span<const double> x);

// Weights proportional to exp(log_weights), summing to 1. Throws std::invalid_argument if every
// log weight is -infinity.
std::vector<double> normalised_weights(std::span<const double> log_weights);

// Kish's (1965) effective sample size (sum w)^2 / sum w^2 of normalised weights.
double effective_sample_size(std::span<const double> weights);

// Systematic resampling (Kitagawa 1996; Douc & Cappé 2005): `count` indices, index i chosen
// floor(count * w_i) or that plus one times, from one uniform u in (0,1). Weights must sum to 1.
std::vector<std::size_t> systematic_resample(std::span<const double> weights, std::size_t count,
                                             double u);

}  // namespace fundsim::calibration

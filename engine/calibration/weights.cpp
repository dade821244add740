#include "calibration/weights.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace fundsim::calibration {

double log_sum_exp(std::span<const double> x) {
  double top = -std::numeric_limits<double>::infinity();
  for (const double v : x) top = std::max(top, v);
  if (!std::isfinite(top)) return top;
  double sum = 0;
  for (const double v : x) sum += std::exp(v - top);
  return top + std::log(sum);
}

std::vector<double> normalised_weights(std::span<const double> log_weights) {
  const double total = log_sum_exp(log_weights);
  if (!std::isfinite(total)) throw std::invalid_argument("normalised_weights: no positive weight");
  std::vector<double> w(log_weights.size());
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::exp(log_weights[i] - total);
  return w;
}

double effective_sample_size(std::span<const double> weights) {
  double sum = 0, sum_sq = 0;
  for (const double w : weights) {
    sum += w;
    sum_sq += w * w;
  }
  return sum_sq > 0 ? sum * sum / sum_sq : 0.0;
}

std::vector<std::size_t> systematic_resample(std::span<const double> weights, std::size_t count,
                                             double u) {
  if (weights.empty()) throw std::invalid_argument("systematic_resample: no weights");
  std::vector<std::size_t> out;
  out.reserve(count);
  const double n = static_cast<double>(count);
  double cumulative = weights[0];
  std::size_t last_positive = weights.size() - 1;
  while (last_positive > 0 && !(weights[last_positive] > 0)) --last_positive;
  std::size_t i = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const double point = (static_cast<double>(k) + u) / n;
    // Rounding can leave the final cumulative sum a hair below 1: never step past the last
    // index with a positive weight.
    while (point > cumulative && i < last_positive) cumulative += weights[++i];
    out.push_back(i);
  }
  return out;
}

}  // namespace fundsim::calibration

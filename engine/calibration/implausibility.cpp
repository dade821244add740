#include "calibration/implausibility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "calibration/weights.hpp"

namespace fundsim::calibration {

double implausibility(std::span<const Target> targets, std::span<const double> outputs,
                      std::size_t replicates, std::size_t kth, std::span<double> per_observation) {
  const std::size_t n_obs = targets.size();
  if (replicates < 2 || outputs.size() != replicates * n_obs || per_observation.size() != n_obs)
    throw std::invalid_argument("implausibility: inconsistent sizes");
  const double m = static_cast<double>(replicates);
  for (std::size_t j = 0; j < n_obs; ++j) {
    const Target& t = targets[j];
    double mean = 0, v_obs = 0;
    for (std::size_t r = 0; r < replicates; ++r) {
      const double y = outputs[r * n_obs + j];
      mean += y;
      v_obs += observation_variance(t, y);
    }
    mean /= m;
    v_obs /= m;
    double v_ens = 0;
    for (std::size_t r = 0; r < replicates; ++r) {
      const double d = outputs[r * n_obs + j] - mean;
      v_ens += d * d;
    }
    v_ens /= m - 1;
    const double variance = v_obs + t.discrepancy_sd * t.discrepancy_sd + v_ens * (1 + 1 / m);
    const double distance = std::fabs(t.value - mean);
    per_observation[j] = variance > 0    ? distance / std::sqrt(variance)
                         : distance == 0 ? 0.0
                                         : std::numeric_limits<double>::infinity();
  }
  return kth_largest(per_observation, kth);
}

double kth_largest(std::span<const double> values, std::size_t kth) {
  if (kth == 0 || kth > values.size()) throw std::invalid_argument("kth_largest: k out of range");
  std::vector<double> v(values.begin(), values.end());
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(kth - 1), v.end(),
                   std::greater<>());
  return v[kth - 1];
}

double log_likelihood_estimate(std::span<const Target> targets, std::span<const double> outputs,
                               std::size_t replicates) {
  const std::size_t n_obs = targets.size();
  std::vector<double> joint(replicates, 0.0);
  for (std::size_t r = 0; r < replicates; ++r)
    for (std::size_t j = 0; j < n_obs; ++j)
      joint[r] += log_likelihood(targets[j], outputs[r * n_obs + j]);
  return log_sum_exp(joint) - std::log(static_cast<double>(replicates));
}

}  // namespace fundsim::calibration

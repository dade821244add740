#include "sensitivity/noise_share.hpp"

#include <limits>
#include <string>

#include "errors.hpp"

namespace fundsim::sensitivity {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The estimate with row weights w(i) (1 for the point estimate).
template <class Weight>
double estimate(std::span<const double> y, std::span<const double> repeats, Weight w) {
  double n = 0, sum = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    n += w(i);
    sum += w(i) * y[i];
  }
  if (n < 2) return kNaN;
  const double mean = sum / n;
  double squares = 0;
  for (std::size_t i = 0; i < y.size(); ++i) squares += w(i) * (y[i] - mean) * (y[i] - mean);
  const double variance = squares / (n - 1);
  double k = 0, differences = 0;
  for (std::size_t i = 0; i < repeats.size(); ++i) {
    k += w(i);
    differences += w(i) * (y[i] - repeats[i]) * (y[i] - repeats[i]);
  }
  if (k == 0 || !(variance > 0)) return kNaN;
  return differences / (2 * k) / variance;
}

}  // namespace

NoiseShare noise_share(std::span<const double> y, std::span<const double> repeats,
                       std::span<const BootstrapWeights> weights, double confidence) {
  sensitivity::check_confidence(confidence);
  if (repeats.empty() || repeats.size() > y.size() || weights.size() != y.size()) {
    throw Error("noise share: " + std::to_string(y.size()) + " rows, " +
                std::to_string(repeats.size()) + " repeats and " + std::to_string(weights.size()) +
                " bootstrap weights do not fit together");
  }
  NoiseShare out;
  out.value = estimate(y, repeats, [](std::size_t) { return 1.0; });
  const std::size_t replicates = weights.front().weights.size();
  std::vector<double> estimates;
  estimates.reserve(replicates);
  for (std::size_t b = 0; b < replicates; ++b) {
    estimates.push_back(estimate(
        y, repeats, [&](std::size_t i) { return static_cast<double>(weights[i].weights.at(b)); }));
  }
  out.interval = sensitivity::percentile_interval(std::move(estimates), confidence);
  return out;
}

}  // namespace fundsim::sensitivity

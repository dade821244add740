#include "sensitivity/percentile_interval.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "errors.hpp"

namespace fundsim::sensitivity {
namespace {

double type7_quantile(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto below = static_cast<std::size_t>(std::floor(h));
  if (below + 1 >= sorted.size()) return sorted.back();
  const double fraction = h - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

}  // namespace

void check_confidence(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw InputError("confidence level " + std::to_string(confidence) +
                     " is not strictly between 0 and 1");
  }
}

Interval percentile_interval(std::vector<double> estimates, double confidence) {
  check_confidence(confidence);
  std::erase_if(estimates, [](double x) { return std::isnan(x); });
  if (estimates.empty()) return {};
  std::sort(estimates.begin(), estimates.end());
  return {type7_quantile(estimates, (1.0 - confidence) / 2.0),
          type7_quantile(estimates, (1.0 + confidence) / 2.0)};
}

}  // namespace fundsim::sensitivity

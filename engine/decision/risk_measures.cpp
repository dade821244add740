#include "decision/risk_measures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "errors.hpp"

namespace fundsim::decision {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Two-sided 95% standard normal quantile.
constexpr double kZ95 = 1.959963984540054;

void check_values(const Values& values, const char* what) {
  if (values.size() == 0) throw InputError(std::string(what) + ": no replicates");
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InputError(std::string(what) + ": replicate " + std::to_string(i) +
                       " is not a finite number");
    }
  }
}

std::vector<double> sorted_ascending(const Values& values) {
  std::vector<double> v(values.data(), values.data() + values.size());
  std::sort(v.begin(), v.end());
  return v;
}

// Mean and sample standard deviation in one fixed-order pass (Welford), so the result does not
// depend on vectorisation or memory alignment.
struct MeanSd {
  double mean = 0.0;
  double sd = kNaN;
};
template <class Get>
MeanSd mean_sd(Eigen::Index n, Get get) {
  double mean = 0.0, m2 = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double x = get(i);
    const double delta = x - mean;
    mean += delta / static_cast<double>(i + 1);
    m2 += delta * (x - mean);
  }
  MeanSd out;
  out.mean = mean;
  if (n >= 2) out.sd = std::sqrt(m2 / static_cast<double>(n - 1));
  return out;
}

}  // namespace

Estimate mean_of(const Values& values) {
  check_values(values, "mean");
  const auto n = values.size();
  const MeanSd m = mean_sd(n, [&](Eigen::Index i) { return values[i]; });
  return {m.mean, m.sd / std::sqrt(static_cast<double>(n))};
}

Estimate quantile_of(const Values& values, double q) {
  check_values(values, "quantile");
  if (!(q >= 0.0 && q <= 1.0)) throw InputError("quantile: level must be in [0, 1]");
  const std::vector<double> v = sorted_ascending(values);
  const auto n = static_cast<double>(v.size());
  const auto at_rank = [&](double rank) { return v[static_cast<std::size_t>(rank) - 1]; };
  const double rank = std::clamp(std::ceil(q * n), 1.0, n);
  Estimate out{at_rank(rank), kNaN};
  const double half = kZ95 * std::sqrt(n * q * (1.0 - q));
  const double lower = std::floor(n * q - half);
  const double upper = std::ceil(n * q + half);
  if (half > 0.0 && lower >= 1.0 && upper <= n) {
    out.standard_error = (at_rank(upper) - at_rank(lower)) / (2.0 * kZ95);
  }
  return out;
}

Estimate cvar_of(const Values& values, double alpha, Direction direction) {
  check_values(values, "CVaR");
  if (!(alpha > 0.0 && alpha <= 1.0)) throw InputError("CVaR: level must be in (0, 1]");
  // Losses, worst first: the objective when minimising, its negation when maximising.
  const double sign = -value_sign(direction);
  std::vector<double> loss(static_cast<std::size_t>(values.size()));
  for (std::size_t i = 0; i < loss.size(); ++i) {
    loss[i] = sign * values[static_cast<Eigen::Index>(i)];
  }
  std::sort(loss.begin(), loss.end(), std::greater<>());
  const auto n = static_cast<double>(loss.size());
  const double m = alpha * n;
  const auto k = static_cast<std::size_t>(std::floor(m));
  double tail = 0.0;
  for (std::size_t i = 0; i < k; ++i) tail += loss[i];
  if (k < loss.size() && m > static_cast<double>(k)) {
    tail += (m - static_cast<double>(k)) * loss[k];
  }
  const double cvar = tail / m;
  // Value at risk: the worst rank ceil(m) (at least 1).
  const auto var_rank =
      std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(m)), 1, loss.size());
  const double var = loss[var_rank - 1];
  const MeanSd excess = mean_sd(static_cast<Eigen::Index>(loss.size()), [&](Eigen::Index i) {
    return std::max(loss[static_cast<std::size_t>(i)] - var, 0.0);
  });
  return {sign * cvar, excess.sd / (alpha * std::sqrt(n))};
}

Estimate prob_beating(const Values& option, const Values& reference, Direction direction) {
  check_values(option, "probability of beating the reference");
  check_values(reference, "probability of beating the reference");
  if (option.size() != reference.size()) {
    throw InputError(
        "probability of beating the reference: option and reference differ in "
        "replicate count");
  }
  // Counted in integers (as the paired-difference summaries): p = (2 wins + ties) / (2 N).
  std::int64_t wins = 0, ties = 0;
  for (Eigen::Index i = 0; i < option.size(); ++i) {
    wins += better(option[i], reference[i], direction) ? 1 : 0;
    ties += option[i] == reference[i] ? 1 : 0;
  }
  const auto n = static_cast<double>(option.size());
  const double p = static_cast<double>(2 * wins + ties) / (2.0 * n);
  // Sample variance of the score: (sum s^2 - N p^2) / (N - 1), s^2 = 1 or 1/4.
  const double sum_squares = static_cast<double>(wins) + 0.25 * static_cast<double>(ties);
  const double variance = std::max(sum_squares - n * p * p, 0.0) / (n - 1.0);
  return {p, n >= 2.0 ? std::sqrt(variance / n) : kNaN};
}

}  // namespace fundsim::decision

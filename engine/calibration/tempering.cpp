#include "calibration/tempering.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "calibration/weights.hpp"
#include "errors.hpp"

namespace fundsim::calibration {
namespace {

double ess_at(std::span<const double> g, double step) {
  std::vector<double> log_w(g.size());
  for (std::size_t i = 0; i < g.size(); ++i) log_w[i] = std::isfinite(g[i]) ? step * g[i] : g[i];
  return effective_sample_size(normalised_weights(log_w));
}

}  // namespace

double next_temperature(std::span<const double> g, double temperature, double ess_fraction) {
  const auto finite = static_cast<double>(
      std::count_if(g.begin(), g.end(), [](double v) { return std::isfinite(v); }));
  if (finite == 0) throw std::invalid_argument("next_temperature: no particle has a likelihood");
  const double target = ess_fraction * finite;
  const double room = 1 - temperature;
  if (ess_at(g, room) >= target) return 1.0;
  double lo = 0, hi = room;
  for (int i = 0; i < 64; ++i) {
    const double mid = 0.5 * (lo + hi);
    (ess_at(g, mid) >= target ? lo : hi) = mid;
  }
  // ESS tends to `finite` as the step tends to 0, so lo > 0 unless the step underflows.
  if (!(lo > 0)) throw NumericError("tempering cannot advance (likelihoods too extreme)");
  return std::min(1.0, temperature + lo);
}

Eigen::MatrixXd random_walk_factor(std::span<const double> points, std::size_t d) {
  const std::size_t n = points.size() / d;
  const auto di = static_cast<Eigen::Index>(d);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(di);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) mean(static_cast<Eigen::Index>(j)) += points[i * d + j];
  mean /= static_cast<double>(n);
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(di, di);
  Eigen::VectorXd r(di);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < d; ++j)
      r(static_cast<Eigen::Index>(j)) = points[i * d + j] - mean(static_cast<Eigen::Index>(j));
    cov.noalias() += r * r.transpose();
  }
  cov /= static_cast<double>(n > 1 ? n - 1 : 1);
  cov *= 2.38 * 2.38 / static_cast<double>(d);
  cov.diagonal().array() += 1e-12;
  Eigen::LLT<Eigen::MatrixXd> llt(cov);
  if (llt.info() != Eigen::Success) throw NumericError("random-walk covariance is not positive");
  return llt.matrixL();
}

double sample_quantile(std::vector<double> values, double p) {
  if (values.empty() || !(p >= 0 && p <= 1))
    throw std::invalid_argument("sample_quantile: no values or p outside [0,1]");
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

}  // namespace fundsim::calibration

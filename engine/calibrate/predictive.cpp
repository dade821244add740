#include "calibrate/predictive.hpp"

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "random/samplers.hpp"

namespace fundsim {

namespace {
// Sites of the predictive streams: tagged apart from the engine's parameter sites (small
// numbers), the calibration algorithm's (0xCA1B << 48) and the posterior draw index (0x9057 << 48).
constexpr std::uint64_t kSiteTag = std::uint64_t{0xCA1C} << 48;
// Gamma shapes above this use the Wilson-Hilferty approximation (relative sd of the factor
// below 1%, where its error is far below the Poisson noise).
constexpr double kLargeShape = 1e4;
}  // namespace

double draw_observed(const calibration::Target& t, double y, Stream& stream) {
  using calibration::ObservationModel;
  if (t.model == ObservationModel::normal) {
    const double sd = std::sqrt(t.sd * t.sd + t.discrepancy_sd * t.discrepancy_sd);
    return y + sd * quantile(boost::math::normal(), stream.uniform());
  }
  const double mu = y * t.scale, disc = t.discrepancy_sd * t.scale;
  double extra = disc * disc;  // mu^2 Var(g)
  if (t.model == ObservationModel::negative_binomial) extra += mu * mu / t.dispersion;
  double mean = mu;
  if (extra > 0 && mu > 0) {
    const double k = mu * mu / extra;  // gamma shape; scale 1/k gives mean 1, variance 1/k
    const double u = stream.uniform();
    // Boost's gamma quantile gives up (series limit) at very large shapes; there the
    // Wilson-Hilferty (1931) cube-root normal approximation is accurate to O(1/k).
    const double g =
        k > kLargeShape
            ? std::pow(1 - 1 / (9 * k) + quantile(boost::math::normal(), u) / std::sqrt(9 * k), 3)
            : quantile(boost::math::gamma_distribution<double>(k, 1.0 / k), u);
    mean = mu * g;
  }
  return static_cast<double>(sample_poisson(mean, stream)) / t.scale;
}

std::vector<double> predictive_draws(std::span<const calibration::Target> targets,
                                     std::span<const double> simulated, std::uint64_t seed,
                                     PredictivePurpose purpose) {
  const std::size_t J = targets.size(), n = J ? simulated.size() / J : 0;
  std::vector<double> out(simulated.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < J; ++j) {
      Stream stream(StreamKey{seed, i}, Domain::parameters,
                    kSiteTag | (static_cast<std::uint64_t>(purpose) << 40) | j);
      out[i * J + j] = draw_observed(targets[j], simulated[i * J + j], stream);
    }
  }
  return out;
}

}  // namespace fundsim

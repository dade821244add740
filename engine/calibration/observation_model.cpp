#include "calibration/observation_model.hpp"

#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <limits>
#include <numbers>

namespace fundsim::calibration {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

double log_gamma(double x) {
  return boost::math::lgamma(x);
}

// The remainder of Stirling's series, lgamma(x) - [(x - 1/2) log x - x + log(2 pi) / 2], for
// x >= 10 (Abramowitz & Stegun 6.1.41; the next term is below 1e-12 there).
double stirling_remainder(double x) {
  const double r = 1.0 / x, r2 = r * r;
  return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 / 1680)));
}

}  // namespace

const char* model_name(ObservationModel model) {
  switch (model) {
    case ObservationModel::normal:
      return "normal";
    case ObservationModel::poisson:
      return "poisson";
    case ObservationModel::negative_binomial:
      return "negbin";
  }
  return "?";
}

double log_poisson(double z, double mu) {
  if (mu <= 0) return z == 0 ? 0.0 : kMinusInfinity;
  return z * std::log(mu) - mu - log_gamma(z + 1);
}

double log_negative_binomial(double z, double mu, double k) {
  if (mu <= 0) return z == 0 ? 0.0 : kMinusInfinity;
  // For k beyond (z + mu + 1)^2 * 1e16 the correction below, about ((z - mu)^2 - z) / (2k), is
  // under 1e-16: the Poisson pmf is exact to double precision (and k may be infinite).
  const double size = z + mu + 1;
  if (!(k * 1e-16 < size * size)) return log_poisson(z, mu);
  if (k < 10) {
    return log_gamma(z + k) - log_gamma(k) - log_gamma(z + 1) + k * std::log(k / (k + mu)) +
           z * std::log(mu / (k + mu));
  }
  // Written as log_poisson + an exact correction whose terms are all of order z and mu, so a
  // huge k (tiny overdispersion) does not cancel catastrophically:
  //   lgamma(z+k) - lgamma(k) - z log k = (k+z-1/2) log1p(z/k) - z + R(k+z) - R(k)
  //   log NB - log Poisson = that - (k+z) log1p(mu/k) + mu.
  const double rising =
      (k + z - 0.5) * std::log1p(z / k) - z + stirling_remainder(k + z) - stirling_remainder(k);
  return log_poisson(z, mu) + rising - (k + z) * std::log1p(mu / k) + mu;
}

double log_likelihood(const Target& t, double y) {
  if (t.model == ObservationModel::normal) {
    const double v = t.sd * t.sd + t.discrepancy_sd * t.discrepancy_sd;
    const double r = t.value - y;
    return -0.5 * (std::log(2 * std::numbers::pi * v) + r * r / v);
  }
  const double z = t.value * t.scale, mu = y * t.scale, disc = t.discrepancy_sd * t.scale;
  double extra = disc * disc;  // extra-Poisson variance mu^2 / k_eff
  if (t.model == ObservationModel::negative_binomial) extra += mu * mu / t.dispersion;
  if (extra == 0 || mu == 0) return log_poisson(z, mu);
  return log_negative_binomial(z, mu, mu * mu / extra);
}

double observation_variance(const Target& t, double y) {
  switch (t.model) {
    case ObservationModel::normal:
      return t.sd * t.sd;
    case ObservationModel::poisson:
      return y / t.scale;
    case ObservationModel::negative_binomial:
      return (y + y * y * t.scale / t.dispersion) / t.scale;
  }
  return 0;
}

}  // namespace fundsim::calibration

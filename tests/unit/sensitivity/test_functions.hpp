#pragma once
// Test functions with closed-form Sobol' indices, and a driver that runs a Saltelli design.
#include <boost/math/constants/constants.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "random/stream.hpp"
#include "sensitivity/saltelli_design.hpp"
#include "sensitivity/sobol_indices.hpp"

namespace fundsim::sensitivity::testing {

inline constexpr double kPi = boost::math::constants::pi<double>();

// Ishigami & Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U(-pi, pi).
// Partial variances (Sobol' & Levitan 1999): V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8,
// V13 = b^2 pi^8 (1/18 - 1/50), all others 0.
struct Ishigami {
  double a = 7.0;
  double b = 0.1;
  double operator()(const std::vector<double>& u) const {
    const double x1 = kPi * (2 * u[0] - 1), x2 = kPi * (2 * u[1] - 1), x3 = kPi * (2 * u[2] - 1);
    return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
  }
  double v1() const { return 0.5 * std::pow(1 + b * std::pow(kPi, 4) / 5, 2); }
  double v2() const { return a * a / 8; }
  double v13() const { return b * b * std::pow(kPi, 8) * (1.0 / 18 - 1.0 / 50); }
  double variance() const { return v1() + v2() + v13(); }
  std::vector<double> first_order() const { return {v1() / variance(), v2() / variance(), 0.0}; }
  std::vector<double> total() const {
    return {(v1() + v13()) / variance(), v2() / variance(), v13() / variance()};
  }
};

// Sobol' g-function (Saltelli & Sobol' 1995): g = prod (|4 x_i - 2| + a_i) / (1 + a_i),
// x_i ~ U(0,1). V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1,
// S1_i = V_i / V, ST_i = V_i prod_{k != i} (1 + V_k) / V.
struct GFunction {
  std::vector<double> a{0, 1, 4.5, 9, 99, 99};
  double operator()(const std::vector<double>& u) const {
    double g = 1;
    for (std::size_t i = 0; i < a.size(); ++i) g *= (std::abs(4 * u[i] - 2) + a[i]) / (1 + a[i]);
    return g;
  }
  double partial(std::size_t i) const { return 1.0 / (3 * (1 + a[i]) * (1 + a[i])); }
  double variance() const {
    double p = 1;
    for (std::size_t i = 0; i < a.size(); ++i) p *= 1 + partial(i);
    return p - 1;
  }
  std::vector<double> first_order() const {
    std::vector<double> s;
    for (std::size_t i = 0; i < a.size(); ++i) s.push_back(partial(i) / variance());
    return s;
  }
  std::vector<double> total() const {
    std::vector<double> s;
    for (std::size_t i = 0; i < a.size(); ++i) {
      double p = partial(i);
      for (std::size_t k = 0; k < a.size(); ++k) p *= k == i ? 1 : 1 + partial(k);
      s.push_back(p / variance());
    }
    return s;
  }
};

// Independent N(0, sd^2) noise that depends only on the row's stream id (the model's
// random numbers): rows with the same stream id get the same noise.
inline double gaussian_noise(std::uint64_t stream_id, double sd, std::uint64_t key = 97531) {
  Stream stream(StreamKey{key, stream_id}, Domain::model, 0);
  return sd * boost::math::quantile(boost::math::normal(), stream.uniform());
}

// Outputs are quantised to integers at this scale (1e-6 resolution).
inline constexpr double kScale = 1e6;
inline std::int64_t quantise(double y) {
  return std::llround(y * kScale);
}

using Model = std::function<double(const DesignPoint&)>;

// The D+3 quantised outputs of one base row, in slot order.
inline std::vector<std::int64_t> base_row_outputs(const SaltelliDesign& design, std::uint64_t i,
                                                  const Model& model) {
  const SaltelliBaseRow row = design.base_row(i);
  std::vector<std::int64_t> y(design.rows_per_base_row());
  for (std::size_t s = 0; s < y.size(); ++s) y[s] = quantise(model(row.row(s)));
  return y;
}

inline SobolAccumulator run_saltelli(const SaltelliDesign& design, const Model& model,
                                     std::uint64_t bootstrap_seed, std::size_t replicates = 200) {
  SobolAccumulator acc(design.parameters(), bootstrap_seed, replicates);
  for (std::uint64_t i = 0; i < design.base_rows(); ++i) {
    acc.add(i, base_row_outputs(design, i, model));
  }
  return acc;
}

}  // namespace fundsim::sensitivity::testing

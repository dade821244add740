// Predictive draws of an observation (calibrate/predictive.hpp): their mean and variance are those
// of the observation model with the discrepancy that the likelihood uses (normal: y and
// sd^2 + disc^2; counts: y and y / scale + (disc^2 + y^2 / k)), by Monte Carlo with 40,000 draws
// and a tolerance of 5 standard errors of each estimate; and the draws depend only on (seed, row).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "calibrate/predictive.hpp"

namespace fundsim {
namespace {

using calibration::ObservationModel;
using calibration::Target;

struct Moments {
  double mean = 0, variance = 0, fourth = 0;
};

Moments moments_of(const Target& t, double y, std::size_t n) {
  std::vector<double> z(n);
  for (std::size_t i = 0; i < n; ++i) {
    Stream stream(StreamKey{5, i}, Domain::parameters, 77);
    z[i] = draw_observed(t, y, stream);
  }
  Moments m;
  for (const double v : z) m.mean += v / static_cast<double>(n);
  for (const double v : z) {
    m.variance += (v - m.mean) * (v - m.mean) / static_cast<double>(n - 1);
    m.fourth += std::pow(v - m.mean, 4) / static_cast<double>(n);
  }
  return m;
}

// Mean within 5 se; variance within 5 se of the sample variance, se = sqrt((mu4 - s^4) / n).
void expect_moments(const Target& t, double y, double mean, double variance) {
  const std::size_t n = 40000;
  const Moments m = moments_of(t, y, n);
  const double dn = static_cast<double>(n);
  EXPECT_NEAR(m.mean, mean, 5 * std::sqrt(variance / dn)) << t.label;
  const double se_var = std::sqrt((m.fourth - m.variance * m.variance) / dn);
  EXPECT_NEAR(m.variance, variance, 5 * se_var) << t.label;
}

TEST(Predictive, NormalWithDiscrepancy) {
  Target t{"normal", 400, ObservationModel::normal, 40, 0, 1, 30};
  expect_moments(t, 380, 380, 40 * 40 + 30 * 30);
}

TEST(Predictive, PoissonWithDiscrepancyOnAMonthlyMean) {
  // A monthly mean over 12 months: totals are Poisson(12 y g), g of variance disc^2 / y^2.
  Target t{"poisson", 2269, ObservationModel::poisson, 0, 0, 12, 226.9};
  const double y = 2000;
  expect_moments(t, y, y, (12 * y + 12 * 12 * 226.9 * 226.9) / (12.0 * 12.0));
}

TEST(Predictive, NegativeBinomialWithoutDiscrepancy) {
  Target t{"negbin", 50, ObservationModel::negative_binomial, 0, 4, 1, 0};
  expect_moments(t, 60, 60, 60 + 60.0 * 60 / 4);
}

TEST(Predictive, PoissonWithATinyDiscrepancyUsesTheLargeShapeApproximation) {
  // Gamma shape k = (y / disc)^2 = 1e8 (Boost's gamma quantile gives up there): the factor's
  // variance 1/k still adds disc^2 to the Poisson variance y.
  Target t{"poisson", 1000, ObservationModel::poisson, 0, 0, 1, 0.1};
  expect_moments(t, 1000, 1000, 1000 + 0.1 * 0.1);
  // Large but moderate shape (k = 4e4, just above the switch): variance y + disc^2 = 1025.
  Target u{"poisson", 1000, ObservationModel::poisson, 0, 0, 1, 5};
  expect_moments(u, 1000, 1000, 1000 + 5 * 5);
}

TEST(Predictive, DrawsDependOnlyOnSeedAndRow) {
  const std::vector<Target> targets = {{"a", 10, ObservationModel::poisson, 0, 0, 1, 1},
                                       {"b", 5, ObservationModel::normal, 1, 0, 1, 0}};
  const std::vector<double> simulated = {10, 5, 12, 6, 8, 4};
  const auto all = predictive_draws(targets, simulated, 3, PredictivePurpose::posterior);
  // The first two rows alone: the same draws (a row does not depend on the others).
  const auto first =
      predictive_draws(targets, std::vector<double>(simulated.begin(), simulated.begin() + 4), 3,
                       PredictivePurpose::posterior);
  EXPECT_TRUE(std::equal(first.begin(), first.end(), all.begin()));
  EXPECT_NE(all, predictive_draws(targets, simulated, 3, PredictivePurpose::prior));
  EXPECT_NE(all, predictive_draws(targets, simulated, 4, PredictivePurpose::posterior));
}

}  // namespace
}  // namespace fundsim

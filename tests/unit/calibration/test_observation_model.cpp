// Observation models against independent computations: Boost.Math's pmfs, brute-force sums of
// logarithms, and the moments of the discrepancy-widened models obtained by summing their pmfs.
#include <gtest/gtest.h>

#include <boost/math/distributions/negative_binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>

#include "calibration/observation_model.hpp"

namespace fundsim::calibration {
namespace {

// Boost computes the pmfs directly (not through our log-gamma route); 1e-9 absolute on the log
// scale is ~1e-9 relative on the pmf, far above rounding and far below any modelling effect.
constexpr double kLogTolerance = 1e-9;

TEST(ObservationModel, PoissonMatchesBoost) {
  for (const double mu : {0.3, 4.0, 150.0, 8210.0})
    for (const double z : {0.0, 1.0, 3.0, 140.0, 8000.0}) {
      const double p = pdf(boost::math::poisson_distribution<>(mu), z);
      if (p < 1e-290) continue;
      EXPECT_NEAR(log_poisson(z, mu), std::log(p), kLogTolerance) << mu << " " << z;
    }
  EXPECT_EQ(log_poisson(0, 0), 0);
  EXPECT_EQ(log_poisson(2, 0), -INFINITY);
}

TEST(ObservationModel, NegativeBinomialMatchesBoost) {
  for (const double k : {0.5, 3.0, 9.99, 10.0, 50.0, 1e4})
    for (const double mu : {0.7, 20.0, 2269.0})
      for (const double z : {0.0, 1.0, 15.0, 2000.0}) {
        const double p = pdf(boost::math::negative_binomial_distribution<>(k, k / (k + mu)), z);
        if (p < 1e-290) continue;
        EXPECT_NEAR(log_negative_binomial(z, mu, k), std::log(p), kLogTolerance)
            << k << " " << mu << " " << z;
      }
}

// For huge k (a tiny discrepancy) the direct formula loses all precision; the brute-force log
// pmf sum_{i<z} log(k+i) - log z! + k log(k/(k+mu)) + z log(mu/(k+mu)) in long double with
// log1p does not.
TEST(ObservationModel, NegativeBinomialStaysAccurateForHugeDispersion) {
  for (const double k : {1e6, 1e9, 1e13})
    for (const double mu : {50.0, 400.0})
      for (const int z : {0, 37, 410}) {
        long double exact = 0;
        for (int i = 0; i < z; ++i) exact += std::log(static_cast<long double>(k) + i);
        exact -= std::lgamma(static_cast<long double>(z) + 1);
        exact -= static_cast<long double>(k) * std::log1p(static_cast<long double>(mu) / k);
        exact += z * (std::log(static_cast<long double>(mu)) -
                      std::log(static_cast<long double>(k) + mu));
        EXPECT_NEAR(log_negative_binomial(z, mu, k), static_cast<double>(exact), 1e-8)
            << k << " " << mu << " " << z;
      }
  EXPECT_EQ(log_negative_binomial(12, 10, INFINITY), log_poisson(12, 10));
}

// The pmf of z (on its own scale) given y for a count target, summed over all totals Z.
struct Moments {
  double mass = 0, mean = 0, variance = 0;
};
Moments count_moments(Target t, double y) {
  Moments m;
  double s1 = 0, s2 = 0;
  for (int Z = 0; Z < 200000; ++Z) {
    t.value = Z / t.scale;
    const double p = std::exp(log_likelihood(t, y));
    m.mass += p;
    s1 += p * t.value;
    s2 += p * t.value * t.value;
  }
  m.mean = s1 / m.mass;
  m.variance = s2 / m.mass - m.mean * m.mean;
  return m;
}

// Summing the pmf is independent of the k_eff algebra: mass 1, mean y, and variance
// observation_variance(y) + discrepancy_sd^2, for every count model, with and without a
// monthly-mean scale. Tolerances: the sums are exact to ~1e-10 (pmf tails beyond 200,000 are
// negligible); 1e-6 relative allows for cancellation in the variance.
TEST(ObservationModel, DiscrepancyWidensCountsToTheStatedVariance) {
  for (const auto model : {ObservationModel::poisson, ObservationModel::negative_binomial})
    for (const double scale : {1.0, 12.0})
      for (const double disc : {0.0, 40.0}) {
        Target t;
        t.model = model;
        t.dispersion = 30;
        t.scale = scale;
        t.discrepancy_sd = disc / scale;  // same absolute widening of the total
        const double y = 2269.0 / scale;
        const Moments m = count_moments(t, y);
        EXPECT_NEAR(m.mass, 1, 1e-9);
        EXPECT_NEAR(m.mean, y, 1e-6 * y);
        const double expected = observation_variance(t, y) + t.discrepancy_sd * t.discrepancy_sd;
        EXPECT_NEAR(m.variance, expected, 1e-6 * expected) << model_name(model) << " " << scale;
      }
}

TEST(ObservationModel, ObservationVarianceFormulas) {
  Target t;
  t.model = ObservationModel::normal;
  t.sd = 7;
  EXPECT_EQ(observation_variance(t, 100), 49);
  t.model = ObservationModel::poisson;
  EXPECT_EQ(observation_variance(t, 100), 100);
  t.scale = 12;  // a monthly mean of 100 is a total of 1200 with variance 1200
  EXPECT_DOUBLE_EQ(observation_variance(t, 100), 1200.0 / 144);
  t.model = ObservationModel::negative_binomial;
  t.dispersion = 4;  // total 1200: variance 1200 + 1200^2 / 4
  EXPECT_DOUBLE_EQ(observation_variance(t, 100), (1200 + 1200.0 * 1200 / 4) / 144);
}

TEST(ObservationModel, NormalWithDiscrepancyIsNormalWithTheSummedVariance) {
  Target t;
  t.model = ObservationModel::normal;
  t.sd = 3;
  t.discrepancy_sd = 4;
  t.value = 107;
  const double expected = std::log(pdf(boost::math::normal_distribution<>(100, 5), 107));
  EXPECT_NEAR(log_likelihood(t, 100), expected, 1e-12);
}

TEST(ObservationModel, CountFromZeroSimulatedIsImpossibleUnlessZero) {
  Target t;
  t.model = ObservationModel::negative_binomial;
  t.dispersion = 2;
  t.discrepancy_sd = 5;
  t.value = 3;
  EXPECT_EQ(log_likelihood(t, 0), -INFINITY);
  t.value = 0;
  EXPECT_EQ(log_likelihood(t, 0), 0);
}

}  // namespace
}  // namespace fundsim::calibration

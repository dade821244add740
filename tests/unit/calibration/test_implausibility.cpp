// Implausibility and the likelihood estimate: a hand-computed case, and the variance
// decomposition checked by simulation (E[I^2] is about 1 at the truth when every variance
// term is right).
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "calibration/implausibility.hpp"
#include "random/samplers.hpp"
#include "random/stream.hpp"

namespace fundsim::calibration {
namespace {

TEST(Implausibility, HandComputedCase) {
  Target a;  // normal, sd 2, discrepancy 1
  a.value = 10;
  a.sd = 2;
  a.discrepancy_sd = 1;
  Target b;  // poisson, value 30
  b.model = ObservationModel::poisson;
  b.value = 30;
  const std::vector<Target> targets = {a, b};
  // Three replicates: a = 4, 6, 8 (mean 6, sample variance 4); b = 18, 20, 22 (mean 20, var 4).
  const std::vector<double> outputs = {4, 18, 6, 20, 8, 22};
  std::vector<double> per(2);
  const double second = implausibility(targets, outputs, 3, 2, per);
  // a: |10 - 6| / sqrt(4 + 1 + 4 * (1 + 1/3)) ; b: |30 - 20| / sqrt(20 + 0 + 4 * 4/3)
  EXPECT_NEAR(per[0], 4 / std::sqrt(5 + 16.0 / 3), 1e-14);
  EXPECT_NEAR(per[1], 10 / std::sqrt(20 + 16.0 / 3), 1e-14);
  EXPECT_EQ(second, std::min(per[0], per[1]));
  EXPECT_EQ(implausibility(targets, outputs, 3, 1, per), std::max(per[0], per[1]));
}

TEST(Implausibility, ZeroVarianceGivesZeroOrInfinity) {
  Target t;
  t.model = ObservationModel::poisson;
  t.value = 0;
  std::vector<double> per(1);
  EXPECT_EQ(implausibility(std::vector<Target>{t}, std::vector<double>{0, 0}, 2, 1, per), 0);
  t.value = 2;
  EXPECT_EQ(implausibility(std::vector<Target>{t}, std::vector<double>{0, 0}, 2, 1, per), INFINITY);
}

TEST(Implausibility, KthLargest) {
  const std::vector<double> v = {3, 9, 1, 7};
  EXPECT_EQ(kth_largest(v, 1), 9);
  EXPECT_EQ(kth_largest(v, 2), 7);
  EXPECT_EQ(kth_largest(v, 4), 1);
  EXPECT_THROW(kth_largest(v, 5), std::invalid_argument);
}

// At the true point, z and the m replicates are independent draws, so E[(z - E_hat)^2] equals
// the denominator's expectation and E[I^2] is near 1 (not exactly: the denominator is estimated;
// with m = 40 the ratio bias is about 2/m = 5%). A missing term (V_ens, V_obs, the 1/m) moves
// E[I^2] far away: e.g. dropping V_ens doubles it for the Poisson-on-Poisson case below.
// Tolerance: mean of 20,000 values of I^2 (sd ~1.4) has se ~0.01; accept 0.9..1.1.
TEST(Implausibility, SquaredImplausibilityAveragesOneAtTheTruth) {
  const std::size_t m = 40;
  Target pois;
  pois.model = ObservationModel::poisson;
  Target norm;
  norm.sd = 30;
  Stream s(StreamKey{99, 1}, Domain::model, 0);
  const boost::math::normal standard;
  double sum_pois = 0, sum_norm = 0;
  const int trials = 20000;
  std::vector<double> per(1), y(m);
  for (int k = 0; k < trials; ++k) {
    // Simulator: Poisson(500); observation Poisson(y) of one more simulated y.
    pois.value =
        static_cast<double>(sample_poisson(static_cast<double>(sample_poisson(500, s)), s));
    for (double& v : y) v = static_cast<double>(sample_poisson(500, s));
    const double i1 = implausibility(std::vector<Target>{pois}, y, m, 1, per);
    sum_pois += i1 * i1;
    // Simulator: N(100, 20^2); observation N(y, 30^2).
    norm.value = 100 + 20 * quantile(standard, s.uniform()) + 30 * quantile(standard, s.uniform());
    for (double& v : y) v = 100 + 20 * quantile(standard, s.uniform());
    const double i2 = implausibility(std::vector<Target>{norm}, y, m, 1, per);
    sum_norm += i2 * i2;
  }
  EXPECT_NEAR(sum_pois / trials, 1.0, 0.1);
  EXPECT_NEAR(sum_norm / trials, 1.0, 0.1);
}

TEST(LikelihoodEstimate, IsTheLogOfTheMeanOfJointLikelihoods) {
  Target a;
  a.value = 3;
  a.sd = 1.5;
  Target b;
  b.model = ObservationModel::poisson;
  b.value = 4;
  const std::vector<Target> targets = {a, b};
  const std::vector<double> outputs = {2.5, 3, 4.0, 6, 1.0, 4};
  double mean = 0;
  for (int r = 0; r < 3; ++r)
    mean += std::exp(log_likelihood(a, outputs[2 * r]) + log_likelihood(b, outputs[2 * r + 1]));
  EXPECT_NEAR(log_likelihood_estimate(targets, outputs, 3), std::log(mean / 3), 1e-13);
}

}  // namespace
}  // namespace fundsim::calibration

// The estimators behind `fundsim sensitivity`: PRCC of many outputs on one design
// (sensitivity/prcc_design) against prcc, one regression per parameter; the noise share from
// repeated rows (sensitivity/noise_share) against a model with a known share.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <vector>

#include "errors.hpp"
#include "random/stream.hpp"
#include "sensitivity/noise_share.hpp"
#include "sensitivity/prcc.hpp"
#include "sensitivity/prcc_design.hpp"

namespace fundsim::sensitivity {
namespace {

double normal(Stream& s) {
  return boost::math::quantile(boost::math::normal(), s.uniform());
}

// N x D design with a constant column and a column of tied (rounded) values; outputs that are
// monotone, non-monotone, tied and constant.
struct Data {
  Eigen::MatrixXd x;
  std::vector<Eigen::VectorXd> outputs;
};

Data data(Eigen::Index n) {
  Data d;
  d.x.resize(n, 5);
  Stream s(StreamKey{11, 0}, Domain::model, 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < 5; ++j) d.x(i, j) = normal(s);
    d.x(i, 2) = 3.0;                    // constant: NaN, left out of the regressions
    d.x(i, 4) = std::round(d.x(i, 4));  // ties
  }
  Eigen::VectorXd linear(n), bent(n), tied(n), constant(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    linear(i) = 2 * d.x(i, 0) - d.x(i, 1) + 0.5 * d.x(i, 4) + normal(s);
    bent(i) = std::exp(d.x(i, 0)) + d.x(i, 3) * d.x(i, 3) + 0.3 * normal(s);
    tied(i) = std::round(linear(i));
    constant(i) = 7;
  }
  d.outputs = {linear, bent, tied, constant};
  return d;
}

// The closed form equals the per-parameter regressions to rounding (1e-10: both are exact
// least squares on the same ranks; the difference is floating-point order only).
TEST(PrccDesign, EqualsOneRegressionPerParameter) {
  const Data d = data(300);
  const PrccDesign design(d.x, 0.9);
  for (const Eigen::VectorXd& y : d.outputs) {
    const auto fast = design.prcc(y);
    const auto slow = prcc(d.x, y, 0.9);
    ASSERT_EQ(fast.size(), slow.size());
    for (std::size_t j = 0; j < fast.size(); ++j) {
      if (std::isnan(slow[j].prcc)) {
        EXPECT_TRUE(std::isnan(fast[j].prcc)) << j;
        continue;
      }
      EXPECT_NEAR(fast[j].prcc, slow[j].prcc, 1e-10) << j;
      EXPECT_NEAR(fast[j].p_value, slow[j].p_value, 1e-10) << j;
      EXPECT_NEAR(fast[j].interval.lower, slow[j].interval.lower, 1e-10) << j;
      EXPECT_NEAR(fast[j].interval.upper, slow[j].interval.upper, 1e-10) << j;
      EXPECT_EQ(fast[j].degrees_of_freedom, slow[j].degrees_of_freedom);
    }
  }
  // The linear output's strongest driver is x0, positive; x1 negative (a sanity check of signs).
  const auto r = design.prcc(d.outputs[0]);
  EXPECT_GT(r[0].prcc, 0.8);
  EXPECT_LT(r[1].prcc, -0.5);
}

TEST(PrccDesign, RefusesTooFewRows) {
  Eigen::MatrixXd x = Eigen::MatrixXd::Random(6, 4);
  EXPECT_THROW(PrccDesign(x, 0.95), InputError);  // 4 varying columns need 7 rows
  EXPECT_NO_THROW(PrccDesign(Eigen::MatrixXd::Random(7, 4), 0.95));
  EXPECT_THROW(PrccDesign(Eigen::MatrixXd::Random(20, 2), 1.0), InputError);
}

// Y = X + E, X ~ N(0,1), E ~ N(0, s^2) independent: E[Var(Y|X)] / Var(Y) = s^2 / (1 + s^2).
TEST(NoiseShare, KnownShare) {
  const double s2 = 0.25, truth = s2 / (1 + s2);  // 0.2
  const std::size_t n = 4000, k = 1000;
  std::vector<double> y(n), repeats(k);
  Stream st(StreamKey{5, 0}, Domain::model, 2);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = normal(st);
    y[i] = x + std::sqrt(s2) * normal(st);
    if (i < k) repeats[i] = x + std::sqrt(s2) * normal(st);
  }
  std::vector<BootstrapWeights> weights;
  for (std::size_t i = 0; i < n; ++i) weights.push_back(BootstrapWeights::poisson(3, i, 200));
  const NoiseShare share = noise_share(y, repeats, weights, 0.95);
  // se of the estimate: the noise variance from 1000 pairs has relative se sqrt(2/1000) = 4.5%,
  // i.e. 0.009 on 0.2; 0.03 is more than 3 se.
  EXPECT_NEAR(share.value, truth, 0.03);
  EXPECT_LT(share.interval.lower, truth);
  EXPECT_GT(share.interval.upper, truth);
  // The interval's width is about 2 x 1.96 x 0.009 = 0.035 (0.02 .. 0.06 allows for the
  // bootstrap's own error and the variance term).
  EXPECT_GT(share.interval.upper - share.interval.lower, 0.02);
  EXPECT_LT(share.interval.upper - share.interval.lower, 0.06);
}

TEST(NoiseShare, NoNoiseAndBadSizes) {
  std::vector<double> y = {1, 2, 3, 4, 5};
  std::vector<double> repeats = {1, 2};
  std::vector<BootstrapWeights> weights;
  for (std::size_t i = 0; i < y.size(); ++i) weights.push_back(BootstrapWeights::poisson(1, i, 50));
  EXPECT_EQ(noise_share(y, repeats, weights, 0.95).value, 0.0);
  std::vector<double> flat(5, 2.0);
  EXPECT_TRUE(std::isnan(noise_share(flat, repeats, weights, 0.95).value));
  EXPECT_THROW(noise_share(y, std::vector<double>{}, weights, 0.95), Error);
  EXPECT_THROW(noise_share(repeats, y, weights, 0.95), Error);
}

}  // namespace
}  // namespace fundsim::sensitivity

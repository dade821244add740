// Risk measures against hand-computed definitions on small samples and against closed forms on
// large exponential and uniform samples.
#include <gtest/gtest.h>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>

#include "decision/risk_measures.hpp"
#include "errors.hpp"
#include "test_data.hpp"

namespace fundsim::decision {
namespace {

using testing::TestRandom;

Eigen::VectorXd one_to_ten() {
  Eigen::VectorXd v(10);
  v << 7, 3, 10, 1, 5, 9, 2, 8, 4, 6;  // 1..10, shuffled: order must not matter
  return v;
}

TEST(RiskMeasures, SmallSampleByDefinition) {
  const Eigen::VectorXd v = one_to_ten();
  const Estimate m = mean_of(v);
  EXPECT_DOUBLE_EQ(m.value, 5.5);
  EXPECT_NEAR(m.standard_error, std::sqrt(55.0 / 6.0) / std::sqrt(10.0), 1e-14);
  // Inverted CDF: rank ceil(q N).
  EXPECT_EQ(quantile_of(v, 0.25).value, 3.0);  // rank 3
  EXPECT_EQ(quantile_of(v, 0.5).value, 5.0);   // rank 5
  EXPECT_EQ(quantile_of(v, 0.51).value, 6.0);  // rank 6
  EXPECT_EQ(quantile_of(v, 0.0).value, 1.0);
  EXPECT_EQ(quantile_of(v, 1.0).value, 10.0);
  EXPECT_TRUE(std::isnan(quantile_of(v, 0.05).standard_error));  // tail beyond the sample
  // CVaR at alpha = 0.25: m = 2.5 worst replicates, the third with weight 1/2.
  EXPECT_NEAR(cvar_of(v, 0.25, Direction::minimise).value, (10 + 9 + 0.5 * 8) / 2.5, 1e-14);
  EXPECT_NEAR(cvar_of(v, 0.25, Direction::maximise).value, (1 + 2 + 0.5 * 3) / 2.5, 1e-14);
  EXPECT_NEAR(cvar_of(v, 0.3, Direction::minimise).value, (10 + 9 + 8) / 3.0, 1e-14);
  EXPECT_NEAR(cvar_of(v, 1.0, Direction::maximise).value, 5.5, 1e-14);
  EXPECT_EQ(cvar_of(v, 0.05, Direction::minimise).value, 10.0);  // m < 1: the worst value
  EXPECT_EQ(cvar_of(v, 0.05, Direction::maximise).value, 1.0);
  // Beating a reference, ties half.
  Eigen::VectorXd option(4), reference(4);
  option << 1, 2, 3, 4;
  reference << 2, 2, 1, 5;
  EXPECT_DOUBLE_EQ(prob_beating(option, reference, Direction::minimise).value, 2.5 / 4.0);
  EXPECT_DOUBLE_EQ(prob_beating(option, reference, Direction::maximise).value, 1.5 / 4.0);
  // Scores (1, 1/2, 0, 1): sample sd / sqrt(4).
  const double mean = 0.625;
  const double var = ((1 - mean) * (1 - mean) * 2 + (0.5 - mean) * (0.5 - mean) + mean * mean) / 3;
  EXPECT_NEAR(prob_beating(option, reference, Direction::minimise).standard_error,
              std::sqrt(var / 4.0), 1e-14);
}

TEST(RiskMeasures, RejectsBadInput) {
  const Eigen::VectorXd v = one_to_ten();
  EXPECT_THROW(quantile_of(v, 1.5), InputError);
  EXPECT_THROW(cvar_of(v, 0.0, Direction::minimise), InputError);
  EXPECT_THROW(mean_of(Eigen::VectorXd()), InputError);
  Eigen::VectorXd bad = v;
  bad[2] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(mean_of(bad), InputError);
  EXPECT_THROW(prob_beating(v, v.head(5), Direction::minimise), InputError);
}

// Exp(1), N = 20,000: quantile -ln(1 - q) with asymptotic sd sqrt(q (1 - q) / N) / f(x_q);
// upper-tail CVaR 1 - ln(alpha) with sd sqrt(2 alpha - alpha^2) / (alpha sqrt N) (the excess
// over the VaR is Exp(1)); lower-tail CVaR (1 - e^-q (1 + q)) / alpha, q = -ln(1 - alpha), with
// its influence-function variance by quadrature. Estimates within 4 asymptotic sd; reported
// standard errors within 15% of the asymptotic sd (their own sampling error is a few %).
TEST(RiskMeasures, ExponentialAndUniformClosedForms) {
  const Eigen::Index n = 20000;
  TestRandom rng(71);
  Eigen::VectorXd x(n), u(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x[i] = -std::log(rng.uniform());
    u[i] = rng.uniform();
  }
  const double sqrt_n = std::sqrt(static_cast<double>(n));
  for (const double q : {0.5, 0.9, 0.99}) {
    const Estimate e = quantile_of(x, q);
    const double sd = std::sqrt(q * (1 - q)) / sqrt_n / (1 - q);  // f(x_q) = 1 - q
    EXPECT_NEAR(e.value, -std::log(1 - q), 4 * sd) << q;
    EXPECT_NEAR(e.standard_error, sd, 0.15 * sd) << q;
    const Estimate uq = quantile_of(u, q);
    const double usd = std::sqrt(q * (1 - q)) / sqrt_n;
    EXPECT_NEAR(uq.value, q, 4 * usd) << q;
    EXPECT_NEAR(uq.standard_error, usd, 0.15 * usd) << q;
  }
  for (const double alpha : {0.05, 0.1, 0.25}) {
    const Estimate upper = cvar_of(x, alpha, Direction::minimise);
    const double sd = std::sqrt(2 * alpha - alpha * alpha) / (alpha * sqrt_n);
    EXPECT_NEAR(upper.value, 1 - std::log(alpha), 4 * sd) << alpha;
    EXPECT_NEAR(upper.standard_error, sd, 0.15 * sd) << alpha;
    const double q = -std::log(1 - alpha);
    const Estimate lower = cvar_of(x, alpha, Direction::maximise);
    const auto integral = [&](auto f) {
      return boost::math::quadrature::gauss_kronrod<double, 31>::integrate(f, 0.0, q);
    };
    const double e1 = integral([&](double t) { return (q - t) * std::exp(-t); });
    const double e2 = integral([&](double t) { return (q - t) * (q - t) * std::exp(-t); });
    const double lower_sd = std::sqrt(e2 - e1 * e1) / (alpha * sqrt_n);
    EXPECT_NEAR(lower.value, (1 - std::exp(-q) * (1 + q)) / alpha, 4 * lower_sd) << alpha;
    EXPECT_NEAR(lower.standard_error, lower_sd, 0.15 * lower_sd) << alpha;
  }
  // Mean of Exp(1): 1, sd 1.
  EXPECT_NEAR(mean_of(x).value, 1.0, 4 / sqrt_n);
  EXPECT_NEAR(mean_of(x).standard_error, 1 / sqrt_n, 0.05 / sqrt_n);
  // P(Exp(1) < U(0,1)) = integral of (1 - e^-u) du over (0,1) = e^-1; binomial se.
  const Estimate p = prob_beating(x, u, Direction::minimise);
  const double p_true = std::exp(-1.0);
  EXPECT_NEAR(p.value, p_true, 4 * std::sqrt(p_true * (1 - p_true)) / sqrt_n);
  EXPECT_NEAR(p.standard_error, std::sqrt(p_true * (1 - p_true)) / sqrt_n, 0.01 / sqrt_n);
}

}  // namespace
}  // namespace fundsim::decision

// The REML penalised-spline fitter: Fellner-Schall's optimum against a brute-force grid search
// of the same criterion, and recovery of known smooth functions under noise.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "decision/penalised_regression.hpp"
#include "decision/smooth_terms.hpp"
#include "test_data.hpp"

namespace fundsim::decision {
namespace {

using testing::TestRandom;

TEST(SmoothTerms, MainEffectIsCenteredAndSpansLinear) {
  TestRandom rng(1);
  // A skewed parameter (lognormal): quantile knots, and linear functions still exact.
  Eigen::VectorXd u(500);
  for (Eigen::Index i = 0; i < u.size(); ++i) u[i] = std::exp(rng.normal());
  const SmoothTerm t = main_effect_term(u, 8);
  ASSERT_EQ(t.columns.cols(), 7);
  // Sum-to-zero constraint: every column sums to zero over the data.
  EXPECT_LT(t.columns.colwise().sum().cwiseAbs().maxCoeff(), 1e-10);
  // Exactly one unpenalised direction (the linear function), carried by the shrinkage penalty.
  EXPECT_EQ((t.penalties[0].array() == 0.0).count(), 1);
  EXPECT_EQ(t.penalties[1].sum(), 1.0);
  // Cubic B-splines reproduce linear functions: the centred values lie in the span, along the
  // single unpenalised direction.
  const Eigen::VectorXd centred = u.array() - u.mean();
  const Eigen::VectorXd coef = t.columns.colPivHouseholderQr().solve(centred);
  EXPECT_LT((t.columns * coef - centred).cwiseAbs().maxCoeff(), 1e-9);
  const Eigen::Index null =
      std::find(t.penalties[0].data(), t.penalties[0].data() + 7, 0.0) - t.penalties[0].data();
  EXPECT_LT((t.columns.col(null) * coef[null] - centred).cwiseAbs().maxCoeff(), 1e-9);
}

// One smooth term: the REML criterion over its two log smoothing parameters, minimised on a
// fine grid, against the Fellner-Schall optimum.
TEST(PenalisedRegression, FellnerSchallFindsTheRemlOptimumOfAGridSearch) {
  TestRandom rng(2);
  const Eigen::Index n = 800;
  const Eigen::VectorXd x = rng.uniforms(n);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    y[i] = std::sin(2.0 * std::numbers::pi * x[i]) + 0.5 * x[i] + 0.4 * rng.normal();
  }
  const PenalisedRegression model({main_effect_term(x, 10)});
  const PenalisedRegression::Fit fit = model.fit(y);
  EXPECT_TRUE(fit.converged);
  double grid_best = std::numeric_limits<double>::infinity();
  Eigen::VectorXd at(2), grid_at(2);
  for (double a = -15.0; a <= 15.0; a += 0.05) {
    for (double b = -15.0; b <= 15.0; b += 0.5) {
      at << a, b;
      const double v = model.reml_criterion(y, at);
      if (v < grid_best) {
        grid_best = v;
        grid_at = at;
      }
    }
  }
  // The criterion is a log likelihood (x -2): 1e-3 is far below any meaningful difference, and
  // the grid (step 0.05 in the wiggliness parameter) cannot beat the optimiser by more.
  EXPECT_LE(fit.reml, grid_best + 1e-3);
  EXPECT_NEAR(fit.log_lambda[0], grid_at[0], 0.1);
  EXPECT_EQ(model.reml_criterion(y, fit.log_lambda), fit.reml);
}

// Additive truth with one irrelevant parameter: the fit recovers the function within a few
// noise standard errors and smooths the irrelevant term nearly away (shrinkage penalty).
TEST(PenalisedRegression, RecoversAdditiveFunctionAndDropsNoiseTerm) {
  TestRandom rng(3);
  const Eigen::Index n = 3000;
  const Eigen::VectorXd x1 = rng.uniforms(n), x2 = rng.uniforms(n), x3 = rng.uniforms(n);
  Eigen::VectorXd truth(n), y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    truth[i] = std::exp(2.0 * x1[i]) + std::cos(3.0 * x2[i]);
    y[i] = truth[i] + rng.normal();
  }
  const PenalisedRegression model(
      {main_effect_term(x1, 8), main_effect_term(x2, 8), main_effect_term(x3, 8)});
  const PenalisedRegression::Fit fit = model.fit(y);
  EXPECT_TRUE(fit.converged);
  const double rmse = std::sqrt((fit.fitted - truth).squaredNorm() / static_cast<double>(n));
  // With edf ~ 12 and noise sd 1, the fitted values' error is about sqrt(edf / N) ~ 0.06.
  EXPECT_LT(rmse, 0.1);
  EXPECT_NEAR(fit.scale, 1.0, 0.08);  // residual variance: noise variance 1, se ~ sqrt(2/N)
  const Eigen::VectorXd noise_term =
      model.design().middleCols(model.term_offset(2), model.term_size(2)) *
      fit.coefficients.segment(model.term_offset(2), model.term_size(2));
  // An unpenalised linear fit of pure noise would have sd ~ sqrt(1/N) * 1 ~ 0.018 at most by
  // chance; the shrunk term must be smaller than that scale.
  EXPECT_LT(std::sqrt(noise_term.squaredNorm() / static_cast<double>(n)), 0.02);
  EXPECT_LT(fit.edf, 25.0);
}

}  // namespace
}  // namespace fundsim::decision

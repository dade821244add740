// Properties every value-of-information result must have: 0 <= EVPPI <= EVPI for every
// parameter and group, P(best) sums to 1, pure noise is worth nothing, determinism, input
// checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "decision/value_of_information.hpp"
#include "errors.hpp"
#include "noisy_toy.hpp"

namespace fundsim::decision {
namespace {

using testing::TestRandom;

// Small GP subsamples keep the tests fast. The GP check of the EVPI (6 inputs) keeps the
// default 500 points for its hyperparameters: from 250 it fitted pure noise (EVPI 0.071 vs 0.025
// from 500 on one seed).
VoiOptions small_options(Eigen::Index hyper = 300, Eigen::Index fit = 1000) {
  VoiOptions o;
  o.seed = 5;
  o.posterior_draws = 60;
  o.gp_hyper_subsample = hyper;
  o.gp_fit_subsample = fit;
  o.gp_se_points = 300;
  return o;
}

TEST(ValueOfInformation, EvppiBetweenZeroAndEvpiForEveryParameterAndGroup) {
  const testing::Toy toy = testing::simulate(1000, 51);
  const VoiOptions o = small_options();
  const EvpiResult total =
      value_of_perfect_information(toy.values, toy.theta, Direction::maximise, o);
  const double evpi = total.evpi.value;
  EXPECT_GT(evpi, 0.0);
  EXPECT_LE(evpi, total.replicates.evpi.value);
  EXPECT_NEAR(total.replicates.prob_best.sum(), 1.0, 1e-12);
  EXPECT_NEAR(total.parameters.prob_best.sum(), 1.0, 1e-12);
  std::vector<std::vector<Eigen::Index>> groups;
  for (Eigen::Index p = 0; p < testing::kParameters; ++p) groups.push_back({p});
  groups.push_back({0, 1});
  groups.push_back({1, 2});
  groups.push_back({0, 1, 2});
  groups.push_back({3, 4, 5, 6, 7});
  for (const auto& g : groups) {
    const EvppiResult r =
        value_of_partial_information(toy.values, toy.theta, g, Direction::maximise, evpi, o);
    EXPECT_GE(r.evppi.value, 0.0);
    EXPECT_LE(r.evppi.value, evpi);
    // Clamping must not hide a real violation: the raw estimate is within 3 se of the bound.
    EXPECT_LE(r.evppi.unclamped, evpi + 3.0 * r.evppi.standard_error) << "group of " << g[0];
    EXPECT_EQ(r.conditional_means.values.rows(), toy.values.rows());
  }
}

// Objective values independent of the parameters: all EVPI is noise. The additive model (8
// parameters) with the GP check must find (almost) nothing, while the naive EVPI is large.
TEST(ValueOfInformation, PureNoiseHasNoValueOfInformation) {
  TestRandom rng(52);
  const Eigen::Index n = 2000;
  Eigen::MatrixXd theta(n, 8), values(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index p = 0; p < 8; ++p) theta(i, p) = rng.normal();
    const double c = rng.normal();
    values(i, 0) = c + rng.normal();
    values(i, 1) = c + 0.1 + rng.normal();
    values(i, 2) = c - 0.1 + rng.normal();
  }
  const EvpiResult r =
      value_of_perfect_information(values, theta, Direction::minimise, small_options(500, 600));
  // Naive EVPI: E[max of three N(.,2)] ~ 0.8 here; the noise-handled estimate must be under
  // 5% of it (fitting noise leaves a small positive bias, ~0.01) and within 3 se of zero.
  EXPECT_GT(r.replicates.evpi.value, 0.5);
  EXPECT_LT(r.evpi.value, 0.05 * r.replicates.evpi.value);
  EXPECT_LT(r.evpi.value, 3.0 * r.evpi.standard_error + 1e-3);
  EXPECT_GT(r.noise_share, 0.95);
  // Knowing the parameters settles nothing: the fitted P(best) concentrates on the best mean
  // (up to fitted noise), while the raw replicates spread it by luck (~0.42 here).
  EXPECT_LT(r.replicates.prob_best[r.replicates.best], 0.5);
  EXPECT_GT(r.parameters.prob_best[r.parameters.best], 0.75);
}

TEST(ValueOfInformation, BitwiseDeterministic) {
  const testing::Toy toy = testing::simulate(400, 53);
  const VoiOptions o = small_options(200, 400);
  const EvpiResult a = value_of_perfect_information(toy.values, toy.theta, Direction::maximise, o);
  const EvpiResult b = value_of_perfect_information(toy.values, toy.theta, Direction::maximise, o);
  EXPECT_EQ(a.evpi.value, b.evpi.value);
  EXPECT_EQ(a.evpi.standard_error, b.evpi.standard_error);
  EXPECT_TRUE(a.conditional_means.values == b.conditional_means.values);
  const Eigen::Index group[2] = {1, 2};
  const EvppiResult c =
      value_of_partial_information(toy.values, toy.theta, group, Direction::maximise, 1.0, o);
  const EvppiResult d =
      value_of_partial_information(toy.values, toy.theta, group, Direction::maximise, 1.0, o);
  EXPECT_EQ(c.evppi.value, d.evppi.value);
  EXPECT_EQ(c.evppi.standard_error, d.evppi.standard_error);
}

TEST(ValueOfInformation, RejectsBadInput) {
  const testing::Toy toy = testing::simulate(50, 54);
  const VoiOptions o = small_options();
  const Eigen::MatrixXd short_theta = toy.theta.topRows(40);
  EXPECT_THROW(value_of_perfect_information(toy.values, short_theta, Direction::maximise, o),
               InputError);
  Eigen::MatrixXd bad = toy.values;
  bad(3, 1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(value_of_perfect_information(bad, toy.theta, Direction::maximise, o), InputError);
  const Eigen::Index out_of_range[1] = {8};
  EXPECT_THROW(value_of_partial_information(toy.values, toy.theta, out_of_range,
                                            Direction::maximise, 1.0, o),
               InputError);
  const Eigen::Index repeated[2] = {1, 1};
  EXPECT_THROW(
      value_of_partial_information(toy.values, toy.theta, repeated, Direction::maximise, 1.0, o),
      InputError);
  // A constant parameter carries no information: EVPPI exactly 0.
  Eigen::MatrixXd constant = toy.theta;
  constant.col(0).setConstant(0.3);
  const Eigen::Index first[1] = {0};
  EXPECT_EQ(value_of_partial_information(toy.values, constant, first, Direction::maximise, 1.0, o)
                .evppi.value,
            0.0);
}

TEST(ValueOfInformation, ClampsToTheBoundAndSaysSo) {
  const testing::Toy toy = testing::simulate(1000, 55);
  const Eigen::Index first[1] = {0};
  const EvppiResult free = value_of_partial_information(toy.values, toy.theta, first,
                                                        Direction::maximise, 1e9, small_options());
  ASSERT_GT(free.evppi.unclamped, 0.05);
  EXPECT_FALSE(free.evppi.clamped);
  const double bound = 0.5 * free.evppi.unclamped;
  const EvppiResult clamped = value_of_partial_information(
      toy.values, toy.theta, first, Direction::maximise, bound, small_options());
  EXPECT_EQ(clamped.evppi.value, bound);
  EXPECT_EQ(clamped.evppi.unclamped, free.evppi.unclamped);
  EXPECT_TRUE(clamped.evppi.clamped);
}

// A pure three-way interaction among three of eight parameters (with main effects, so that the
// ranking finds them: with main effects half as large, one of the three ranked below noise
// parameters on one seed of four) is invisible to pairwise terms; the GP check over the six most
// important parameters must take over and recover the EVPI. Truth: the same-sample oracle
// mean_i max(0, f_i) - max(0, mean f) with the exact conditional mean f.
TEST(ValueOfInformation, GaussianProcessCheckRecoversHigherOrderInteraction) {
  TestRandom rng(56);
  const Eigen::Index n = 2000;
  Eigen::MatrixXd theta(n, 8), values(n, 2);
  double mean_max = 0.0, mean_f = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index p = 0; p < 8; ++p) theta(i, p) = rng.uniform();
    const double f = 32.0 * (theta(i, 0) - 0.5) * (theta(i, 1) - 0.5) * (theta(i, 2) - 0.5) +
                     0.6 * (theta(i, 0) + theta(i, 1) + theta(i, 2)) - 0.5;
    const double c = rng.normal();
    values(i, 0) = c;
    values(i, 1) = c + f + 0.5 * rng.normal();
    mean_max += std::max(0.0, f);
    mean_f += f;
  }
  const double truth = mean_max / n - std::max(0.0, mean_f / n);
  const EvpiResult r =
      value_of_perfect_information(values, theta, Direction::maximise, small_options(500, 1000));
  EXPECT_TRUE(r.top_parameters_used);
  for (const Eigen::Index p : {0, 1, 2}) {
    EXPECT_NE(std::find(r.top_parameters.begin(), r.top_parameters.end(), p),
              r.top_parameters.end());
  }
  EXPECT_LT(r.evpi_all_parameters, 0.5 * truth);  // the additive model misses most of it
  // Regression error only (same sample): over seeds 56-59 it was -0.007..+0.005 (truth
  // ~0.13-0.15, GP se ~0.01); 0.03.
  EXPECT_NEAR(r.evpi.value, truth, 0.03);
}

}  // namespace
}  // namespace fundsim::decision

// P(best), expected opportunity loss and naive EVPI by hand on small matrices, and the
// acceptability curve against its definition.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "decision/acceptability.hpp"
#include "decision/decision_summary.hpp"
#include "errors.hpp"
#include "test_data.hpp"

namespace fundsim::decision {
namespace {

TEST(DecisionSummary, HandExampleWithTies) {
  Eigen::MatrixXd y(3, 3);
  y << 1, 2, 3,  // option 2 best
      3, 2, 1,   // option 0 best
      2, 2, 2;   // three-way tie: 1/3 each
  const DecisionSummary s = summarise_decision(y, Direction::maximise);
  EXPECT_NEAR(s.prob_best[0], 4.0 / 9.0, 1e-15);
  EXPECT_NEAR(s.prob_best[1], 1.0 / 9.0, 1e-15);
  EXPECT_NEAR(s.prob_best[2], 4.0 / 9.0, 1e-15);
  // Losses per replicate: (2, 1, 0), (0, 1, 2), (0, 0, 0).
  for (int d = 0; d < 3; ++d) EXPECT_NEAR(s.expected_loss[d], 2.0 / 3.0, 1e-15);
  EXPECT_EQ(s.best, 0);  // equal means: the lower index
  EXPECT_NEAR(s.evpi.value, 2.0 / 3.0, 1e-15);
  // Option 0's losses (2, 0, 0): sd 2/sqrt(3), se sd / sqrt(3).
  EXPECT_NEAR(s.evpi.standard_error, 2.0 / std::sqrt(3.0) / std::sqrt(3.0), 1e-14);
  // Minimising the same matrix: replicate 1 picks option 0, replicate 2 option 2.
  const DecisionSummary m = summarise_decision(y, Direction::minimise);
  EXPECT_NEAR(m.prob_best[0], 4.0 / 9.0, 1e-15);
  EXPECT_NEAR(m.prob_best[1], 1.0 / 9.0, 1e-15);
  EXPECT_THROW(summarise_decision(Eigen::MatrixXd(0, 2), Direction::minimise), InputError);
}

// Expected loss differences equal mean differences (the loss of d minus the loss of e is
// mean_e - mean_d in value orientation), and P(best) sums to 1, on random data with ties.
TEST(DecisionSummary, LossIdentityAndShares) {
  testing::TestRandom rng(81);
  Eigen::MatrixXd y(5000, 4);
  for (Eigen::Index i = 0; i < y.rows(); ++i) {
    for (Eigen::Index d = 0; d < 4; ++d)
      y(i, d) = std::round(3.0 * rng.normal()) + 0.3 * static_cast<double>(d);
  }
  y.col(3) = y.col(1);  // exact ties everywhere between options 1 and 3
  const DecisionSummary s = summarise_decision(y, Direction::minimise);
  EXPECT_NEAR(s.prob_best.sum(), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.prob_best[1], s.prob_best[3]);
  for (Eigen::Index d = 0; d < 4; ++d) {
    // Minimising: loss_d - loss_best = mean_d - mean_best.
    EXPECT_NEAR(s.expected_loss[d] - s.expected_loss[s.best], s.mean[d] - s.mean[s.best], 1e-12);
    EXPECT_GE(s.expected_loss[d], s.expected_loss[s.best]);
  }
}

TEST(Acceptability, EndpointsAndWillingnessToPayEquivalence) {
  testing::TestRandom rng(82);
  const Eigen::Index n = 2000, options = 3;
  Eigen::MatrixXd harm(n, options), arrests(n, options);  // minimise harm, maximise arrests
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index d = 0; d < options; ++d) {
      const auto dd = static_cast<double>(d);
      harm(i, d) = 10.0 - dd + rng.normal();
      arrests(i, d) = 5.0 + 0.6 * dd * dd + rng.normal();
    }
  }
  const std::vector<double> weights = {0.0, 0.25, 0.5, 1.0};
  const auto curve =
      acceptability_curve(harm, Direction::minimise, arrests, Direction::maximise, weights);
  ASSERT_EQ(curve.size(), weights.size());
  const DecisionSummary only_harm = summarise_decision(harm, Direction::minimise);
  const DecisionSummary only_arrests = summarise_decision(arrests, Direction::maximise);
  EXPECT_TRUE(curve[3].prob_best.isApprox(only_harm.prob_best, 1e-15));
  EXPECT_TRUE(curve[0].prob_best.isApprox(only_arrests.prob_best, 1e-15));
  EXPECT_EQ(curve[3].best_expected, only_harm.best);
  for (const auto& point : curve) EXPECT_NEAR(point.prob_best.sum(), 1.0, 1e-12);
  // w = 0.25 is lambda = w / (1 - w) = 1/3 per unit of harm averted against one arrest: the
  // option maximising lambda (-harm) + arrests replicate by replicate.
  Eigen::VectorXd wins = Eigen::VectorXd::Zero(options);
  for (Eigen::Index i = 0; i < n; ++i) {
    Eigen::Index best = 0;
    double top = -1e300;
    for (Eigen::Index d = 0; d < options; ++d) {
      const double v = -harm(i, d) / 3.0 + arrests(i, d);
      if (v > top) {
        top = v;
        best = d;
      }
    }
    wins[best] += 1.0 / static_cast<double>(n);
  }
  EXPECT_TRUE(curve[1].prob_best.isApprox(wins, 1e-12));
  EXPECT_NEAR(curve[2].expected_value[1], 0.5 * (-harm.col(1).mean()) + 0.5 * arrests.col(1).mean(),
              1e-12);
  EXPECT_THROW(acceptability_curve(harm, Direction::minimise, arrests.leftCols(2),
                                   Direction::maximise, weights),
               InputError);
}

}  // namespace
}  // namespace fundsim::decision

// Cost per outcome: spend / mean gain, spend over the gain's quantiles, replicates without gain,
// units in the study's currency, and the rule for printing a cost quantile. Expected values are
// worked out by hand from the definitions in docs/output-format.md §2.7.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/cost_effectiveness.hpp"

namespace fundsim {
namespace {

// A difference summary the test fills, read through a CostOutcome like the engine's.
DifferenceSummary& arrests_difference() {
  static DifferenceSummary d;
  return d;
}

CostOutcome test_outcome(bool gain_is_increase) {
  return {"cost_per_test",
          [](const PairedDifferenceSummary&) -> const DifferenceSummary& {
            return arrests_difference();
          },
          1.0,
          gain_is_increase,
          "per arrest",
          "test"};
}

TEST(CostEffectiveness, SpendOverGain) {
  DifferenceSummary& d = arrests_difference();
  d = DifferenceSummary{};
  for (int g = 1; g <= 100; ++g) d.add(g);  // gains 1..100: mean 50.5
  const PairedDifferenceSummary unused(1, 12);
  const double spend = 1.2e6;
  const CostFigures c = cost_effectiveness(test_outcome(true), unused, spend);
  EXPECT_DOUBLE_EQ(c.point, spend / 50.5);
  EXPECT_EQ(c.without_gain, 0);
  // Level q of the cost is the spend over the gain's (1 - q) quantile (inverted CDF: rank
  // ceil(p n) of 1..100 is p n): q = 0.05 -> gain 95, 0.5 -> 50, 0.95 -> 5.
  EXPECT_DOUBLE_EQ(c.quantiles[1], spend / 95);
  EXPECT_DOUBLE_EQ(c.quantiles[3], spend / 50);
  EXPECT_DOUBLE_EQ(c.quantiles[5], spend / 5);
  // Half the spend, half the cost: the figures scale with the spend they are given.
  const CostFigures half = cost_effectiveness(test_outcome(true), unused, spend / 2);
  EXPECT_DOUBLE_EQ(half.point, c.point / 2);
}

TEST(CostEffectiveness, ReplicatesWithoutGain) {
  DifferenceSummary& d = arrests_difference();
  d = DifferenceSummary{};
  for (int v = -19; v <= 80; ++v) d.add(v);  // 100 replicates; -19..0 gain nothing: 20
  const PairedDifferenceSummary unused(1, 12);
  const CostFigures c = cost_effectiveness(test_outcome(true), unused, 1e6);
  EXPECT_EQ(c.without_gain, 20);
  EXPECT_DOUBLE_EQ(c.point, 1e6 / 30.5);    // mean of -19..80
  EXPECT_TRUE(std::isnan(c.quantiles[5]));  // the gain's 5% quantile is -15: unbounded
  // Averted outcomes gain when the difference falls: the same values count 80 without gain.
  const CostFigures averted = cost_effectiveness(test_outcome(false), unused, 1e6);
  EXPECT_EQ(averted.without_gain, 81);  // 0..80
  EXPECT_TRUE(std::isnan(averted.point));
}

TEST(CostEffectiveness, NothingSpentHasNoCost) {
  DifferenceSummary& d = arrests_difference();
  d = DifferenceSummary{};
  for (int g = 1; g <= 10; ++g) d.add(g);
  const CostFigures c = cost_effectiveness(test_outcome(true), PairedDifferenceSummary(1, 12), 0);
  EXPECT_TRUE(std::isnan(c.point));
  EXPECT_TRUE(std::isnan(c.quantiles[3]));
}

TEST(CostEffectiveness, UnitsInTheStudysCurrency) {
  EXPECT_EQ(cost_units(cost_outcomes()[0], "AUD"), "AUD per arrest");
  EXPECT_EQ(cost_units(cost_outcomes()[1], "GBP"), "GBP per event");
  EXPECT_EQ(cost_units(cost_outcomes()[2], "EUR"), "EUR per offender-year");
}

// The printing rule at R = 300, by hand: two binomial standard errors are
// 2 sqrt(0.05 x 0.95 / 300) = 0.02517 for q = 0.05 and 0.95, 2 sqrt(0.25 / 300) = 0.05774 for the
// median. The 95% cost quantile needs n0 / 300 < 0.05 - 0.02517 (n0 < 7.45), the median
// n0 / 300 < 0.5 - 0.05774 (n0 < 132.7), the 5% one n0 / 300 < 0.95 - 0.02517 (n0 < 277.4).
TEST(CostQuantileBounded, ThresholdsAtThreeHundredReplicates) {
  EXPECT_TRUE(cost_quantile_bounded(7, 300, 0.95));
  EXPECT_FALSE(cost_quantile_bounded(8, 300, 0.95));
  EXPECT_TRUE(cost_quantile_bounded(132, 300, 0.5));
  EXPECT_FALSE(cost_quantile_bounded(133, 300, 0.5));
  EXPECT_TRUE(cost_quantile_bounded(277, 300, 0.05));
  EXPECT_FALSE(cost_quantile_bounded(278, 300, 0.05));
  EXPECT_TRUE(cost_quantile_bounded(0, 300, 0.95));
}

TEST(CostQuantileBounded, UnknownCountsAreNotShown) {
  EXPECT_FALSE(cost_quantile_bounded(NAN, 300, 0.5));
  EXPECT_FALSE(cost_quantile_bounded(0, 0, 0.5));
}

}  // namespace
}  // namespace fundsim

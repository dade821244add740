// PosteriorMarginals (uncertainty/posterior_marginals.hpp): a calibrated parameter's design u
// through the empirical quantile function of its posterior draws.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "uncertainty/posterior_marginals.hpp"

namespace fundsim {
namespace {

constexpr std::size_t kPrior = PosteriorMarginals::kFromPrior;

TEST(PosteriorMarginals, InterpolatesBetweenOrderStatisticsAtPlottingPositions) {
  // Two columns, four draws; parameter 0 from its prior, 1 and 2 calibrated (columns 1 and 0).
  const std::vector<double> draws = {0.9, 0.3, 0.8, 0.1, 0.7, 0.2, 0.6, 0.4};
  const PosteriorMarginals m(draws, 2, {kPrior, 1, 0});
  EXPECT_FALSE(m.calibrated(0));
  EXPECT_TRUE(m.calibrated(1));
  EXPECT_TRUE(m.calibrated(2));
  EXPECT_FALSE(m.calibrated(3));
  EXPECT_EQ(m.uniform(0, 0.37), 0.37);  // from the prior: unchanged
  // Column 1 sorted: 0.1 0.2 0.3 0.4 at u = 0.125, 0.375, 0.625, 0.875.
  EXPECT_DOUBLE_EQ(m.uniform(1, 0.125), 0.1);
  EXPECT_DOUBLE_EQ(m.uniform(1, 0.375), 0.2);
  EXPECT_DOUBLE_EQ(m.uniform(1, 0.5), 0.25);
  EXPECT_DOUBLE_EQ(m.uniform(1, 0.875), 0.4);
  EXPECT_EQ(m.uniform(1, 1e-9), 0.1);  // constant beyond the first and last
  EXPECT_EQ(m.uniform(1, 1 - 1e-9), 0.4);
  EXPECT_DOUBLE_EQ(m.uniform(2, 0.5), 0.75);  // column 0 sorted: 0.6 0.7 0.8 0.9
}

TEST(PosteriorMarginals, NonDecreasingSoRanksAreKept) {
  std::vector<double> draws;
  for (int j = 0; j < 97; ++j) draws.push_back(std::fmod(0.618033988749895 * (j + 1), 1.0));
  const PosteriorMarginals m(draws, 1, {0});
  double previous = 0;
  for (int i = 1; i < 10000; ++i) {
    const double v = m.uniform(0, i / 10000.0);
    ASSERT_GE(v, previous);
    ASSERT_GT(v, 0.0);
    ASSERT_LT(v, 1.0);
    previous = v;
  }
}

// A uniform design mapped through the marginals has the draws' distribution: a known answer for
// draws u = v^2 (v on a regular grid), whose distribution function is sqrt(x) and mean 1/3.
TEST(PosteriorMarginals, AUniformDesignTakesThePosteriorsDistribution) {
  const int n = 2000;
  std::vector<double> draws;
  for (int j = 0; j < n; ++j) {
    const double v = (j + 0.5) / n;
    draws.push_back(v * v);
  }
  std::reverse(draws.begin(), draws.end());  // order of the draws does not matter
  const PosteriorMarginals m(draws, 1, {0});
  const int grid = 100000;
  double mean = 0, below_quarter = 0;
  for (int i = 0; i < grid; ++i) {
    const double x = m.uniform(0, (i + 0.5) / grid);
    mean += x / grid;
    below_quarter += (x < 0.25) / double(grid);
  }
  EXPECT_NEAR(mean, 1.0 / 3.0, 1e-4);     // E[v^2]
  EXPECT_NEAR(below_quarter, 0.5, 1e-3);  // P(v^2 < 1/4) = 1/2
}

TEST(PosteriorMarginals, RefusesMalformedDraws) {
  EXPECT_THROW(PosteriorMarginals({}, 1, {0}), std::invalid_argument);
  EXPECT_THROW(PosteriorMarginals({0.1, 0.2, 0.3}, 2, {0}), std::invalid_argument);
  EXPECT_THROW(PosteriorMarginals({0.1, 1.0}, 1, {0}), std::invalid_argument);
  EXPECT_THROW(PosteriorMarginals({0.1, 0.2}, 1, {1}), std::invalid_argument);
  EXPECT_THROW(PosteriorMarginals({0.1, 0.2}, 0, {kPrior}), std::invalid_argument);
}

}  // namespace
}  // namespace fundsim

// PosteriorUniforms: replicate r takes the u-row of posterior draw j(r), drawn from its own
// stream of (seed, r). Checked: reproducible and independent of the order of calls; the rows are
// the posterior's own; the draw index is uniform over the sample (chi-square); other seeds give
// other draws; parameters outside the posterior come from the prior source; bad input refused.
#include <gtest/gtest.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <memory>
#include <stdexcept>
#include <vector>

#include "uncertainty/posterior_uniforms.hpp"
#include "uncertainty/uniform_source.hpp"

namespace fundsim {
namespace {

constexpr std::size_t kFromPrior = PosteriorUniforms::kFromPrior;

// N draws of 2 columns whose values encode (draw, column) so a lookup can be checked.
std::vector<double> coded_draws(std::size_t n) {
  std::vector<double> rows;
  for (std::size_t j = 0; j < n; ++j) {
    rows.push_back((static_cast<double>(j) + 0.25) / static_cast<double>(n));
    rows.push_back((static_cast<double>(j) + 0.75) / static_cast<double>(n));
  }
  return rows;
}

std::shared_ptr<const UniformSource> prior() {
  return std::make_shared<DesignUniforms>(11, 1, Design::monte_carlo);
}

TEST(PosteriorUniforms, RowsOfTheSampleAndTheRestFromThePrior) {
  const std::size_t n = 50;
  // Study parameters: 0 fixed (prior), 1 -> column 1, 2 -> column 0, 3 from the prior.
  const PosteriorUniforms source(coded_draws(n), 2, {kFromPrior, 1, 0, kFromPrior}, 7, prior());
  const DesignUniforms own(11, 1, Design::monte_carlo);
  for (std::uint64_t r = 0; r < 200; ++r) {
    const std::uint64_t j = source.draw(r);
    ASSERT_LT(j, n);
    EXPECT_EQ(source.uniform(r, 2), (static_cast<double>(j) + 0.25) / n);
    EXPECT_EQ(source.uniform(r, 1), (static_cast<double>(j) + 0.75) / n);
    EXPECT_EQ(source.uniform(r, 0), own.uniform(r, 0));
    EXPECT_EQ(source.uniform(r, 3), own.uniform(r, 3));
  }
  EXPECT_THROW(source.uniform(0, 4), std::out_of_range);
}

TEST(PosteriorUniforms, ReproducibleAndIndependentOfOtherReplicates) {
  const PosteriorUniforms a(coded_draws(97), 2, {0, 1}, 20180903, nullptr);
  const PosteriorUniforms b(coded_draws(97), 2, {0, 1}, 20180903, nullptr);
  std::vector<std::uint64_t> forward, backward(1000);
  for (std::uint64_t r = 0; r < 1000; ++r) forward.push_back(a.draw(r));
  for (std::uint64_t r = 1000; r-- > 0;) backward[r] = b.draw(r);
  EXPECT_EQ(forward, backward);
  // Another seed: another assignment (the same draw for all 1000 would be chance 97^-1000).
  const PosteriorUniforms c(coded_draws(97), 2, {0, 1}, 20180904, nullptr);
  std::size_t same = 0;
  for (std::uint64_t r = 0; r < 1000; ++r) same += c.draw(r) == forward[r];
  // Expected 1000/97 = 10.3 coincidences; 40 is beyond 8 sd of a binomial(1000, 1/97).
  EXPECT_LT(same, 40U);
}

TEST(PosteriorUniforms, DrawsSpreadUniformlyOverTheSample) {
  // 20,000 replicates over 40 draws: counts ~ multinomial(1/40). Chi-square with 39 degrees of
  // freedom, rejected at 1e-4 (a fixed seed, so the test is deterministic; the threshold says
  // how unlikely the observed spread would be under uniformity).
  const std::size_t n = 40, R = 20000;
  const PosteriorUniforms source(coded_draws(n), 2, {0, 1}, 5, nullptr);
  std::vector<double> counts(n, 0.0);
  for (std::uint64_t r = 0; r < R; ++r) counts[source.draw(r)] += 1;
  const double expected = static_cast<double>(R) / static_cast<double>(n);
  double chi2 = 0;
  for (const double c : counts) chi2 += (c - expected) * (c - expected) / expected;
  const boost::math::chi_squared dist(static_cast<double>(n - 1));
  EXPECT_LT(chi2, quantile(dist, 1 - 1e-4)) << chi2;
  for (const double c : counts) EXPECT_GT(c, 0.0);
}

TEST(PosteriorUniforms, RefusesBadInput) {
  EXPECT_THROW(PosteriorUniforms({}, 2, {0}, 1, nullptr), std::invalid_argument);
  EXPECT_THROW(PosteriorUniforms({0.5, 0.5, 0.5}, 2, {0}, 1, nullptr), std::invalid_argument);
  EXPECT_THROW(PosteriorUniforms({0.5, 1.0}, 2, {0}, 1, nullptr), std::invalid_argument);
  EXPECT_THROW(PosteriorUniforms({0.5, 0.5}, 2, {2}, 1, nullptr), std::invalid_argument);
  EXPECT_THROW(PosteriorUniforms({0.5, 0.5}, 2, {kFromPrior}, 1, nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace fundsim

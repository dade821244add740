#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "analysis/log_histogram.hpp"
#include "analysis/moments.hpp"

namespace fundsim {
namespace {

// Exact inverted-CDF quantile of a sorted sample: the value of rank ceil(q n).
double exact_quantile(std::vector<std::uint64_t> v, double q) {
  std::sort(v.begin(), v.end());
  const auto rank = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))));
  return static_cast<double>(v[rank - 1]);
}

TEST(LogHistogram, BucketsAreExactBelow128AndMonotone) {
  for (std::uint64_t x = 0; x < 128; ++x) {
    EXPECT_EQ(LogHistogram::bucket_of(x), x);
    EXPECT_EQ(LogHistogram::representative(LogHistogram::bucket_of(x)), static_cast<double>(x));
  }
  std::uint32_t previous = 0;
  for (std::uint64_t x = 1; x < (1ULL << 40); x = x * 3 / 2 + 1) {
    const std::uint32_t b = LogHistogram::bucket_of(x);
    EXPECT_GE(b, previous);
    previous = b;
  }
}

TEST(LogHistogram, RepresentativeIsWithinStatedRelativeError) {
  // Stated bound: 1/256 relative (0.39%).
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    const std::uint64_t x = rng() >> (rng() % 60);
    const double rep = LogHistogram::representative(LogHistogram::bucket_of(x));
    ASSERT_LE(std::fabs(rep - static_cast<double>(x)), static_cast<double>(x) / 256.0 + 1e-9) << x;
  }
}

TEST(LogHistogram, QuantilesMatchExactQuantilesWithinBound) {
  std::mt19937_64 rng(11);
  std::lognormal_distribution<double> dist(8.0, 1.2);  // test data only; not part of the engine
  std::vector<std::uint64_t> data;
  LogHistogram h;
  for (int i = 0; i < 50001; ++i) {
    const auto x = static_cast<std::uint64_t>(dist(rng));
    data.push_back(x);
    h.add(x);
  }
  EXPECT_EQ(h.count(), data.size());
  for (double q : {0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975}) {
    const double exact = exact_quantile(data, q);
    EXPECT_NEAR(h.quantile(q), exact, exact / 256.0 + 0.5) << "q = " << q;
  }
  std::vector<double> levels = {0.05, 0.5, 0.95}, out(3);
  h.quantiles(levels, out);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(out[i], h.quantile(levels[i]));
}

TEST(LogHistogram, SmallIntegersGiveExactQuantiles) {
  LogHistogram h;
  std::vector<std::uint64_t> data;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    data.push_back((i * 37) % 101);
    h.add(data.back());
  }
  for (double q : {0.01, 0.1, 0.5, 0.9, 0.99}) EXPECT_EQ(h.quantile(q), exact_quantile(data, q));
}

TEST(LogHistogram, MergeIsOrderIndependent) {
  std::mt19937_64 rng(3);
  std::vector<LogHistogram> parts(5);
  LogHistogram all;
  for (int i = 0; i < 10000; ++i) {
    const std::uint64_t x = rng() % 1000000;
    parts[i % 5].add(x);
    all.add(x);
  }
  LogHistogram forward, backward;
  for (std::size_t i = 0; i < parts.size(); ++i) forward.merge(parts[i]);
  for (std::size_t i = parts.size(); i-- > 0;) backward.merge(parts[i]);
  for (double q : {0.01, 0.3, 0.5, 0.77, 0.99}) {
    EXPECT_EQ(forward.quantile(q), all.quantile(q));
    EXPECT_EQ(backward.quantile(q), all.quantile(q));
  }
}

TEST(LogHistogram, EmptyGivesNaN) {
  EXPECT_TRUE(std::isnan(LogHistogram().quantile(0.5)));
}

TEST(Moments, ExactMeanAndSampleStandardDeviation) {
  Moments m;
  for (std::int64_t x : {2, 4, 4, 4, 5, 5, 7, 9}) m.add(x);
  EXPECT_DOUBLE_EQ(m.mean(), 5.0);
  EXPECT_NEAR(m.sd(), std::sqrt(32.0 / 7.0), 1e-15);
}

TEST(Moments, NoCancellationForLargeOffsets) {
  Moments m;
  const std::int64_t offset = 2'000'000'000;
  for (std::int64_t i = 0; i < 1000; ++i) m.add(offset + (i % 2));
  EXPECT_NEAR(m.mean(), offset + 0.5, 1e-6);
  EXPECT_NEAR(m.sd(), std::sqrt(0.25 * 1000.0 / 999.0), 1e-12);
}

TEST(Moments, MergeEqualsSequential) {
  Moments a, b, all;
  for (std::int64_t i = 0; i < 100; ++i) {
    (i < 37 ? a : b).add(i * i);
    all.add(i * i);
  }
  b.merge(a);
  EXPECT_EQ(b.mean(), all.mean());
  EXPECT_EQ(b.sd(), all.sd());
}

}  // namespace
}  // namespace fundsim

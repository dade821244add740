// The anchored quantile sketch: pre-sizing changes memory only, never a count or a quantile;
// a pre-sized sketch does not allocate for values within its range; layouts merge.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "analysis/anchored_histogram.hpp"

namespace fundsim {
namespace {

// A skewed mixture with an atom at 0, small counts, a wide body and rare far values, some
// negative (as paired differences are).
std::vector<std::int64_t> mixture(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> body(8.0, 0.6);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::int64_t> values;
  for (std::size_t i = 0; i < n; ++i) {
    const double p = u(rng);
    if (p < 0.05)
      values.push_back(0);
    else if (p < 0.15)
      values.push_back(static_cast<std::int64_t>(u(rng) * 120));
    else if (p < 0.25)
      values.push_back(-static_cast<std::int64_t>(body(rng) / 4));
    else if (p < 0.999)
      values.push_back(static_cast<std::int64_t>(body(rng)));
    else
      values.push_back(static_cast<std::int64_t>(body(rng) * 1000));
  }
  return values;
}

AnchoredHistogram pilot_of(const std::vector<std::int64_t>& values) {
  AnchoredHistogram pilot;
  for (std::size_t i = 0; i < 64; ++i) pilot.add(values[i]);
  return pilot;
}

const std::vector<double> kLevels = {0.001, 0.025, 0.05, 0.1,   0.25, 0.5,
                                     0.75,  0.9,   0.95, 0.975, 0.999};

TEST(AnchoredHistogram, PresizingChangesNoQuantile) {
  const std::vector<std::int64_t> values = mixture(50000, 7);
  const AnchoredHistogram pilot = pilot_of(values);
  AnchoredHistogram lazy, presized;
  lazy.set_anchors_from(pilot, false);
  presized.set_anchors_from(pilot, true);
  for (const std::int64_t v : values) {
    lazy.add(v);
    presized.add(v);
  }
  std::vector<double> a(kLevels.size()), b(kLevels.size());
  lazy.quantiles(kLevels, a);
  presized.quantiles(kLevels, b);
  for (std::size_t i = 0; i < kLevels.size(); ++i) EXPECT_EQ(a[i], b[i]) << "level " << kLevels[i];
  EXPECT_EQ(lazy.count(), presized.count());
  // The two layouts merge into either (same anchors and buckets).
  AnchoredHistogram merged = lazy;
  merged.merge(presized);
  std::vector<double> c(kLevels.size());
  merged.quantiles(kLevels, c);
  for (std::size_t i = 0; i < kLevels.size(); ++i) EXPECT_EQ(c[i], a[i]) << "level " << kLevels[i];
  EXPECT_EQ(merged.count(), 2 * lazy.count());
}

TEST(AnchoredHistogram, PresizedDoesNotAllocateWithinItsRange) {
  const std::vector<std::int64_t> values = mixture(200000, 11);
  const AnchoredHistogram pilot = pilot_of(values);
  AnchoredHistogram presized;
  presized.set_anchors_from(pilot, true);
  const std::size_t before = presized.allocated_bytes();
  EXPECT_GT(before, 0u);
  const std::int64_t low = static_cast<std::int64_t>(pilot.quantile(0.0));
  const std::int64_t high = static_cast<std::int64_t>(pilot.quantile(1.0));
  std::size_t added = 0;
  for (const std::int64_t v : values) {
    // Within the pilot's range widened by itself on each side (well inside the pre-sized
    // eight ranges): no allocation whatever arrives.
    if (v >= low - (high - low) && v <= high + (high - low)) {
      presized.add(v);
      ++added;
    }
  }
  EXPECT_GT(added, values.size() * 9 / 10);
  EXPECT_EQ(presized.allocated_bytes(), before);
}

}  // namespace
}  // namespace fundsim

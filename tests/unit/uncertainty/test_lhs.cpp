// Latin hypercube permutation (engine/uncertainty/lhs).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <vector>

#include "uncertainty/lhs.hpp"

namespace fundsim {
namespace {

std::vector<std::uint64_t> permutation(std::uint64_t seed, std::uint64_t parameter,
                                       std::uint64_t n) {
  std::vector<std::uint64_t> out(n);
  for (std::uint64_t r = 0; r < n; ++r) out[r] = lhs_stratum(seed, parameter, r, n);
  return out;
}

TEST(LhsStratum, IsABijection) {
  for (std::uint64_t n : {1u, 2u, 3u, 7u, 64u, 1000u, 4097u}) {
    for (std::uint64_t seed : {0ull, 1ull, 20180903ull, ~0ull}) {
      for (std::uint64_t parameter : {0u, 1u, 57u}) {
        const auto perm = permutation(seed, parameter, n);
        std::vector<int> hits(n, 0);
        for (std::uint64_t s : perm) {
          ASSERT_LT(s, n);
          ++hits[s];
        }
        for (std::uint64_t s = 0; s < n; ++s)
          ASSERT_EQ(hits[s], 1) << "n=" << n << " seed=" << seed << " stratum " << s;
      }
    }
  }
}

TEST(LhsStratum, SingleReplicate) {
  EXPECT_EQ(lhs_stratum(123, 4, 0, 1), 0u);
}

TEST(LhsStratum, IsDeterministic) {
  EXPECT_EQ(permutation(42, 3, 1000), permutation(42, 3, 1000));
}

// Agreements between two independent random permutations of n follow ~Poisson(1).
int agreements(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return same;
}

TEST(LhsStratum, DiffersAcrossParametersSeedsAndSizes) {
  const auto base = permutation(20180903, 0, 1000);
  EXPECT_LE(agreements(base, permutation(20180903, 1, 1000)), 8);
  EXPECT_LE(agreements(base, permutation(20180904, 0, 1000)), 8);
  EXPECT_LE(agreements(base, permutation(0, 0, 1000)), 8);
  // Not the identity, nor a shift.
  std::vector<std::uint64_t> identity(1000);
  for (std::uint64_t i = 0; i < 1000; ++i) identity[i] = i;
  EXPECT_LE(agreements(base, identity), 8);
  // Parameters 0..49 give 50 different permutations.
  std::set<std::vector<std::uint64_t>> distinct;
  for (std::uint64_t p = 0; p < 50; ++p) distinct.insert(permutation(7, p, 64));
  EXPECT_EQ(distinct.size(), 50u);
}

TEST(LhsStratum, LooksUniformlyShuffled) {
  // Correlation between replicate index and stratum should be ~N(0, 1/n).
  const std::uint64_t n = 4097;
  for (std::uint64_t p = 0; p < 5; ++p) {
    const auto perm = permutation(99, p, n);
    double sxy = 0.0;
    const double mean = static_cast<double>(n - 1) / 2.0;
    double sxx = 0.0;
    for (std::uint64_t r = 0; r < n; ++r) {
      const double x = static_cast<double>(r) - mean;
      sxy += x * (static_cast<double>(perm[r]) - mean);
      sxx += x * x;
    }
    EXPECT_LT(std::abs(sxy / sxx), 5.0 / std::sqrt(static_cast<double>(n))) << p;
  }
}

TEST(LhsStratum, LargeN) {
  for (std::uint64_t n : {(1ull << 40), (1ull << 40) + 1, (1ull << 39) + 12345}) {
    std::set<std::uint64_t> seen;
    for (std::uint64_t r : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{2},
                            std::uint64_t{1000}, n / 2, n - 2, n - 1}) {
      const std::uint64_t s = lhs_stratum(5, 6, r, n);
      EXPECT_LT(s, n);
      seen.insert(s);
    }
    EXPECT_EQ(seen.size(), 7u);
  }
}

TEST(LhsStratum, RejectsReplicateOutOfRange) {
  EXPECT_THROW((void)lhs_stratum(1, 0, 10, 10), std::invalid_argument);
  EXPECT_THROW((void)lhs_stratum(1, 0, 0, 0), std::invalid_argument);
}

TEST(LhsPoint, StaysInsideItsStratumAndTheOpenInterval) {
  constexpr double tiny = 0x1.0p-54, top = 1.0 - 0x1.0p-53;
  for (std::uint64_t n : {1ull, 3ull, 1000ull, 10000ull, 1ull << 40}) {
    for (std::uint64_t s : {std::uint64_t{0}, n / 2, n - 1}) {
      for (double u : {tiny, 0.5, top}) {
        const double x = lhs_point(s, u, n);
        EXPECT_GT(x, 0.0);
        EXPECT_LT(x, 1.0);
        EXPECT_GE(x, static_cast<double>(s) / static_cast<double>(n)) << n << " " << s << " " << u;
        EXPECT_LT(x, static_cast<double>(s + 1) / static_cast<double>(n))
            << n << " " << s << " " << u;
      }
    }
  }
  // Without the guard (999 + top) / 1000 would round to exactly 1.
  EXPECT_EQ((999.0 + (1.0 - 0x1.0p-53)) / 1000.0, 1.0);
  EXPECT_LT(lhs_point(999, 1.0 - 0x1.0p-53, 1000), 1.0);
}

}  // namespace
}  // namespace fundsim

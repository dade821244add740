// Scrambled Sobol' sequence (engine/sensitivity/scrambled_sobol).
#include <gtest/gtest.h>

#include <boost/random/sobol.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "errors.hpp"
#include "sensitivity/scrambled_sobol.hpp"

namespace fundsim::sensitivity {
namespace {

TEST(ScrambledSobol, UnscrambledIsBoostsSobolSequence) {
  // Boost's engine skips the origin: its n-th point (from 0) is our point n + 1.
  for (const std::size_t dims : {1u, 7u, 1000u}) {
    const ScrambledSobol sobol(dims, 0, Scrambling::none);
    boost::random::sobol_engine<std::uint32_t, 32> boost_sobol(dims);
    for (std::uint64_t i = 1; i <= 600; ++i) {
      for (std::size_t d = 0; d < dims; ++d) {
        ASSERT_EQ(sobol.digits(i, d), static_cast<std::uint64_t>(boost_sobol()) << 32)
            << "point " << i << " dimension " << d;
      }
    }
    // Random access far out, against Boost's own seek.
    const std::uint64_t far = 3'000'000'017;
    boost_sobol.seed(static_cast<std::uint32_t>(far - 1));
    for (std::size_t d = 0; d < dims; ++d) {
      ASSERT_EQ(sobol.digits(far, d), static_cast<std::uint64_t>(boost_sobol()) << 32);
    }
    EXPECT_EQ(sobol.digits(0, 0), 0u);
  }
}

// Each 1-D projection of points [k 2^m, (k+1) 2^m) hits each of the 2^m intervals once.
void expect_stratified(const ScrambledSobol& sobol, unsigned m, std::uint64_t block) {
  const std::uint64_t count = std::uint64_t{1} << m;
  const std::vector<double> x = sobol.points(block * count, count);
  for (std::size_t d = 0; d < sobol.dimensions(); ++d) {
    std::vector<int> hits(count, 0);
    for (std::uint64_t i = 0; i < count; ++i) {
      const double u = x[i * sobol.dimensions() + d];
      ++hits[static_cast<std::size_t>(std::floor(u * static_cast<double>(count)))];
    }
    for (std::uint64_t j = 0; j < count; ++j) {
      ASSERT_EQ(hits[j], 1) << "m=" << m << " block " << block << " dimension " << d << " interval "
                            << j;
    }
  }
}

TEST(ScrambledSobol, OneDimensionalProjectionsAreStratified) {
  const ScrambledSobol sobol(1000, 20240601);
  for (unsigned m = 0; m <= 12; m += 3) expect_stratified(sobol, m, 0);
  expect_stratified(sobol, 10, 5);  // a later aligned block
  const ScrambledSobol small(5, 1);
  expect_stratified(small, 16, 0);
}

TEST(ScrambledSobol, FirstTwoDimensionsFormANet) {
  // Sobol's first two dimensions are a (0, m, 2)-net: each elementary box 2^-a x 2^-(m-a)
  // holds exactly one of the first 2^m points. A scramble that is not lower-triangular in
  // the digits (or a shift that is not a digital shift) breaks this.
  const ScrambledSobol sobol(2, 99);
  const unsigned m = 10;
  const std::uint64_t count = std::uint64_t{1} << m;
  const std::vector<double> x = sobol.points(0, count);
  for (unsigned a = 0; a <= m; ++a) {
    std::vector<int> hits(count, 0);
    for (std::uint64_t i = 0; i < count; ++i) {
      const auto row = static_cast<std::uint64_t>(std::floor(x[2 * i] * std::ldexp(1.0, a)));
      const auto col =
          static_cast<std::uint64_t>(std::floor(x[2 * i + 1] * std::ldexp(1.0, m - a)));
      ++hits[(row << (m - a)) | col];
    }
    for (std::uint64_t b = 0; b < count; ++b) ASSERT_EQ(hits[b], 1) << "a=" << a << " box " << b;
  }
}

TEST(ScrambledSobol, RandomAccessEqualsSequentialGeneration) {
  const ScrambledSobol sobol(37, 5);
  const std::uint64_t first = 12345, count = 5000;
  const std::vector<double> seq = sobol.points(first, count);
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::vector<double> p = sobol.point(first + i);
    for (std::size_t d = 0; d < 37; ++d) {
      ASSERT_EQ(seq[i * 37 + d], p[d]) << "point " << first + i << " dimension " << d;
    }
  }
}

TEST(ScrambledSobol, SeedsGiveDifferentScramblesDeterministically) {
  const ScrambledSobol a(20, 1), b(20, 2), a_again(20, 1), plain(20, 1, Scrambling::none);
  int same_ab = 0, same_plain = 0;
  for (std::uint64_t i = 0; i < 100; ++i) {
    EXPECT_EQ(a.point(i), a_again.point(i));
    for (std::size_t d = 0; d < 20; ++d) {
      same_ab += a.digits(i, d) == b.digits(i, d);
      same_plain += a.digits(i, d) == plain.digits(i, d);
    }
  }
  EXPECT_EQ(same_ab, 0);
  EXPECT_EQ(same_plain, 0);
  // A dimension's scramble does not depend on how many dimensions there are.
  const ScrambledSobol wide(200, 1);
  for (std::uint64_t i = 0; i < 50; ++i) {
    for (std::size_t d = 0; d < 20; ++d) EXPECT_EQ(wide.digits(i, d), a.digits(i, d));
  }
}

TEST(ScrambledSobol, ScrambledEstimatesAreUnbiased) {
  // Randomised QMC: each scramble's 64-point average of f(x) = prod_d 2 x_d ... is an unbiased
  // estimate of its integral 1 (each point is marginally uniform). Over 400 independent seeds
  // the mean estimate is 1 within 4 standard errors of the observed spread.
  const int seeds = 400;
  std::vector<double> estimates;
  for (int s = 0; s < seeds; ++s) {
    const ScrambledSobol sobol(3, static_cast<std::uint64_t>(s) + 1000);
    const std::vector<double> x = sobol.points(0, 64);
    double sum = 0;
    for (int i = 0; i < 64; ++i) sum += 8 * x[3 * i] * x[3 * i + 1] * x[3 * i + 2];
    estimates.push_back(sum / 64);
  }
  double mean = 0, var = 0;
  for (double e : estimates) mean += e / seeds;
  for (double e : estimates) var += (e - mean) * (e - mean) / (seeds - 1);
  EXPECT_GT(var, 0.0);
  EXPECT_NEAR(mean, 1.0, 4 * std::sqrt(var / seeds));
}

TEST(ScrambledSobol, CoordinatesAreNeverZeroOrOne) {
  const ScrambledSobol plain(50, 0, Scrambling::none);
  const ScrambledSobol scrambled(50, 7);
  for (const ScrambledSobol* s : {&plain, &scrambled}) {
    for (const std::uint64_t first : {std::uint64_t{0}, ScrambledSobol::kMaxPoints - 4096}) {
      const std::vector<double> x = s->points(first, 4096);
      for (const double u : x) {
        ASSERT_GT(u, 0.0);
        ASSERT_LT(u, 1.0);
      }
    }
  }
  // Extreme digits map strictly inside (0,1).
  EXPECT_EQ(plain.point(0)[0], std::ldexp(1.0, -53));
}

TEST(ScrambledSobol, RejectsOutOfRangeRequests) {
  EXPECT_THROW(ScrambledSobol(0, 1), InputError);
  EXPECT_THROW(ScrambledSobol(ScrambledSobol::max_dimensions() + 1, 1), InputError);
  EXPECT_GE(ScrambledSobol::max_dimensions(), 1000u);
  const ScrambledSobol s(3, 1);
  EXPECT_THROW(s.point(ScrambledSobol::kMaxPoints), InputError);
  EXPECT_THROW(s.digits(0, 3), InputError);
  EXPECT_THROW(s.points(ScrambledSobol::kMaxPoints - 1, 2), InputError);
  EXPECT_NO_THROW(s.point(ScrambledSobol::kMaxPoints - 1));
}

}  // namespace
}  // namespace fundsim::sensitivity

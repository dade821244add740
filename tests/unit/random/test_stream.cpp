// Counter-based streams (docs/model.md §8): reproducible, keyed, positioned by site.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "random/stream.hpp"

namespace fundsim {
namespace {

std::vector<std::uint64_t> take_bits(Stream s, int count) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < count; ++i) out.push_back(s.bits());
  return out;
}

std::vector<double> take_uniforms(Stream s, int count) {
  std::vector<double> out;
  for (int i = 0; i < count; ++i) out.push_back(s.uniform());
  return out;
}

TEST(Stream, KnownAnswerPhilox4x64_10) {
  // Random123's published known-answer vector for philox4x64-10 with zero key and counter;
  // guards against a changed generator, round count or counter layout.
  Stream s({0, 0}, Domain::model, 0);
  EXPECT_EQ(s.bits(), 0x16554d9eca36314cULL);
  EXPECT_EQ(s.bits(), 0xdb20fe9d672d0fdcULL);
  EXPECT_EQ(s.bits(), 0xd7e772cee186176bULL);
  EXPECT_EQ(s.bits(), 0x7e68b68aec7ba23bULL);
}

TEST(Stream, SameIdentityGivesIdenticalSequence) {
  const StreamKey key{20240917, 42};
  // 37 words crosses several 4-word blocks.
  EXPECT_EQ(take_bits(Stream(key, Domain::model, 123456), 37),
            take_bits(Stream(key, Domain::model, 123456), 37));
  EXPECT_EQ(take_uniforms(Stream(key, Domain::parameters, 7), 37),
            take_uniforms(Stream(key, Domain::parameters, 7), 37));
}

TEST(Stream, EachPartOfTheIdentityChangesTheSequence) {
  const StreamKey key{99, 3};
  const auto base = take_bits(Stream(key, Domain::model, 10), 16);
  EXPECT_NE(base, take_bits(Stream({100, 3}, Domain::model, 10), 16)) << "seed";
  EXPECT_NE(base, take_bits(Stream({99, 4}, Domain::model, 10), 16)) << "replicate";
  EXPECT_NE(base, take_bits(Stream(key, Domain::model, 11), 16)) << "site";
  EXPECT_NE(base, take_bits(Stream(key, Domain::parameters, 10), 16)) << "domain";
  EXPECT_NE(base, take_bits(Stream(key, Domain::lhs, 10), 16)) << "domain";
  // Seed and replicate are not interchangeable.
  EXPECT_NE(take_bits(Stream({1, 2}, Domain::model, 0), 8),
            take_bits(Stream({2, 1}, Domain::model, 0), 8));
  // No two words of one stream's first blocks coincide with the other's.
  const auto other = take_bits(Stream(key, Domain::model, 11), 16);
  for (std::uint64_t a : base)
    for (std::uint64_t b : other) EXPECT_NE(a, b);
}

TEST(Stream, SiteIsUnaffectedByOtherSitesUsage) {
  const StreamKey key{7, 0};
  const auto alone = take_uniforms(Stream(key, Domain::model, 2), 50);

  // Interleaved with a heavily used neighbouring site.
  Stream a(key, Domain::model, 1);
  Stream b(key, Domain::model, 2);
  std::vector<double> interleaved;
  for (int i = 0; i < 50; ++i) {
    for (int j = 0; j < 1000; ++j) a.uniform();
    interleaved.push_back(b.uniform());
  }
  EXPECT_EQ(alone, interleaved);

  // And after another site consumed many blocks first.
  Stream c(key, Domain::model, 3);
  for (int j = 0; j < 100000; ++j) c.bits();
  EXPECT_EQ(alone, take_uniforms(Stream(key, Domain::model, 2), 50));
}

TEST(Stream, UniformIsStrictlyInsideUnitInterval) {
  // Extremes of the conversion, which random draws essentially never reach.
  const double lo = Stream::uniform_from_bits(0);
  const double hi = Stream::uniform_from_bits(std::numeric_limits<std::uint64_t>::max());
  EXPECT_GT(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  EXPECT_EQ(lo, 0x1.0p-53);
  EXPECT_EQ(hi, 1.0 - 0x1.0p-53);
  // Symmetric grid: u(~w) = 1 - u(w) exactly.
  for (std::uint64_t w : {0ULL, 1ULL << 12, 0x0123456789abcdefULL, 0x8000000000000000ULL}) {
    EXPECT_EQ(Stream::uniform_from_bits(~w), 1.0 - Stream::uniform_from_bits(w));
  }
  Stream s({1, 1}, Domain::model, 0);
  for (int i = 0; i < 1000000; ++i) {
    const double u = s.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(Stream, UniformMeanAndVariance) {
  // 1e6 draws. Tolerances are 5 standard errors: mean 1/2 with SE sqrt(1/12/N) = 2.9e-4;
  // variance 1/12 with SE sqrt((mu4 - sigma^4)/N) = sqrt((1/80 - 1/144)/N) = 7.5e-5.
  constexpr int kN = 1000000;
  Stream s({2024, 5}, Domain::model, 77);
  double sum = 0.0, sum_sq = 0.0;
  int below_half = 0;
  for (int i = 0; i < kN; ++i) {
    const double u = s.uniform();
    sum += u;
    sum_sq += (u - 0.5) * (u - 0.5);
    below_half += u < 0.5;
  }
  const double n = kN;
  const double mean = sum / n;
  const double var = sum_sq / n - (mean - 0.5) * (mean - 0.5);
  EXPECT_NEAR(mean, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / n));
  EXPECT_NEAR(var, 1.0 / 12.0, 5.0 * std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / n));
  // Fraction below 1/2: binomial SE 0.5/sqrt(N).
  EXPECT_NEAR(below_half / n, 0.5, 5.0 * 0.5 / std::sqrt(n));
}

}  // namespace
}  // namespace fundsim

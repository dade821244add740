// Edge cases and argument checks of the samplers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "doubles.hpp"
#include "errors.hpp"
#include "random/samplers.hpp"
#include "random/stream.hpp"

namespace fundsim {
namespace {

using test::kInf;
using test::kNaN;

Stream edge_stream(std::uint64_t seed = 5) {
  return Stream({seed, 0}, Domain::model, 0);
}

// True if `used` is at the same position as a fresh stream of the same identity.
bool consumed_nothing(Stream used, std::uint64_t seed = 5) {
  Stream fresh = edge_stream(seed);
  return used.bits() == fresh.bits() && used.bits() == fresh.bits();
}

TEST(SamplerEdges, PoissonZeroMeanIsZeroAndUsesNoRandomNumbers) {
  Stream s = edge_stream();
  EXPECT_EQ(sample_poisson(0.0, s), 0);
  EXPECT_EQ(sample_poisson(-0.0, s), 0);
  EXPECT_TRUE(consumed_nothing(s));
}

TEST(SamplerEdges, BinomialDegenerateCasesUseNoRandomNumbers) {
  Stream s = edge_stream();
  EXPECT_EQ(sample_binomial(0, 0.5, s), 0);
  EXPECT_EQ(sample_binomial(0, 1.0, s), 0);
  EXPECT_EQ(sample_binomial(-3, 0.5, s), 0);  // n <= 0 -> 0 (as specified)
  EXPECT_EQ(sample_binomial(1000, 0.0, s), 0);
  EXPECT_EQ(sample_binomial(1000, 1.0, s), 1000);
  EXPECT_EQ(sample_binomial(1000000000000, 1.0, s), 1000000000000);
  EXPECT_TRUE(consumed_nothing(s));
}

TEST(SamplerEdges, TinyProbabilitiesAndMeans) {
  Stream s = edge_stream();
  std::int64_t total = 0;
  for (int i = 0; i < 1000; ++i) {
    total += sample_binomial(1, 1e-300, s);
    total += sample_poisson(1e-300, s);
    EXPECT_EQ(sample_binomial(5, 1.0 - 0x1.0p-53, s), 5);  // P(not 5) ~ 5.6e-16
  }
  EXPECT_EQ(total, 0);
  // p just below 1/2 and just above: both branches of the symmetry.
  for (int i = 0; i < 1000; ++i) {
    const auto a = sample_binomial(1, std::nextafter(0.5, 0.0), s);
    const auto b = sample_binomial(1, std::nextafter(0.5, 1.0), s);
    ASSERT_TRUE(a == 0 || a == 1);
    ASSERT_TRUE(b == 0 || b == 1);
  }
}

TEST(SamplerEdges, HugePoissonMeans) {
  // mean 1e14: sd 1e7. 200 draws: each within 8 sd, their mean within 5 SE of 1e14.
  for (double mean : {1e14, kMaxPoissonMean}) {
    Stream s = edge_stream(77);
    const double sd = std::sqrt(mean);
    double sum = 0.0;
    constexpr int kN = 200;
    for (int i = 0; i < kN; ++i) {
      const double x = static_cast<double>(sample_poisson(mean, s));
      ASSERT_LT(std::fabs(x - mean), 8.0 * sd) << mean;
      sum += x - mean;
    }
    EXPECT_LT(std::fabs(sum / kN), 5.0 * sd / std::sqrt(kN)) << mean;
  }
}

TEST(SamplerEdges, HugeBinomialN) {
  // n = 1e12 with BTRS (p = 0.4), symmetric BTRS (p = 0.9), and inversion (n p = 2).
  const std::int64_t n = 1000000000000;
  for (double p : {0.4, 0.9, 2e-12, 1.0 - 2e-12}) {
    Stream s = edge_stream(78);
    const double mean = static_cast<double>(n) * p;
    const double sd = std::sqrt(mean * (1.0 - p));
    double sum = 0.0;
    constexpr int kN = 500;
    for (int i = 0; i < kN; ++i) {
      const auto k = sample_binomial(n, p, s);
      ASSERT_GE(k, 0);
      ASSERT_LE(k, n);
      const double x = static_cast<double>(k);
      ASSERT_LT(std::fabs(x - mean), 8.0 * sd + 8.0) << p;
      sum += x - mean;
    }
    EXPECT_LT(std::fabs(sum / kN), 5.0 * sd / std::sqrt(kN) + 0.5) << p;
  }
}

template <class F>
std::string error_message(F f) {
  try {
    f();
  } catch (const NumericError& e) {
    return e.what();
  }
  return "<no NumericError>";
}

TEST(SamplerEdges, InvalidPoissonMeanThrowsNumericError) {
  Stream s = edge_stream();
  EXPECT_THROW(sample_poisson(kNaN, s), NumericError);
  EXPECT_THROW(sample_poisson(-1.0, s), NumericError);
  EXPECT_THROW(sample_poisson(-1e-300, s), NumericError);
  EXPECT_THROW(sample_poisson(kInf, s), NumericError);
  EXPECT_THROW(sample_poisson(std::nextafter(kMaxPoissonMean, kInf), s), NumericError);
  EXPECT_NO_THROW(sample_poisson(kMaxPoissonMean, s));
  // The message gives the offending mean.
  EXPECT_NE(error_message([&] { sample_poisson(-2.5, s); }).find("-2.5"), std::string::npos);
  EXPECT_NE(error_message([&] { sample_poisson(kNaN, s); }).find("nan"), std::string::npos);
  EXPECT_NE(error_message([&] { sample_poisson(3e15, s); }).find("3000000000000000"),
            std::string::npos);
}

TEST(SamplerEdges, InvalidBinomialProbabilityThrowsNumericError) {
  Stream s = edge_stream();
  EXPECT_THROW(sample_binomial(10, kNaN, s), NumericError);
  EXPECT_THROW(sample_binomial(10, std::nextafter(1.0, 2.0), s), NumericError);
  EXPECT_THROW(sample_binomial(10, 1.0 + 1e-9, s), NumericError);
  EXPECT_THROW(sample_binomial(10, -1e-300, s), NumericError);
  EXPECT_THROW(sample_binomial(10, kInf, s), NumericError);
  EXPECT_THROW(sample_binomial(0, kNaN, s), NumericError);  // p is checked even if n = 0
  EXPECT_NE(error_message([&] { sample_binomial(10, 1.25, s); }).find("1.25"), std::string::npos);
}

}  // namespace
}  // namespace fundsim

// Quantile functions, medians, supports and parameter checks of engine/uncertainty/distribution.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "doubles.hpp"
#include "errors.hpp"
#include "make_distribution.hpp"
#include "random/stream.hpp"
#include "uncertainty/distribution.hpp"
#include "uncertainty/parameter_decl.hpp"

namespace fundsim {
namespace {

using test::kInf;
constexpr double kTinyU = 0x1.0p-54;       // smallest u the samplers produce
constexpr double kTopU = 1.0 - 0x1.0p-53;  // largest double below 1

using test::make;
Distribution truncated_normal(double mean, double sd, double lo, double hi) {
  Distribution d = make(DistKind::normal, mean, sd);
  d.lo = lo;
  d.hi = hi;
  return d;
}

double std_normal_cdf(double z) {
  return boost::math::cdf(boost::math::normal(), z);
}

// One example of every kind (plus truncated normals), used by the generic tests.
std::vector<Distribution> examples() {
  return {
      make(DistKind::uniform, 0.0, 0.1),
      make(DistKind::uniform, -3.0, 5.0),
      make(DistKind::normal, 10.0, 2.0),
      truncated_normal(0.0, 1.0, -1.0, 2.0),
      truncated_normal(0.0, 1.0, 5.0, 6.0),
      truncated_normal(0.0, 1.0, -kInf, -8.0),
      truncated_normal(1.0, 0.5, 0.0, kInf),
      make(DistKind::lognormal, 800.0, 1.25),
      make(DistKind::lognormal, 1e6, 2.0),
      make(DistKind::beta, 2.0, 5.0),
      make(DistKind::beta, 0.3, 0.3),
      make(DistKind::gamma, 2.0, 3.0),
      make(DistKind::gamma, 0.05, 1.0),
      make(DistKind::triangular, 0.0, 1.0, 4.0),
      make(DistKind::triangular, 2.0, 2.0, 3.0),
      make(DistKind::pert, 0.0, 1.0, 10.0),
      make(DistKind::pert, 5.0, 5.0, 6.0),
  };
}

// The CDF of each example, from closed forms or Boost's forward functions (independent of
// the inverse functions under test).
double cdf(const Distribution& d, double x) {
  switch (d.kind) {
    case DistKind::fixed:
      return x < d.a ? 0.0 : 1.0;
    case DistKind::uniform:
      return std::clamp((x - d.a) / (d.b - d.a), 0.0, 1.0);
    case DistKind::normal: {
      const double lo = std_normal_cdf((d.lo - d.a) / d.b);
      const double hi = std_normal_cdf((d.hi - d.a) / d.b);
      const double z = (x - d.a) / d.b;
      if (d.lo >= d.a) {  // right tail: use upper tails for precision
        auto q = [](double t) { return std_normal_cdf(-t); };
        const double qa = q((d.lo - d.a) / d.b), qb = q((d.hi - d.a) / d.b);
        return (qa - q(z)) / (qa - qb);
      }
      return (std_normal_cdf(z) - lo) / (hi - lo);
    }
    case DistKind::lognormal:
      return std_normal_cdf(std::log(x / d.a) / std::log(d.b));
    case DistKind::beta:
      return boost::math::ibeta(d.a, d.b, x);
    case DistKind::gamma:
      return boost::math::gamma_p(d.a, x / d.b);
    case DistKind::triangular: {
      const double w = d.c - d.a;
      if (x <= d.b) return (x - d.a) * (x - d.a) / (w * (d.b - d.a));
      return 1.0 - (d.c - x) * (d.c - x) / (w * (d.c - d.b));
    }
    case DistKind::pert: {
      const double w = d.c - d.a;
      return boost::math::ibeta(1.0 + 4.0 * (d.b - d.a) / w, 1.0 + 4.0 * (d.c - d.b) / w,
                                std::clamp((x - d.a) / w, 0.0, 1.0));
    }
  }
  return 0.0;
}

TEST(Distribution, NormalQuantileKnownValues) {
  const Distribution n01 = make(DistKind::normal, 0.0, 1.0);
  EXPECT_NEAR(n01.quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(n01.quantile(0.025), -1.959963984540054, 1e-12);
  EXPECT_NEAR(n01.quantile(0.8413447460685429), 1.0, 1e-12);
  EXPECT_EQ(n01.quantile(0.5), 0.0);
  const Distribution n = make(DistKind::normal, 10.0, 2.0);
  EXPECT_NEAR(n.quantile(0.975), 10.0 + 2.0 * 1.959963984540054, 1e-11);
  // Far tails (values from mpmath): Phi^-1(2^-54) and Phi^-1(1 - 2^-53).
  EXPECT_NEAR(n01.quantile(kTinyU), -8.292361075813596, 1e-9);
  EXPECT_NEAR(n01.quantile(kTopU), 8.209536151601387, 1e-9);  // top u = 1 - 2^-53
}

TEST(Distribution, TruncatedNormalKnownValues) {
  // Half-normal: median = Phi^-1(0.75).
  EXPECT_NEAR(truncated_normal(0.0, 1.0, 0.0, kInf).quantile(0.5), 0.6744897501960817, 1e-12);
  EXPECT_NEAR(truncated_normal(0.0, 1.0, -kInf, 0.0).quantile(0.5), -0.6744897501960817, 1e-12);
  // Symmetric truncation keeps the median at the mean.
  EXPECT_NEAR(truncated_normal(3.0, 2.0, 1.0, 5.0).quantile(0.5), 3.0, 1e-12);
  // Round trip through the forward CDF.
  const Distribution t = truncated_normal(0.0, 1.0, -1.0, 2.0);
  for (double u : {0.01, 0.2, 0.5, 0.7, 0.99}) EXPECT_NEAR(cdf(t, t.quantile(u)), u, 1e-12) << u;
  // Right tail: (Q(5) - Q(x)) / (Q(5) - Q(6)) must return u accurately.
  const Distribution r = truncated_normal(0.0, 1.0, 5.0, 6.0);
  for (double u : {1e-10, 0.01, 0.5, 0.99, 1.0 - 1e-10})
    EXPECT_NEAR(cdf(r, r.quantile(u)), u, 1e-9) << u;
  // Far right tail: median of N(0,1) truncated to [8, inf) is Q^-1(Q(8)/2) (mpmath).
  const Distribution far = truncated_normal(0.0, 1.0, 8.0, kInf);
  EXPECT_NEAR(far.quantile(0.5), 8.084911007391544, 1e-12);
  // Mirror image on the left.
  EXPECT_NEAR(truncated_normal(0.0, 1.0, -kInf, -8.0).quantile(0.5), -8.084911007391544, 1e-12);
}

TEST(Distribution, TruncatedNormalStaysInsideBoundsAtExtremeU) {
  const std::vector<std::pair<double, double>> intervals = {
      {-1.0, 2.0},   {5.0, 6.0},   {-6.0, -5.0},   {8.0, kInf},      {-kInf, -8.0},
      {-1e-3, 1e-3}, {30.0, 31.0}, {-31.0, -30.0}, {0.0, kInf},      {-kInf, 0.0},
      {0.0, 1e-12},  {35.0, kInf}, {-35.5, -35.0}, {1.0, 1.0 + 1e-9}};
  const std::vector<double> us = {kTinyU, 1e-16, 1e-10, 0.25, 0.5, 0.75, 1.0 - 1e-10, kTopU};
  for (const auto& [lo, hi] : intervals) {
    for (double mean : {0.0, 100.0}) {
      const Distribution d = truncated_normal(mean, 1.0, lo + mean, hi + mean);
      ASSERT_EQ(check_distribution(d), "") << d.describe();
      double previous = -kInf;
      for (double u : us) {
        const double x = d.quantile(u);
        EXPECT_TRUE(std::isfinite(x)) << d.describe() << " u=" << u;
        EXPECT_GT(x, d.lo) << d.describe() << " u=" << u;
        EXPECT_LT(x, d.hi) << d.describe() << " u=" << u;
        EXPECT_GE(x, previous) << d.describe() << " u=" << u;
        previous = x;
      }
    }
  }
}

TEST(Distribution, LognormalKnownValues) {
  const Distribution d = make(DistKind::lognormal, 800.0, 1.25);
  EXPECT_EQ(d.quantile(0.5), 800.0);  // exact
  EXPECT_EQ(d.median(), 800.0);
  EXPECT_NEAR(d.quantile(0.8413447460685429) / (800.0 * 1.25), 1.0, 1e-12);
  EXPECT_NEAR(d.quantile(1.0 - 0.8413447460685429) / (800.0 / 1.25), 1.0, 1e-12);
  EXPECT_NEAR(d.quantile(0.975) / (800.0 * std::pow(1.25, 1.959963984540054)), 1.0, 1e-12);
}

TEST(Distribution, BetaKnownValues) {
  // Beta(a,1): F = x^a; Beta(1,b): F = 1 - (1-x)^b; Beta(2,2): F = 3x^2 - 2x^3.
  const Distribution a3 = make(DistKind::beta, 3.0, 1.0);
  const Distribution b4 = make(DistKind::beta, 1.0, 4.0);
  const Distribution b22 = make(DistKind::beta, 2.0, 2.0);
  for (double u : {1e-12, 0.01, 0.3, 0.5, 0.9, 1.0 - 1e-9}) {
    EXPECT_NEAR(a3.quantile(u), std::cbrt(u), 1e-13) << u;
    EXPECT_NEAR(b4.quantile(u), -std::expm1(std::log1p(-u) / 4.0), 1e-13) << u;
  }
  EXPECT_NEAR(b22.quantile(0.5), 0.5, 1e-14);
  const double x = 0.3;
  EXPECT_NEAR(b22.quantile(3 * x * x - 2 * x * x * x), x, 1e-13);
  EXPECT_NEAR(make(DistKind::beta, 1.0, 1.0).quantile(0.37), 0.37, 1e-14);
}

// Parameter sets where Boost 1.74's ibeta_inv root finder gives up at the extreme u the
// samplers can produce; expected values from mpmath (50 digits).
TEST(Distribution, BetaExtremeParametersAtExtremeU) {
  const Distribution d1 = make(DistKind::beta, 1.0025490513827464, 0.6078857335973846);
  EXPECT_EQ(check_distribution(d1), "");
  EXPECT_NEAR(d1.quantile(kTinyU) / 1.0038287065888728e-16, 1.0, 1e-10);
  const Distribution d2 = make(DistKind::beta, 4.985674737274072, 0.0038573692343907007);
  EXPECT_EQ(check_distribution(d2), "");
  EXPECT_NEAR(d2.quantile(kTinyU) / 0.0023053898073108349, 1.0, 1e-12);
  // Mirror image: the upper tail of beta(b, a) at 1 - 2^-53 is 1 - 2.0041e-16.
  const Distribution d3 = make(DistKind::beta, 0.6078857335973846, 1.0025490513827464);
  EXPECT_EQ(check_distribution(d3), "");
  EXPECT_NEAR(d3.quantile(kTopU), 1.0 - 2.0041222831820028e-16, 1.2e-16);
  EXPECT_LE(d3.quantile(kTopU), 1.0);
}

TEST(Distribution, GammaKnownValues) {
  // shape 1: exponential with mean `scale`.
  const Distribution e = make(DistKind::gamma, 1.0, 3.0);
  for (double u : {1e-12, 0.1, 0.5, 0.9, 1.0 - 1e-12})
    EXPECT_NEAR(e.quantile(u) / (-3.0 * std::log1p(-u)), 1.0, 1e-12) << u;
  EXPECT_NEAR(e.median(), 3.0 * std::log(2.0), 1e-13);
  // shape 2: F(x) = 1 - e^-x (1 + x).
  const Distribution g2 = make(DistKind::gamma, 2.0, 1.0);
  const double x = 1.5;
  EXPECT_NEAR(g2.quantile(1.0 - std::exp(-x) * (1.0 + x)), x, 1e-12);
  EXPECT_NEAR(make(DistKind::gamma, 2.0, 10.0).quantile(1.0 - std::exp(-x) * (1.0 + x)), 15.0,
              1e-11);
}

TEST(Distribution, TriangularClosedForm) {
  const Distribution t = make(DistKind::triangular, 0.0, 1.0, 4.0);  // F(mode) = 0.25
  EXPECT_NEAR(t.quantile(0.25), 1.0, 1e-14);
  EXPECT_NEAR(t.quantile(0.1), std::sqrt(0.4), 1e-14);
  EXPECT_NEAR(t.quantile(0.7), 4.0 - std::sqrt(0.3 * 12.0), 1e-14);
  EXPECT_NEAR(t.median(), 4.0 - std::sqrt(6.0), 1e-14);
  // Degenerate mode at an end.
  EXPECT_NEAR(make(DistKind::triangular, 2.0, 2.0, 3.0).quantile(0.75), 2.5, 1e-14);
  EXPECT_NEAR(make(DistKind::triangular, 2.0, 3.0, 3.0).quantile(0.25), 2.5, 1e-14);
}

TEST(Distribution, PertMeanAndMedian) {
  // Mean of PERT(min, mode, max) = (min + 4 mode + max) / 6; integrate the quantile over u.
  for (const auto& [mn, mode, mx] : std::vector<std::array<double, 3>>{
           {0.0, 1.0, 10.0}, {2.0, 5.0, 6.0}, {-1.0, -1.0, 1.0}, {0.0, 0.5, 1.0}}) {
    const Distribution p = make(DistKind::pert, mn, mode, mx);
    const int n = 20000;
    double sum = 0.0;
    for (int i = 0; i < n; ++i) sum += p.quantile((i + 0.5) / n);
    EXPECT_NEAR(sum / n, (mn + 4.0 * mode + mx) / 6.0, 1e-6 * (mx - mn)) << p.describe();
  }
  EXPECT_NEAR(make(DistKind::pert, 0.0, 0.5, 1.0).median(), 0.5, 1e-14);
  // PERT(0, 0.5, 1) is Beta(3, 3).
  EXPECT_NEAR(make(DistKind::pert, 0.0, 0.5, 1.0).quantile(0.2),
              boost::math::ibeta_inv(3.0, 3.0, 0.2), 1e-14);
}

TEST(Distribution, UniformAndFixed) {
  const Distribution u = make(DistKind::uniform, 0.04, 0.10);
  EXPECT_NEAR(u.quantile(0.25), 0.055, 1e-15);
  EXPECT_NEAR(u.median(), 0.07, 1e-15);
  EXPECT_GE(u.quantile(kTinyU), 0.04);
  EXPECT_LE(u.quantile(kTopU), 0.10);
  EXPECT_EQ(make(DistKind::uniform, 2.0, 2.0).quantile(0.3), 2.0);
  const Distribution f = Distribution::fixed_value(400.0);
  EXPECT_TRUE(f.is_fixed());
  EXPECT_EQ(f.quantile(0.123), 400.0);
  EXPECT_EQ(f.median(), 400.0);
}

TEST(Distribution, MedianOfEveryKind) {
  EXPECT_EQ(Distribution::fixed_value(7.0).median(), 7.0);
  EXPECT_NEAR(make(DistKind::uniform, 1.0, 3.0).median(), 2.0, 1e-15);
  EXPECT_EQ(make(DistKind::normal, -4.0, 3.0).median(), -4.0);
  EXPECT_EQ(make(DistKind::lognormal, 60000.0, 1.5).median(), 60000.0);
  EXPECT_NEAR(make(DistKind::beta, 2.0, 2.0).median(), 0.5, 1e-14);
  // Beta(2,5) median from the forward function: I_x(2,5) = 0.5.
  const double bm = make(DistKind::beta, 2.0, 5.0).median();
  EXPECT_NEAR(boost::math::ibeta(2.0, 5.0, bm), 0.5, 1e-13);
  // Gamma(shape 3, scale 2) median: P(3, x/2) = 0.5.
  const double gm = make(DistKind::gamma, 3.0, 2.0).median();
  EXPECT_NEAR(boost::math::gamma_p(3.0, gm / 2.0), 0.5, 1e-13);
  EXPECT_NEAR(make(DistKind::triangular, 0.0, 5.0, 10.0).median(), 5.0, 1e-14);
  EXPECT_NEAR(make(DistKind::pert, 0.0, 5.0, 10.0).median(), 5.0, 1e-13);
}

TEST(Distribution, QuantileIsMonotoneAndFinite) {
  std::vector<double> us = {kTinyU, 1e-15, 1e-10, 1e-6};
  for (int k = 1; k < 1000; ++k) us.push_back(k / 1000.0);
  for (double u : {1.0 - 1e-6, 1.0 - 1e-10, 1.0 - 1e-15, kTopU}) us.push_back(u);
  for (const Distribution& d : examples()) {
    double previous = -kInf;
    for (double u : us) {
      const double x = d.quantile(u);
      ASSERT_TRUE(std::isfinite(x)) << d.describe() << " u=" << u;
      ASSERT_GE(x, previous) << d.describe() << " u=" << u;
      ASSERT_GT(x, d.support_min()) << d.describe() << " u=" << u;
      ASSERT_LT(x, d.support_max()) << d.describe() << " u=" << u;
      previous = x;
    }
    EXPECT_LT(d.quantile(0.01), d.quantile(0.99)) << d.describe();
  }
}

// Rounding and underflow must not put a draw on an end point of the support (study
// validation accepts a support [0, inf) for a valid range (0, inf)).
TEST(Distribution, QuantileStaysOffSupportEndPoints) {
  EXPECT_GT(make(DistKind::uniform, 1.0, 2.0).quantile(kTinyU), 1.0);  // 1 + 5.6e-17 rounds to 1
  EXPECT_GT(make(DistKind::uniform, -1.0, 0.1).quantile(kTinyU), -1.0);
  EXPECT_LT(make(DistKind::uniform, -2.0, -1.0).quantile(kTopU), -1.0);
  EXPECT_GT(make(DistKind::gamma, 0.01, 1.0).quantile(kTinyU), 0.0);  // underflows to 0
  EXPECT_GT(make(DistKind::beta, 0.01, 1.0).quantile(kTinyU), 0.0);
  EXPECT_LT(make(DistKind::beta, 1.0, 0.01).quantile(kTopU), 1.0);
  EXPECT_GT(make(DistKind::lognormal, 1e-300, 1e10).quantile(kTinyU), 0.0);
  EXPECT_GT(make(DistKind::triangular, 1.0, 1.0, 2.0).quantile(kTinyU), 1.0);
  EXPECT_LT(make(DistKind::pert, 1.0, 2.0, 2.0).quantile(kTopU), 2.0);
  EXPECT_GT(truncated_normal(6.0, 2.0, 0.0, kInf).quantile(kTinyU), 0.0);
  EXPECT_GT(truncated_normal(1.0, 1.0, 1.0, 1.0 + 0x1.0p-40).quantile(kTinyU), 1.0);
  // Degenerate supports are returned as they are.
  EXPECT_EQ(make(DistKind::uniform, 2.0, 2.0).quantile(kTinyU), 2.0);
}

TEST(Distribution, QuantileOutsideOpenIntervalThrows) {
  const Distribution d = make(DistKind::normal, 0.0, 1.0);
  EXPECT_THROW((void)d.quantile(0.0), NumericError);
  EXPECT_THROW((void)d.quantile(1.0), NumericError);
  EXPECT_THROW((void)d.quantile(-0.1), NumericError);
  EXPECT_THROW((void)d.quantile(std::nan("")), NumericError);
}

// Kolmogorov-Smirnov: quantile(u) for u from a Stream, against the forward CDF.
// n = 20000 draws; the 1% critical value of D is 1.628 / sqrt(n) = 0.0115. With fixed seeds
// the outcome is deterministic; the bound asserts the whole pipeline is right.
TEST(Distribution, KolmogorovSmirnovAgainstCdf) {
  const int n = 20000;
  const double critical = 1.628 / std::sqrt(static_cast<double>(n));
  std::uint64_t site = 0;
  for (const Distribution& d : examples()) {
    Stream stream(StreamKey{20180903, 7}, Domain::model, site++);
    std::vector<double> f(n);
    for (int i = 0; i < n; ++i) f[i] = cdf(d, d.quantile(stream.uniform()));
    std::sort(f.begin(), f.end());
    double dmax = 0.0;
    for (int i = 0; i < n; ++i) {
      dmax = std::max(dmax, std::max((i + 1.0) / n - f[i], f[i] - static_cast<double>(i) / n));
    }
    EXPECT_LT(dmax, critical) << d.describe();
  }
}

TEST(Distribution, SupportBounds) {
  EXPECT_EQ(make(DistKind::uniform, 1.0, 2.0).support_min(), 1.0);
  EXPECT_EQ(make(DistKind::uniform, 1.0, 2.0).support_max(), 2.0);
  EXPECT_EQ(make(DistKind::normal, 0.0, 1.0).support_min(), -kInf);
  EXPECT_EQ(make(DistKind::normal, 0.0, 1.0).support_max(), kInf);
  EXPECT_EQ(truncated_normal(0.0, 1.0, -2.0, 3.0).support_min(), -2.0);
  EXPECT_EQ(truncated_normal(0.0, 1.0, -2.0, 3.0).support_max(), 3.0);
  EXPECT_EQ(make(DistKind::lognormal, 5.0, 2.0).support_min(), 0.0);
  EXPECT_EQ(make(DistKind::lognormal, 5.0, 2.0).support_max(), kInf);
  EXPECT_EQ(make(DistKind::beta, 2.0, 3.0).support_min(), 0.0);
  EXPECT_EQ(make(DistKind::beta, 2.0, 3.0).support_max(), 1.0);
  EXPECT_EQ(make(DistKind::gamma, 2.0, 3.0).support_min(), 0.0);
  EXPECT_EQ(make(DistKind::gamma, 2.0, 3.0).support_max(), kInf);
  EXPECT_EQ(make(DistKind::triangular, 1.0, 2.0, 3.0).support_min(), 1.0);
  EXPECT_EQ(make(DistKind::triangular, 1.0, 2.0, 3.0).support_max(), 3.0);
  EXPECT_EQ(make(DistKind::pert, 1.0, 2.0, 3.0).support_min(), 1.0);
  EXPECT_EQ(make(DistKind::pert, 1.0, 2.0, 3.0).support_max(), 3.0);
  EXPECT_EQ(Distribution::fixed_value(4.0).support_min(), 4.0);
  EXPECT_EQ(Distribution::fixed_value(4.0).support_max(), 4.0);
}

TEST(Distribution, Describe) {
  EXPECT_EQ(make(DistKind::lognormal, 800.0, 1.25).describe(), "lognormal(median=800, gsd=1.25)");
  EXPECT_EQ(make(DistKind::uniform, 0.0, 0.1).describe(), "uniform(min=0, max=0.1)");
  EXPECT_EQ(make(DistKind::normal, 1.0, 0.5).describe(), "normal(mean=1, sd=0.5)");
  EXPECT_EQ(truncated_normal(1.0, 0.5, 0.0, kInf).describe(), "normal(mean=1, sd=0.5, lo=0)");
  EXPECT_EQ(make(DistKind::beta, 2.0, 5.0).describe(), "beta(a=2, b=5)");
  EXPECT_EQ(make(DistKind::gamma, 2.0, 3.0).describe(), "gamma(shape=2, scale=3)");
  EXPECT_EQ(make(DistKind::triangular, 0.0, 1.0, 4.0).describe(),
            "triangular(min=0, mode=1, max=4)");
  EXPECT_EQ(make(DistKind::pert, 0.0, 1.0, 4.0).describe(), "pert(min=0, mode=1, max=4)");
  Distribution c = make(DistKind::uniform, -1.0, 1.0);
  c.clamp = true;
  EXPECT_EQ(c.describe(), "uniform(min=-1, max=1, clamp=true)");
  EXPECT_EQ(Distribution::fixed_value(0.03).describe(), "0.03");
  EXPECT_STREQ(dist_kind_name(DistKind::pert), "pert");
  EXPECT_STREQ(dist_kind_name(DistKind::lognormal), "lognormal");
}

TEST(Distribution, CheckAcceptsValid) {
  for (const Distribution& d : examples()) EXPECT_EQ(check_distribution(d), "") << d.describe();
  EXPECT_EQ(check_distribution(Distribution::fixed_value(3.0)), "");
  EXPECT_EQ(check_distribution(make(DistKind::uniform, 2.0, 2.0)), "");  // min == max allowed
  EXPECT_EQ(check_distribution(make(DistKind::triangular, 0.0, 0.0, 1.0)), "");
  EXPECT_EQ(check_distribution(make(DistKind::pert, 0.0, 1.0, 1.0)), "");
}

TEST(Distribution, CheckRejectsBadParametersNamingTheField) {
  struct Case {
    Distribution d;
    std::string field;
  };
  const double nan = std::nan("");
  const std::vector<Case> cases = {
      {Distribution::fixed_value(nan), "value"},
      {Distribution::fixed_value(kInf), "value"},
      {make(DistKind::uniform, 1.0, 0.0), "min"},
      {make(DistKind::uniform, nan, 1.0), "min"},
      {make(DistKind::uniform, 0.0, kInf), "max"},
      {make(DistKind::normal, 0.0, 0.0), "sd"},
      {make(DistKind::normal, 0.0, -1.0), "sd"},
      {make(DistKind::normal, kInf, 1.0), "mean"},
      {truncated_normal(0.0, 1.0, 2.0, 1.0), "lo"},
      {truncated_normal(0.0, 1.0, 1.0, 1.0), "lo"},
      {truncated_normal(0.0, 1.0, nan, 1.0), "lo"},
      {truncated_normal(0.0, 1.0, 0.0, nan), "hi"},
      {truncated_normal(0.0, 1.0, 50.0, 51.0), "truncation interval"},  // negligible probability
      {truncated_normal(0.0, 1.0, -kInf, -50.0), "truncation interval"},
      {make(DistKind::lognormal, 0.0, 2.0), "median"},
      {make(DistKind::lognormal, -5.0, 2.0), "median"},
      {make(DistKind::lognormal, 5.0, 1.0), "gsd"},
      {make(DistKind::lognormal, 5.0, 0.5), "gsd"},
      {make(DistKind::lognormal, 1e300, 1e10), "lognormal"},  // overflows in the upper tail
      {make(DistKind::beta, 0.0, 1.0), "a"},
      {make(DistKind::beta, 1.0, -1.0), "b"},
      {make(DistKind::beta, 1.0, nan), "b"},
      {make(DistKind::gamma, 0.0, 1.0), "shape"},
      {make(DistKind::gamma, 1.0, 0.0), "scale"},
      {make(DistKind::triangular, 0.0, 2.0, 1.0), "mode"},
      {make(DistKind::triangular, 0.0, -1.0, 1.0), "mode"},
      {make(DistKind::triangular, 1.0, 1.0, 1.0), "min"},
      {make(DistKind::triangular, 0.0, nan, 1.0), "mode"},
      {make(DistKind::pert, 2.0, 1.0, 0.0), "min"},
      {make(DistKind::pert, 0.0, 3.0, 2.0), "mode"},
  };
  for (const auto& c : cases) {
    const std::string msg = check_distribution(c.d);
    EXPECT_NE(msg, "") << c.d.describe();
    EXPECT_NE(msg.find(c.field), std::string::npos) << c.d.describe() << ": " << msg;
  }
}

TEST(Distribution, ValidRangeContains) {
  const ValidRange prob{0.0, 1.0, false, false, false};
  EXPECT_TRUE(prob.contains(0.0));
  EXPECT_TRUE(prob.contains(1.0));
  EXPECT_FALSE(prob.contains(-1e-300));
  EXPECT_FALSE(prob.contains(std::nan("")));
  const ValidRange positive{0.0, kInf, true, true, false};
  EXPECT_FALSE(positive.contains(0.0));
  EXPECT_TRUE(positive.contains(1e-300));
  EXPECT_FALSE(positive.contains(kInf));
}

}  // namespace
}  // namespace fundsim

// Accuracy of fundsim's log, log1p, exp, expm1 and pow (fast_math.hpp) against a
// higher-precision reference, and their special values; correct rounding of the generated
// factorial tables.
//
// Reference: the long double (x87, 64-bit significand) libm functions, good to ~2^-63
// relative, i.e. ~0.001 ulp of a double; itself checked against 50-digit Boost.Multiprecision
// on a sample of the same points (agreement to 2^-60 relative, 1/128 ulp). Tolerances: log,
// log1p, exp and expm1 within 1 ulp (faithful rounding; measured maxima 0.75-0.86 ulp), pow
// within 1.5 ulp (its error adds the double-double logarithm's ~2^-64 |y log x| to exp's).
// Errors are printed. Points: a fixed-seed Philox stream, wide ranges plus edges.
// No contraction of a*b + c into fused multiply-adds, whatever the build flags (fast_math.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif

#include <gtest/gtest.h>

#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/log1p.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "doubles.hpp"
#include "lane_cases.hpp"
#include "random/factorial_tables.hpp"
#include "random/fast_math.hpp"

namespace fundsim {
namespace {

using Big = boost::multiprecision::cpp_bin_float_50;
using test::kInf;
using test::kNaN;

long double ulp_of(long double r) {
  const long double a = std::fabs(r);
  if (a < 0x1p-1022L) return 0x1p-1074L;  // subnormal results: absolute spacing
  int e = 0;
  std::frexp(a, &e);
  return std::ldexp(1.0L, e - 53);
}

struct Range {
  const char* name;
  std::function<double(test::CaseGenerator&)> x;
  std::function<double(test::CaseGenerator&, double)> y;  // pow only
};

struct Measured {
  double max_ulp = 0.0;
  double at_x = 0.0, at_y = 0.0;
  int checked = 0;
  int overflow_mismatches = 0;
};

// Max error in ulps of f against ref over `count` points of each range.
Measured measure(const std::vector<Range>& ranges, int count,
                 const std::function<double(double, double)>& f,
                 const std::function<long double(long double, long double)>& ref,
                 std::uint64_t seed) {
  Measured m;
  test::CaseGenerator gen(seed);
  for (const Range& range : ranges) {
    for (int i = 0; i < count; ++i) {
      const double x = range.x(gen);
      const double y = range.y ? range.y(gen, x) : 0.0;
      const double got = f(x, y);
      const long double want = ref(x, y);
      if (std::isnan(want)) continue;
      if (std::fabs(want) > static_cast<long double>(DBL_MAX)) {  // overflows in double
        if (!(std::isinf(got) && (got > 0) == (want > 0))) ++m.overflow_mismatches;
        continue;
      }
      const double err =
          static_cast<double>(std::fabs(static_cast<long double>(got) - want) / ulp_of(want));
      ++m.checked;
      if (!(err <= m.max_ulp)) {  // also catches NaN results
        m.max_ulp = std::isnan(err) ? kInf : err;
        m.at_x = x;
        m.at_y = y;
      }
    }
  }
  return m;
}

void expect_within(const char* name, const Measured& m, double tolerance) {
  std::printf("%-6s max error %.3f ulp over %d points (at x = %.17g, y = %.17g)\n", name, m.max_ulp,
              m.checked, m.at_x, m.at_y);
  EXPECT_LE(m.max_ulp, tolerance) << name << " at x = " << m.at_x << ", y = " << m.at_y;
  EXPECT_EQ(m.overflow_mismatches, 0) << name;
  EXPECT_GT(m.checked, 1000) << name;
}

double log_uniform(test::CaseGenerator& g, double lo_exp2, double hi_exp2) {
  return std::exp2(lo_exp2 + (hi_exp2 - lo_exp2) * g.uniform());
}
double signed_tiny(test::CaseGenerator& g, double lo_exp2, double hi_exp2) {
  const double m = log_uniform(g, lo_exp2, hi_exp2);
  return g.uniform() < 0.5 ? -m : m;
}
double uniform(test::CaseGenerator& g, double lo, double hi) {
  return lo + (hi - lo) * g.uniform();
}

constexpr int kPoints = 100000;  // per range

TEST(FastMath, LogWithinOneUlp) {
  const std::vector<Range> ranges = {
      {"all doubles", [](auto& g) { return log_uniform(g, -1074.0, 1024.0); }, nullptr},
      {"near 1", [](auto& g) { return uniform(g, 0.5, 2.0); }, nullptr},
      {"reduction split",
       [](auto& g) { return uniform(g, 0.7, 0.72) * (g.uniform() < 0.5 ? 1 : 2); }, nullptr}};
  expect_within("log",
                measure(
                    ranges, kPoints, [](double x, double) { return fm::log(x); },
                    [](long double x, long double) { return std::log(x); }, 1),
                1.0);
}

TEST(FastMath, Log1pWithinOneUlp) {
  const std::vector<Range> ranges = {
      {"(-1, 3)", [](auto& g) { return uniform(g, -1.0, 3.0); }, nullptr},
      {"tiny", [](auto& g) { return signed_tiny(g, -1074.0, 0.0); }, nullptr},
      {"near -1", [](auto& g) { return -1.0 + log_uniform(g, -53.0, -1.0); }, nullptr},
      {"large", [](auto& g) { return log_uniform(g, 0.0, 1024.0); }, nullptr}};
  expect_within("log1p",
                measure(
                    ranges, kPoints, [](double x, double) { return fm::log1p(x); },
                    [](long double x, long double) { return std::log1p(x); }, 2),
                1.0);
}

TEST(FastMath, ExpWithinOneUlp) {
  const std::vector<Range> ranges = {
      {"full range", [](auto& g) { return uniform(g, -746.0, 710.0); }, nullptr},
      {"[-2, 2]", [](auto& g) { return uniform(g, -2.0, 2.0); }, nullptr},
      {"subnormal results", [](auto& g) { return uniform(g, -745.2, -708.3); }, nullptr},
      {"tiny", [](auto& g) { return signed_tiny(g, -1074.0, -1.0); }, nullptr}};
  expect_within("exp",
                measure(
                    ranges, kPoints, [](double x, double) { return fm::exp(x); },
                    [](long double x, long double) { return std::exp(x); }, 3),
                1.0);
}

TEST(FastMath, Expm1WithinOneUlp) {
  const std::vector<Range> ranges = {
      {"full range", [](auto& g) { return uniform(g, -60.0, 710.0); }, nullptr},
      {"[-2, 2]", [](auto& g) { return uniform(g, -2.0, 2.0); }, nullptr},
      {"tiny", [](auto& g) { return signed_tiny(g, -1074.0, -1.0); }, nullptr},
      {"k = +-1, +-2", [](auto& g) { return uniform(g, -1.8, 1.8); }, nullptr}};
  expect_within("expm1",
                measure(
                    ranges, kPoints, [](double x, double) { return fm::expm1(x); },
                    [](long double x, long double) { return std::expm1(x); }, 4),
                1.0);
}

TEST(FastMath, PowWithinOneAndAHalfUlp) {
  // y scaled so that |y log x| spans (0, 740]: from results near 1 to over- and underflow.
  auto y_for = [](test::CaseGenerator& g, double x) {
    const double lx = std::fabs(std::log(x));
    const double target = log_uniform(g, -20.0, std::log2(740.0));
    return (g.uniform() < 0.5 ? -1.0 : 1.0) * target / std::max(lx, 1e-300);
  };
  const std::vector<Range> ranges = {
      {"wide", [](auto& g) { return log_uniform(g, -1000.0, 1000.0); }, y_for},
      {"x near 1", [](auto& g) { return uniform(g, 0.5, 2.0); }, y_for},
      {"small y", [](auto& g) { return log_uniform(g, -60.0, 60.0); },
       [](auto& g, double) { return uniform(g, -3.0, 3.0); }},
      {"integer y", [](auto& g) { return log_uniform(g, -30.0, 30.0); },
       [](auto& g, double) { return std::floor(uniform(g, -30.0, 30.0)); }},
      {"subnormal x", [](auto& g) { return log_uniform(g, -1074.0, -1022.0); },
       [](auto& g, double) { return uniform(g, -0.69, 0.69); }}};
  expect_within("pow",
                measure(
                    ranges, kPoints, [](double x, double y) { return fm::pow(x, y); },
                    [](long double x, long double y) { return std::pow(x, y); }, 5),
                1.5);
}

// The long double reference is itself right to 2^-60 relative (checked against 50 digits).
TEST(FastMath, LongDoubleReferenceAgreesWithFiftyDigits) {
  test::CaseGenerator gen(6);
  const long double tol = 0x1p-60L;
  for (int i = 0; i < 300; ++i) {
    const double x = log_uniform(gen, -1000.0, 1000.0);
    const double e = uniform(gen, -700.0, 700.0);
    const double t = uniform(gen, -0.9, 2.0);
    const double y = uniform(gen, -0.5, 0.5);
    auto rel = [](long double a, const Big& b) {
      return static_cast<long double>(boost::multiprecision::abs((Big(a) - b) / b));
    };
    EXPECT_LT(rel(std::log(static_cast<long double>(x)), boost::multiprecision::log(Big(x))), tol);
    EXPECT_LT(rel(std::exp(static_cast<long double>(e)), boost::multiprecision::exp(Big(e))), tol);
    EXPECT_LT(rel(std::log1p(static_cast<long double>(t)), boost::math::log1p(Big(t))), tol);
    EXPECT_LT(rel(std::expm1(static_cast<long double>(t)), boost::math::expm1(Big(t))), tol);
    EXPECT_LT(rel(std::pow(static_cast<long double>(x), static_cast<long double>(y)),
                  boost::multiprecision::pow(Big(x), Big(y))),
              tol);
  }
}

TEST(FastMath, SpecialValues) {
  EXPECT_EQ(fm::log(1.0), 0.0);
  EXPECT_EQ(fm::log(0.0), -kInf);
  EXPECT_EQ(fm::log(-0.0), -kInf);
  EXPECT_TRUE(std::isnan(fm::log(-1.0)));
  EXPECT_TRUE(std::isnan(fm::log(-kInf)));
  EXPECT_EQ(fm::log(kInf), kInf);
  EXPECT_TRUE(std::isnan(fm::log(kNaN)));
  EXPECT_EQ(fm::log(0x1p-1074), static_cast<double>(std::log(0x1p-1074L)));
  EXPECT_EQ(fm::log(DBL_MAX), static_cast<double>(std::log(static_cast<long double>(DBL_MAX))));

  EXPECT_EQ(fm::log1p(0.0), 0.0);
  EXPECT_EQ(fm::log1p(-1.0), -kInf);
  EXPECT_TRUE(std::isnan(fm::log1p(-1.5)));
  EXPECT_EQ(fm::log1p(kInf), kInf);
  EXPECT_TRUE(std::isnan(fm::log1p(kNaN)));
  EXPECT_EQ(fm::log1p(0x1p-1074), 0x1p-1074);
  EXPECT_EQ(fm::log1p(1e-300), 1e-300);

  EXPECT_EQ(fm::exp(0.0), 1.0);
  EXPECT_EQ(fm::exp(-kInf), 0.0);
  EXPECT_EQ(fm::exp(kInf), kInf);
  EXPECT_EQ(fm::exp(709.79), kInf);
  EXPECT_EQ(fm::exp(-745.14), 0.0);
  EXPECT_EQ(fm::exp(-745.13), 0x1p-1074);  // the smallest subnormal
  EXPECT_TRUE(std::isnan(fm::exp(kNaN)));
  EXPECT_EQ(fm::exp(1e-300), 1.0);

  EXPECT_EQ(fm::expm1(0.0), 0.0);
  EXPECT_EQ(fm::expm1(1e-300), 1e-300);
  EXPECT_EQ(fm::expm1(-kInf), -1.0);
  EXPECT_EQ(fm::expm1(-40.0), -1.0);
  EXPECT_EQ(fm::expm1(kInf), kInf);
  EXPECT_EQ(fm::expm1(709.79), kInf);
  EXPECT_TRUE(std::isnan(fm::expm1(kNaN)));

  EXPECT_EQ(fm::pow(3.7, 0.0), 1.0);
  EXPECT_EQ(fm::pow(1.0, 1e300), 1.0);
  EXPECT_EQ(fm::pow(1.0, kNaN), 1.0);
  EXPECT_EQ(fm::pow(0.0, 2.0), 0.0);
  EXPECT_EQ(fm::pow(0.0, -2.0), kInf);
  EXPECT_EQ(fm::pow(kInf, 0.5), kInf);
  EXPECT_EQ(fm::pow(kInf, -0.5), 0.0);
  EXPECT_EQ(fm::pow(2.0, 1e10), kInf);
  EXPECT_EQ(fm::pow(2.0, -1e10), 0.0);
  EXPECT_EQ(fm::pow(0.5, 1074.0), 0x1p-1074);
  EXPECT_TRUE(std::isnan(fm::pow(-2.0, 2.0)));
  EXPECT_TRUE(std::isnan(fm::pow(kNaN, 2.0)));
  EXPECT_TRUE(std::isnan(fm::pow(2.0, kNaN)));
  EXPECT_EQ(fm::pow(2.0, 0.5), std::sqrt(2.0));  // correctly rounded here (error < 0.87 ulp
                                                 // and sqrt 2 is not near a midpoint)
}

// Every entry of the generated tables is the correctly rounded 50-digit value.
TEST(FactorialTables, CorrectlyRounded) {
  const Big half_log_2pi = boost::multiprecision::log(2 * boost::math::constants::pi<Big>()) / 2;
  for (int k = 0; k < tables::kFactorialTableSize; ++k) {
    const Big lg = boost::math::lgamma(Big(k + 1));
    EXPECT_EQ(tables::kLogFactorial[static_cast<std::size_t>(k)], static_cast<double>(lg)) << k;
    const Big se = k == 0 ? Big(0)
                          : lg - (Big(k) + Big(0.5)) * boost::multiprecision::log(Big(k)) + Big(k) -
                                half_log_2pi;
    EXPECT_EQ(tables::kStirlingError[static_cast<std::size_t>(k)], static_cast<double>(se)) << k;
  }
}

}  // namespace
}  // namespace fundsim

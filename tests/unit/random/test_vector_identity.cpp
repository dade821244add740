// Scalar and 4-lane forms of the numerical kernels give bitwise the same results, lane by lane,
// whatever instruction set they are compiled for. Each kernel runs three ways on the same
// inputs: as double in a function compiled for plain x86-64 (the reference), as 4 lanes in a
// plain x86-64 function, and (if the CPU has them) as 4 lanes and as double in functions
// compiled for AVX2 + FMA, where the compiler could contract a*b + c into a fused
// multiply-add; the kernels' translation units forbid that (fp-contract=off), and these
// tests check that the result is the same bits. Removing the pragma below makes the FMA
// comparisons fail, which is what they are for.
// No contraction of a*b + c into fused multiply-adds, whatever the build flags (fast_math.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "lane_cases.hpp"
#include "random/fast_math.hpp"
#include "random/lane_drivers.hpp"
#include "random/sampler_kernels.hpp"
#include "random/simd.hpp"

namespace fundsim {
namespace {

using simd::v4d;

using detail::LaneKernel;
constexpr LaneKernel kKernels[] = {LaneKernel::log,
                                   LaneKernel::log1p,
                                   LaneKernel::exp,
                                   LaneKernel::expm1,
                                   LaneKernel::pow,
                                   LaneKernel::deviance,
                                   LaneKernel::stirling_error,
                                   LaneKernel::btrs_h,
                                   LaneKernel::ptrs_setup,
                                   LaneKernel::pow_one_minus};
const char* name(LaneKernel k) {
  static const char* names[] = {
      "log",      "log1p",          "exp",    "expm1",      "pow",
      "deviance", "stirling_error", "btrs_h", "ptrs_setup", "pow_one_minus"};
  return names[static_cast<int>(k)];
}

template <class V>
FUNDSIM_INLINE V apply(LaneKernel k, const V& a, const V& b) {
  return detail::evaluate_kernel(k, a, b);
}

void scalar_plain(LaneKernel k, const double* a, const double* b, double* out, int count) {
  for (int i = 0; i < count; ++i) out[i] = apply(k, a[i], b[i]);
}
// No 4-double vector crosses into the AVX2 functions below (their callees' ABI would differ).
FUNDSIM_INLINE void vector_body(LaneKernel k, const double* a, const double* b, double* out,
                                int count) {
  for (int i = 0; i < count; i += 4) {
    const v4d r =
        apply(k, v4d{a[i], a[i + 1], a[i + 2], a[i + 3]}, v4d{b[i], b[i + 1], b[i + 2], b[i + 3]});
    for (int l = 0; l < 4; ++l) out[i + l] = r[l];
  }
}
void vector_plain(LaneKernel k, const double* a, const double* b, double* out, int count) {
  vector_body(k, a, b, out, count);
}
#if defined(__x86_64__)
[[gnu::target("avx2,fma")]] void scalar_fma(LaneKernel k, const double* a, const double* b,
                                            double* out, int count) {
  for (int i = 0; i < count; ++i) out[i] = apply(k, a[i], b[i]);
}
[[gnu::target("avx2,fma")]] void vector_fma(LaneKernel k, const double* a, const double* b,
                                            double* out, int count) {
  vector_body(k, a, b, out, count);
}
bool fma_available() {
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#else
bool fma_available() {
  return false;
}
#endif

// Inputs per kernel, from a fixed-seed Philox stream: wide ranges plus edge values.
void inputs(LaneKernel k, std::vector<double>& a, std::vector<double>& b) {
  test::CaseGenerator gen(static_cast<std::uint64_t>(k) + 100);
  const int count = 40000;
  a.resize(count);
  b.resize(count);
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> edges = {0.0,
                                     -0.0,
                                     1.0,
                                     -1.0,
                                     0x1p-1074,
                                     0x1p-1022,
                                     1e-300,
                                     0.5,
                                     0x1.fffffffffffffp1023,
                                     inf,
                                     -inf,
                                     nan,
                                     709.78,
                                     -745.1,
                                     -1.0 + 0x1p-53,
                                     0x1.6a09e667f3bcdp-1,
                                     1e-17,
                                     255.0,
                                     256.0};
  for (int i = 0; i < count; ++i) {
    const double u = gen.uniform();
    const double sign = gen.uniform() < 0.5 ? -1.0 : 1.0;
    double x = 0.0, y = 0.0;
    switch (k) {
      case LaneKernel::log:
        x = std::exp2(-1074.0 + 2098.0 * u);
        break;
      case LaneKernel::log1p:
        x = u < 0.5 ? sign * std::exp2(-60.0 + 60.0 * gen.uniform()) : -1.0 + 2.0 * gen.uniform();
        break;
      case LaneKernel::exp:
      case LaneKernel::expm1:
        x = u < 0.5 ? -750.0 + 1462.0 * gen.uniform()
                    : sign * std::exp2(-40.0 + 42.0 * gen.uniform());
        break;
      case LaneKernel::pow:
        x = std::exp2(-200.0 + 400.0 * u);
        y = sign * gen.log_uniform(1e-3, 600.0 / std::max(1.0, std::fabs(std::log(x))));
        break;
      case LaneKernel::stirling_error:
        x = u < 0.5 ? 600.0 * gen.uniform() : gen.log_uniform(1.0, 1e15);
        break;
      case LaneKernel::deviance:
        y = gen.log_uniform(1e-3, 1e15);
        x = u < 0.5 ? y * (1.0 + 0.3 * (2.0 * gen.uniform() - 1.0)) : gen.log_uniform(1e-3, 1e15);
        break;
      case LaneKernel::pow_one_minus:
        x = 1.0 + 199.0 * u;
        y = std::min(0.5, 9.99 / x * gen.uniform());
        break;
      case LaneKernel::btrs_h:
        x = gen.log_uniform(30.0, 1e12);
        y = std::max(15.0 / x, 0.5 * gen.uniform());
        break;
      case LaneKernel::ptrs_setup:
        x = gen.log_uniform(10.0, 1e15);
        break;
    }
    if (i < static_cast<int>(edges.size()) && k <= LaneKernel::pow)
      x = edges[static_cast<std::size_t>(i)];
    a[static_cast<std::size_t>(i)] = x;
    b[static_cast<std::size_t>(i)] = y;
  }
}

void expect_same_bits(const std::vector<double>& want, const std::vector<double>& got,
                      const std::vector<double>& a, const std::vector<double>& b,
                      const std::string& what) {
  int mismatches = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::bit_cast<std::uint64_t>(want[i]) != std::bit_cast<std::uint64_t>(got[i])) {
      if (++mismatches <= 3) {
        ADD_FAILURE() << what << ": inputs " << a[i] << ", " << b[i] << " gave " << got[i]
                      << " instead of " << want[i];
      }
    }
  }
  EXPECT_EQ(mismatches, 0) << what;
}

TEST(VectorIdentity, FourLanesEqualScalarBitwise) {
  for (LaneKernel k : kKernels) {
    std::vector<double> a, b;
    inputs(k, a, b);
    const int n = static_cast<int>(a.size());
    std::vector<double> want(a.size()), got(a.size());
    scalar_plain(k, a.data(), b.data(), want.data(), n);
    vector_plain(k, a.data(), b.data(), got.data(), n);
    expect_same_bits(want, got, a, b, std::string(name(k)) + " 4 lanes (plain x86-64)");
  }
}

// The library's own compiled variants (lane_samplers.cpp: plain x86-64 and AVX2) agree with each
// other and with the kernels compiled here.
TEST(VectorIdentity, LibraryVariantsEqualBitwise) {
  for (LaneKernel k : kKernels) {
    std::vector<double> a, b;
    inputs(k, a, b);
    const int n = static_cast<int>(a.size());
    std::vector<double> want(a.size());
    scalar_plain(k, a.data(), b.data(), want.data(), n);
    for (auto target : test::lane_targets_to_test()) {
      std::vector<double> got(a.size());
      for (int i = 0; i < n; i += 4) {
        LaneArray<double> la, lb, out;
        for (int l = 0; l < 4; ++l) {
          la[l] = a[static_cast<std::size_t>(i + l)];
          lb[l] = b[static_cast<std::size_t>(i + l)];
        }
        detail::evaluate_lane_kernel(target, k, la, lb, out);
        for (int l = 0; l < 4; ++l) got[static_cast<std::size_t>(i + l)] = out[l];
      }
      expect_same_bits(want, got, a, b,
                       std::string(name(k)) + " library variant " +
                           (target == detail::LaneTarget::avx2 ? "avx2" : "baseline"));
    }
  }
}

TEST(VectorIdentity, FmaCapableCodeEqualsPlainBitwise) {
  if (!fma_available()) GTEST_SKIP() << "this CPU has no AVX2 + FMA: comparison not possible";
#if defined(__x86_64__)
  for (LaneKernel k : kKernels) {
    std::vector<double> a, b;
    inputs(k, a, b);
    const int n = static_cast<int>(a.size());
    std::vector<double> want(a.size()), got(a.size());
    scalar_plain(k, a.data(), b.data(), want.data(), n);
    scalar_fma(k, a.data(), b.data(), got.data(), n);
    expect_same_bits(want, got, a, b, std::string(name(k)) + " scalar (AVX2 + FMA)");
    vector_fma(k, a.data(), b.data(), got.data(), n);
    expect_same_bits(want, got, a, b, std::string(name(k)) + " 4 lanes (AVX2 + FMA)");
  }
#endif
}

#if defined(__x86_64__)
[[gnu::target("avx2,fma")]] void binomial_lanes_fma(const LaneArray<std::int64_t>& n,
                                                    const LaneArray<double>& p, Stream& s,
                                                    LaneArray<std::int64_t>& out) {
  detail::binomial_lanes_body(n, p, kAllLanes, s, out);
}
[[gnu::target("avx2,fma")]] void poisson_lanes_fma(const LaneArray<double>& mean, Stream& s,
                                                   LaneArray<std::int64_t>& out) {
  detail::poisson_lanes_body(mean, kAllLanes, s, out);
}
#endif

// The whole lane samplers compiled with FMA available equal the library's one-lane samplers.
TEST(VectorIdentity, FmaCapableLaneSamplersEqualOneLane) {
  if (!fma_available()) GTEST_SKIP() << "this CPU has no AVX2 + FMA: comparison not possible";
#if defined(__x86_64__)
  test::CaseGenerator gen(77);
  for (std::uint64_t c = 0; c < 20000; ++c) {
    LaneArray<std::int64_t> n, out;
    LaneArray<double> p, mean;
    for (int l = 0; l < kSamplerLanes; ++l) {
      gen.binomial(n[l], p[l]);
      mean[l] = gen.poisson_mean();
    }
    const Stream stream({78, c}, Domain::model, 3);
    Stream s1 = stream;
    binomial_lanes_fma(n, p, s1, out);
    for (int l = 0; l < kSamplerLanes; ++l) {
      Stream copy = stream;
      ASSERT_EQ(out[l], sample_binomial(n[l], p[l], copy)) << c << " n=" << n[l] << " p=" << p[l];
    }
    Stream s2 = stream;
    poisson_lanes_fma(mean, s2, out);
    for (int l = 0; l < kSamplerLanes; ++l) {
      Stream copy = stream;
      ASSERT_EQ(out[l], sample_poisson(mean[l], copy)) << c << " mean=" << mean[l];
    }
  }
#endif
}

}  // namespace
}  // namespace fundsim

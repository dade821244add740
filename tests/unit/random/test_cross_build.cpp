// Digests of kernel values computed by the library (fast_math, log-pmfs) and of sampler draws
// (one-lane and lane samplers), pinned: every build must reproduce them bit for bit, whatever the
// compiler flags (-march=native, AVX2/FMA targets, -O levels) or the CPU, which is what lets MPI
// ranks on different nodes agree. The values come from the first build of this code (GCC 12, -O3,
// x86-64); they change only if an algorithm changes (then update them deliberately, with the golden
// files), never to make a failure on some build go away: that failure is the bug this test exists
// to find.
// The inputs below are computed with arithmetic too: under -march=native GCC would fuse e.g.
// -30 + 60 u into an FMA and change them, so this file is compiled without contraction, like
// every unit whose floating-point results must not depend on the build.
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
#include <cstdio>

#include "lane_cases.hpp"
#include "random/lane_samplers.hpp"
#include "random/log_pmf.hpp"
#include "random/samplers.hpp"

namespace fundsim {
namespace {

struct Digest {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL;
  void add(std::uint64_t x) {  // SplitMix64-style mixing: any changed bit changes the digest
    h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h = (h ^ (h >> 31)) * 0xbf58476d1ce4e5b9ULL;
  }
  void add(double x) { add(std::bit_cast<std::uint64_t>(x)); }
};

// Values computed inside the library (both lane variants, and the log-pmfs of samplers.cpp):
// contraction or another instruction selection in any of its units changes their bits.
std::uint64_t kernel_digest() {
  test::CaseGenerator gen(901);
  Digest d;
  for (int i = 0; i < 5000; ++i) {
    LaneArray<double> a, b, out;
    for (int l = 0; l < kSamplerLanes; ++l) {
      a[l] = std::exp2(-30.0 + 60.0 * gen.uniform());
      b[l] = 0.5 * gen.uniform();
    }
    for (int k = 0; k <= static_cast<int>(detail::LaneKernel::pow_one_minus); ++k) {
      const auto kernel = static_cast<detail::LaneKernel>(k);
      LaneArray<double> x = a;
      if (kernel == detail::LaneKernel::exp || kernel == detail::LaneKernel::expm1 ||
          kernel == detail::LaneKernel::log1p) {
        for (double& v : x) v = std::log2(v) * 10.0;  // in (-300, 300)
        if (kernel == detail::LaneKernel::log1p) {
          for (double& v : x) v = v / 300.0 - 0.2;
        }
      }
      if (kernel == detail::LaneKernel::pow_one_minus) {
        for (int l = 0; l < kSamplerLanes; ++l) x[l] = 1.0 + std::fmod(a[l], 200.0);
      }
      // The digest holds the plain variant's bits (present on every machine); the AVX2
      // variant, where the CPU has it, must give the same bits.
      detail::evaluate_lane_kernel(detail::LaneTarget::baseline, kernel, x, b, out);
      for (double v : out) d.add(v);
      if (detail::lane_target_supported(detail::LaneTarget::avx2)) {
        LaneArray<double> avx2;
        detail::evaluate_lane_kernel(detail::LaneTarget::avx2, kernel, x, b, avx2);
        for (int l = 0; l < kSamplerLanes; ++l) {
          EXPECT_EQ(std::bit_cast<std::uint64_t>(avx2[l]), std::bit_cast<std::uint64_t>(out[l]))
              << "kernel " << k << " lane " << l << " x=" << x[l] << " b=" << b[l];
        }
      }
    }
    const auto n = static_cast<std::int64_t>(a[0] * 1000.0) + 2;
    const auto k = static_cast<std::int64_t>(static_cast<double>(n) * b[1]);
    d.add(detail::binomial_log_pmf(k, n, b[2] + 1e-3));
    d.add(detail::poisson_log_pmf(k, a[3]));
    d.add(log_factorial(n));
  }
  return d.h;
}

std::uint64_t sampler_digest() {
  test::CaseGenerator gen(902);
  Digest d;
  for (std::uint64_t c = 0; c < 5000; ++c) {
    LaneArray<std::int64_t> n, out;
    LaneArray<double> p, mean;
    for (int l = 0; l < kSamplerLanes; ++l) {
      gen.binomial(n[l], p[l]);
      mean[l] = gen.poisson_mean();
    }
    const Stream stream({903, c}, Domain::model, 1);
    Stream s1 = stream, s2 = stream, s3 = stream, s4 = stream;
    sample_binomial_lanes(n, p, kAllLanes, s1, out);
    for (auto k : out) d.add(static_cast<std::uint64_t>(k));
    sample_poisson_lanes(mean, kAllLanes, s2, out);
    for (auto k : out) d.add(static_cast<std::uint64_t>(k));
    d.add(static_cast<std::uint64_t>(sample_binomial(n[0], p[0], s3)));
    d.add(static_cast<std::uint64_t>(sample_poisson(mean[1], s4)));
  }
  return d.h;
}

TEST(CrossBuild, PinnedDigests) {
  const std::uint64_t fm_digest = kernel_digest();
  const std::uint64_t draws_digest = sampler_digest();
  std::printf("kernel digest %016llx, sampler digest %016llx\n",
              static_cast<unsigned long long>(fm_digest),
              static_cast<unsigned long long>(draws_digest));
  EXPECT_EQ(fm_digest, 0x9b4906bc31a9c52aULL);
  EXPECT_EQ(draws_digest, 0xad19b3687e9393a1ULL);
}

}  // namespace
}  // namespace fundsim

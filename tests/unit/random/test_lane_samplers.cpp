// The lane samplers against the one-lane samplers: every active lane must be bitwise what the
// one-lane sampler returns on a copy of the same stream, on both compiled variants (plain
// x86-64 and AVX2), for parameters covering every regime and mixes of regimes across lanes.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "errors.hpp"
#include "lane_cases.hpp"
#include "random/lane_samplers.hpp"
#include "random/samplers.hpp"
#include "random/stream.hpp"

namespace fundsim {
namespace {

using detail::LaneTarget;

constexpr std::int64_t kUntouched = -777;

std::string target_name(LaneTarget t) {
  return t == LaneTarget::avx2 ? "avx2" : "baseline";
}

// A stream for case c: half of the cases with the first block precomputed, as the engine does.
Stream case_stream(std::uint64_t seed, std::uint64_t c) {
  const StreamKey key{seed, c};
  if (c % 2 == 0) return Stream(key, Domain::model, c);
  return Stream(key, Domain::model, c, Stream::first_block(key, Domain::model, c));
}

// Checks one call: active lanes equal the one-lane sampler on a copy, others untouched.
void expect_binomial_lanes_match(LaneTarget target, const LaneArray<std::int64_t>& n,
                                 const LaneArray<double>& p, LaneMask active, const Stream& stream,
                                 const std::string& where) {
  LaneArray<std::int64_t> out;
  out.fill(kUntouched);
  Stream shared = stream;
  detail::sample_binomial_lanes_on(target, n, p, active, shared, out);
  for (int l = 0; l < kSamplerLanes; ++l) {
    if ((active >> l) & 1u) {
      Stream copy = stream;
      ASSERT_EQ(out[l], sample_binomial(n[l], p[l], copy))
          << where << " " << target_name(target) << " lane " << l << " n=" << n[l] << " p=" << p[l];
    } else {
      ASSERT_EQ(out[l], kUntouched) << where << " lane " << l;
    }
  }
}

void expect_poisson_lanes_match(LaneTarget target, const LaneArray<double>& mean, LaneMask active,
                                const Stream& stream, const std::string& where) {
  LaneArray<std::int64_t> out;
  out.fill(kUntouched);
  Stream shared = stream;
  detail::sample_poisson_lanes_on(target, mean, active, shared, out);
  for (int l = 0; l < kSamplerLanes; ++l) {
    if ((active >> l) & 1u) {
      Stream copy = stream;
      ASSERT_EQ(out[l], sample_poisson(mean[l], copy))
          << where << " " << target_name(target) << " lane " << l << " mean=" << mean[l];
    } else {
      ASSERT_EQ(out[l], kUntouched) << where << " lane " << l;
    }
  }
}

TEST(LaneSamplers, BothVariantsAreTested) {
  // The baseline always; AVX2 on this machine if it has it (printed, so a run without AVX2 is
  // visible in the log rather than silently covering less).
  const auto targets = test::lane_targets_to_test();
  ASSERT_GE(targets.size(), 1u);
  std::printf("lane variants tested: %zu (avx2 %s)\n", targets.size(),
              detail::lane_target_supported(LaneTarget::avx2) ? "yes" : "not supported here");
}

// Independent random parameters per lane: every mix of regimes, random active masks.
TEST(LaneSamplers, BinomialMixedRegimesEqualOneLane) {
  test::CaseGenerator gen(41);
  for (std::uint64_t c = 0; c < 30000; ++c) {
    LaneArray<std::int64_t> n;
    LaneArray<double> p;
    for (int l = 0; l < kSamplerLanes; ++l) gen.binomial(n[l], p[l]);
    const auto active = c % 4 == 0 ? static_cast<LaneMask>(gen.integer(0, 15)) : kAllLanes;
    const Stream stream = case_stream(42, c);
    for (LaneTarget t : test::lane_targets_to_test()) {
      expect_binomial_lanes_match(t, n, p, active, stream, "case " + std::to_string(c));
    }
  }
}

// Similar scenarios: one parameter set per case, each lane within +-5% of it (the common
// case, where lanes mostly accept together and share the slow path).
TEST(LaneSamplers, BinomialSimilarLanesEqualOneLane) {
  test::CaseGenerator gen(43);
  for (std::uint64_t c = 0; c < 30000; ++c) {
    std::int64_t n0;
    double p0;
    gen.binomial(n0, p0);
    LaneArray<std::int64_t> n;
    LaneArray<double> p;
    for (int l = 0; l < kSamplerLanes; ++l) {
      n[l] = n0 <= 0 ? n0 : static_cast<std::int64_t>(gen.jitter(static_cast<double>(n0), 0.05));
      p[l] = p0 == 0.0 || p0 == 1.0 ? p0 : std::min(1.0, gen.jitter(p0, 0.05));
    }
    const Stream stream = case_stream(44, c);
    for (LaneTarget t : test::lane_targets_to_test()) {
      expect_binomial_lanes_match(t, n, p, kAllLanes, stream, "case " + std::to_string(c));
    }
  }
}

TEST(LaneSamplers, PoissonMixedAndSimilarLanesEqualOneLane) {
  test::CaseGenerator gen(45);
  for (std::uint64_t c = 0; c < 40000; ++c) {
    LaneArray<double> mean;
    if (c % 2 == 0) {
      for (double& m : mean) m = gen.poisson_mean();
    } else {
      const double m0 = gen.poisson_mean();
      for (double& m : mean) m = std::min(kMaxPoissonMean, gen.jitter(m0, 0.05));
    }
    const auto active = c % 3 == 0 ? static_cast<LaneMask>(gen.integer(0, 15)) : kAllLanes;
    const Stream stream = case_stream(46, c);
    for (LaneTarget t : test::lane_targets_to_test()) {
      expect_poisson_lanes_match(t, mean, active, stream, "case " + std::to_string(c));
    }
  }
}

// The public entry points (which pick the variant) agree too.
TEST(LaneSamplers, DispatchedEntryPointsEqualOneLane) {
  test::CaseGenerator gen(47);
  for (std::uint64_t c = 0; c < 500; ++c) {
    LaneArray<std::int64_t> n, out_b, out_p;
    LaneArray<double> p, mean;
    for (int l = 0; l < kSamplerLanes; ++l) {
      gen.binomial(n[l], p[l]);
      mean[l] = gen.poisson_mean();
    }
    const Stream stream = case_stream(48, c);
    Stream s1 = stream, s2 = stream;
    sample_binomial_lanes(n, p, kAllLanes, s1, out_b);
    sample_poisson_lanes(mean, kAllLanes, s2, out_p);
    for (int l = 0; l < kSamplerLanes; ++l) {
      Stream c1 = stream, c2 = stream;
      ASSERT_EQ(out_b[l], sample_binomial(n[l], p[l], c1)) << c;
      ASSERT_EQ(out_p[l], sample_poisson(mean[l], c2)) << c;
    }
  }
}

// Rare paths forced by choosing the first uniforms (u + 1/2, v):
// BTRS candidates k = 0 and k = n reach the edge test only for us < 0.07 (u near -1/2 or
// +1/2) or v > v_r; a first uniform near 1 puts inversion in the rounding gap above the last
// cdf value, where the one-lane sampler redraws (the lane sampler then falls back to it).
TEST(LaneSamplers, RarePathsEqualOneLane) {
  std::vector<std::array<double, 4>> firsts;
  for (double u : {1e-15, 1e-9, 1e-6, 1e-4, 1e-3, 0.005, 0.02, 0.98, 0.995, 0.999, 1.0 - 1e-6,
                   1.0 - 1e-12, 1.0 - 1e-15, 1.0}) {
    for (double v : {0.001, 0.5, 0.97, 0.99999}) firsts.push_back({u, v, 0.5, 0.5});
  }
  const LaneArray<std::int64_t> n_small = {21, 25, 30, 40};
  const LaneArray<double> p_small = {0.48, 0.45, 0.4, 0.5};  // BTRS, k = n reachable
  const LaneArray<std::int64_t> n_mixed = {20, 1000, 60000, 3};
  const LaneArray<double> p_mixed = {0.499, 0.009, 0.93, 0.9};  // BTRS x3, inversion
  const LaneArray<double> means = {9.99, 10.0, 37.5, 0.7};
  for (std::size_t i = 0; i < firsts.size(); ++i) {
    const Stream stream = test::stream_starting_with(firsts[i]);
    for (LaneTarget t : test::lane_targets_to_test()) {
      const std::string where = "first uniforms " + std::to_string(i);
      expect_binomial_lanes_match(t, n_small, p_small, kAllLanes, stream, where);
      expect_binomial_lanes_match(t, n_mixed, p_mixed, kAllLanes, stream, where);
      expect_poisson_lanes_match(t, means, kAllLanes, stream, where);
    }
  }
}

TEST(LaneSamplers, TrivialLanesUseNoNumbers) {
  const LaneArray<std::int64_t> n = {0, -5, 100, 1000000000000};
  const LaneArray<double> p = {0.5, 0.3, 0.0, 1.0};
  for (LaneTarget t : test::lane_targets_to_test()) {
    Stream s({5, 0}, Domain::model, 0);
    LaneArray<std::int64_t> out;
    detail::sample_binomial_lanes_on(t, n, p, kAllLanes, s, out);
    EXPECT_EQ(out, (LaneArray<std::int64_t>{0, 0, 0, 1000000000000}));
    detail::sample_poisson_lanes_on(t, {0.0, 0.0, -0.0, 0.0}, kAllLanes, s, out);
    EXPECT_EQ(out, (LaneArray<std::int64_t>{0, 0, 0, 0}));
    // Inactive lanes with real parameters draw nothing either.
    detail::sample_poisson_lanes_on(t, {5.0, 50.0, 500.0, 5000.0}, 0u, s, out);
    Stream fresh({5, 0}, Domain::model, 0);
    EXPECT_EQ(s.bits(), fresh.bits());
  }
}

TEST(LaneSamplers, InvalidActiveParametersThrowBeforeAnything) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (LaneTarget t : test::lane_targets_to_test()) {
    Stream s({5, 0}, Domain::model, 0);
    LaneArray<std::int64_t> out;
    out.fill(kUntouched);
    EXPECT_THROW(detail::sample_binomial_lanes_on(t, {10, 10, 10, 10}, {0.5, 0.5, 1.5, 0.5},
                                                  kAllLanes, s, out),
                 NumericError);
    EXPECT_THROW(detail::sample_poisson_lanes_on(t, {1.0, nan, 3.0, 4.0}, kAllLanes, s, out),
                 NumericError);
    EXPECT_THROW(detail::sample_poisson_lanes_on(t, {1.0, 2.0, 3.0, 2e15}, 0b1000u, s, out),
                 NumericError);
    EXPECT_EQ(out, (LaneArray<std::int64_t>{kUntouched, kUntouched, kUntouched, kUntouched}));
    Stream fresh({5, 0}, Domain::model, 0);
    EXPECT_EQ(s.bits(), fresh.bits());
    // Invalid parameters in inactive lanes are not read.
    EXPECT_NO_THROW(detail::sample_binomial_lanes_on(t, {10, 10, 10, 10}, {0.5, nan, 0.5, 0.5},
                                                     0b1101u, s, out));
    EXPECT_NO_THROW(detail::sample_poisson_lanes_on(t, {-1.0, 2.0, 3.0, 4.0}, 0b1110u, s, out));
  }
}

}  // namespace
}  // namespace fundsim

#pragma once
// The bodies of the lane samplers (lane_samplers.hpp), inlined into each compiled variant
// (lane_samplers.cpp). Internal header: include it only from translation units compiled with
// -ffp-contract=off (see fast_math.hpp).
#include <cstdint>

#include "random/lane_samplers.hpp"
#include "random/sampler_detail.hpp"
#include "random/sampler_kernels.hpp"
#include "random/samplers.hpp"
#include "random/simd.hpp"
#include "random/stream.hpp"

namespace fundsim::detail {

// Lanes that need no kernel keep these parameters, so that their (discarded) arithmetic
// stays finite.
inline constexpr double kIdleN = 20.0;
inline constexpr double kIdleP = 0.25;
inline constexpr double kIdleMean = 20.0;

FUNDSIM_INLINE bool lane_on(LaneMask mask, int l) {
  return ((mask >> l) & 1u) != 0;
}

FUNDSIM_INLINE void binomial_lanes_body(const LaneArray<std::int64_t>& n,
                                        const LaneArray<double>& p, LaneMask active, Stream& stream,
                                        LaneArray<std::int64_t>& out) {
  using simd::v4d;
  using simd::v4i;
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (lane_on(active, l) && !(p[l] >= 0.0 && p[l] <= 1.0)) throw_bad_p(n[l], p[l]);
  }
  // Per lane, as sample_binomial: trivial cases, the symmetry p > 1/2, the regime.
  LaneMask inversion = 0, rejection = 0, flipped = 0;
  v4d nd = simd::splat<v4d>(kIdleN);
  v4d pp = simd::splat<v4d>(kIdleP);
  simd::v4u n_bits = simd::splat_bits<v4d>(20);
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (!lane_on(active, l)) continue;
    if (n[l] <= 0 || p[l] == 0.0) {
      out[l] = 0;
      continue;
    }
    if (p[l] == 1.0) {
      out[l] = n[l];
      continue;
    }
    const bool flip = p[l] > 0.5;
    nd[l] = static_cast<double>(n[l]);
    pp[l] = flip ? 1.0 - p[l] : p[l];
    n_bits[l] = static_cast<std::uint64_t>(n[l]);
    if (flip) flipped |= 1u << l;
    (nd[l] * pp[l] < kernels::kInversionLimit ? inversion : rejection) |= 1u << l;
  }
  if ((inversion | rejection) == 0) return;

  v4d k = simd::splat<v4d>(0.0);
  LaneMask redraw = 0;  // inversion lanes whose first uniform fell in the rounding gap
  double u0;
  if (inversion != 0) {
    const Stream entry = stream;
    u0 = stream.uniform();
    const auto g = kernels::binomial_inversion_setup(nd, pp, n_bits);
    v4d ki;
    const v4i ok =
        kernels::binomial_inversion_attempt(g, u0, simd::mask_from_bits<v4d>(inversion), ki);
    k = simd::select(ok, ki, k);
    redraw = inversion & ~simd::bitmask(ok);
    for (int l = 0; l < kSamplerLanes; ++l) {  // ~1e-16 per lane: the one-lane sampler redraws
      if (!lane_on(redraw, l)) continue;
      Stream copy = entry;
      out[l] = sample_binomial(n[l], p[l], copy);
    }
  } else {
    u0 = stream.uniform();
  }
  if (rejection != 0) {
    kernels::Btrs<v4d> g = kernels::btrs_setup(nd, pp);
    auto edge_test = [&](int l, double kd, double ratio) {
      return btrs_edge_accepts(n[l], pp[l], kd, g.md[l], ratio);
    };
    v4i live = simd::mask_from_bits<v4d>(rejection);
    double u = u0 - 0.5;
    for (;;) {
      const double v = stream.uniform();
      v4d kr;
      const v4i accepted = kernels::btrs_attempt(g, u, v, live, edge_test, kr);
      k = simd::select(accepted, kr, k);
      live = live && !accepted;
      if (!simd::any(live)) break;
      u = stream.uniform() - 0.5;
    }
  }
  const LaneMask done = (inversion | rejection) & ~redraw;
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (!lane_on(done, l)) continue;
    const auto kl = static_cast<std::int64_t>(k[l]);
    out[l] = lane_on(flipped, l) ? n[l] - kl : kl;
  }
}

FUNDSIM_INLINE void poisson_lanes_body(const LaneArray<double>& mean, LaneMask active,
                                       Stream& stream, LaneArray<std::int64_t>& out) {
  using simd::v4d;
  using simd::v4i;
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (lane_on(active, l) && !(mean[l] >= 0.0 && mean[l] <= kMaxPoissonMean)) {
      throw_bad_mean(mean[l]);
    }
  }
  LaneMask inversion = 0, rejection = 0;
  v4d m = simd::splat<v4d>(kIdleMean);
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (!lane_on(active, l)) continue;
    if (mean[l] == 0.0) {
      out[l] = 0;
      continue;
    }
    m[l] = mean[l];
    (mean[l] < kernels::kInversionLimit ? inversion : rejection) |= 1u << l;
  }
  if ((inversion | rejection) == 0) return;

  v4d k = simd::splat<v4d>(0.0);
  LaneMask redraw = 0;
  double u0;
  if (inversion != 0) {
    const Stream entry = stream;
    u0 = stream.uniform();
    v4d ki;
    const v4i ok = kernels::poisson_inversion_attempt(m, fm::exp(-m), u0,
                                                      simd::mask_from_bits<v4d>(inversion), ki);
    k = simd::select(ok, ki, k);
    redraw = inversion & ~simd::bitmask(ok);
    for (int l = 0; l < kSamplerLanes; ++l) {
      if (!lane_on(redraw, l)) continue;
      Stream copy = entry;
      out[l] = sample_poisson(mean[l], copy);
    }
  } else {
    u0 = stream.uniform();
  }
  if (rejection != 0) {
    const kernels::Ptrs<v4d> g = kernels::ptrs_setup(m);
    v4i live = simd::mask_from_bits<v4d>(rejection);
    double u = u0 - 0.5;
    for (;;) {
      const double v = stream.uniform();
      v4d kr;
      const v4i accepted = kernels::ptrs_attempt(g, u, v, live, kr);
      k = simd::select(accepted, kr, k);
      live = live && !accepted;
      if (!simd::any(live)) break;
      u = stream.uniform() - 0.5;
    }
  }
  const LaneMask done = (inversion | rejection) & ~redraw;
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (lane_on(done, l)) out[l] = static_cast<std::int64_t>(k[l]);
  }
}

}  // namespace fundsim::detail

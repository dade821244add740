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

// Lane l: the double equal to n[l] (exact: |n| < 2^51 by bit manipulation, larger lanes
// converted one by one).
FUNDSIM_INLINE simd::v4d to_double(const simd::v4i& n) {
  constexpr std::int64_t kExactLimit = std::int64_t{1} << 51;
  simd::v4d d = simd::small_int_to_double<simd::v4d>(reinterpret_cast<simd::v4u>(n));
  if (simd::any((n >= kExactLimit) | (n <= -kExactLimit))) [[unlikely]] {
    for (int l = 0; l < kSamplerLanes; ++l) d[l] = static_cast<double>(n[l]);
  }
  return d;
}
// Lane l: the integer equal to k[l], for integer-valued 0 <= k < 2^63.
FUNDSIM_INLINE simd::v4i to_integer(const simd::v4d& k) {
  constexpr double kShift = 0x1.8p52;
  simd::v4i r = reinterpret_cast<simd::v4i>(simd::to_bits(k + kShift) - simd::to_bits(kShift));
  if (simd::any(k >= 0x1p51)) [[unlikely]] {
    for (int l = 0; l < kSamplerLanes; ++l) r[l] = static_cast<std::int64_t>(k[l]);
  }
  return r;
}
// out[l] = value[l] for the lanes in `lanes`.
FUNDSIM_INLINE void store_lanes(const simd::v4i& value, LaneMask lanes,
                                LaneArray<std::int64_t>& out) {
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (lane_on(lanes, l)) out[l] = value[l];
  }
}

FUNDSIM_INLINE void binomial_lanes_body(const LaneArray<std::int64_t>& n,
                                        const LaneArray<double>& p, LaneMask active, Stream& stream,
                                        LaneArray<std::int64_t>& out) {
  using simd::v4d;
  using simd::v4i;
  const v4d pv = {p[0], p[1], p[2], p[3]};
  const v4i nv = {n[0], n[1], n[2], n[3]};
  const v4i act = simd::mask_from_bits<v4d>(active);
  if (simd::any(act & ~((pv >= 0.0) & (pv <= 1.0)))) [[unlikely]] {  // also NaN
    for (int l = 0; l < kSamplerLanes; ++l) {
      if (lane_on(active, l) && !(p[l] >= 0.0 && p[l] <= 1.0)) throw_bad_p(n[l], p[l]);
    }
  }
  // Per lane, as sample_binomial: trivial cases, the symmetry p > 1/2, the regime.
  const v4i zero = act & ((nv <= 0) | (pv == 0.0));
  const v4i whole = act & ~zero & (pv == 1.0);
  const v4i work = act & ~zero & ~whole;
  const v4i flip = pv > 0.5;
  const v4d nd = simd::select(work, to_double(nv), simd::splat<v4d>(kIdleN));
  const v4d pp = simd::select(work, simd::select(flip, 1.0 - pv, pv), simd::splat<v4d>(kIdleP));
  const simd::v4u n_bits = reinterpret_cast<simd::v4u>(nv);
  const v4i small = nd * pp < kernels::kInversionLimit;
  const LaneMask inversion = simd::bitmask(work & small);
  const LaneMask rejection = simd::bitmask(work & ~small);
  if ((inversion | rejection) == 0) {
    store_lanes(zero ? v4i{} : nv, active, out);
    return;
  }

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
  const v4i kint = to_integer(k);
  const v4i n_minus_k = reinterpret_cast<v4i>(n_bits - reinterpret_cast<simd::v4u>(kint));
  const v4i value = zero ? v4i{} : whole ? nv : flip ? n_minus_k : kint;
  store_lanes(value, active & ~redraw, out);
}

FUNDSIM_INLINE void poisson_lanes_body(const LaneArray<double>& mean, LaneMask active,
                                       Stream& stream, LaneArray<std::int64_t>& out) {
  using simd::v4d;
  using simd::v4i;
  const v4d mv = {mean[0], mean[1], mean[2], mean[3]};
  const v4i act = simd::mask_from_bits<v4d>(active);
  if (simd::any(act & ~((mv >= 0.0) & (mv <= kMaxPoissonMean)))) [[unlikely]] {  // also NaN
    for (int l = 0; l < kSamplerLanes; ++l) {
      if (lane_on(active, l) && !(mean[l] >= 0.0 && mean[l] <= kMaxPoissonMean)) {
        throw_bad_mean(mean[l]);
      }
    }
  }
  const v4i work = act & (mv != 0.0);
  const v4d m = simd::select(work, mv, simd::splat<v4d>(kIdleMean));
  const v4i small = m < kernels::kInversionLimit;
  const LaneMask inversion = simd::bitmask(work & small);
  const LaneMask rejection = simd::bitmask(work & ~small);
  if ((inversion | rejection) == 0) {
    store_lanes(v4i{}, active, out);
    return;
  }

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
  store_lanes(work ? to_integer(k) : v4i{}, active & ~redraw, out);
}

// The kernels by name (LaneKernel), for V = double or v4d.
template <class V>
FUNDSIM_INLINE V evaluate_kernel(LaneKernel kernel, const V& a, const V& b) {
  switch (kernel) {
    case LaneKernel::log:
      return fm::log(a);
    case LaneKernel::log1p:
      return fm::log1p(a);
    case LaneKernel::exp:
      return fm::exp(a);
    case LaneKernel::expm1:
      return fm::expm1(a);
    case LaneKernel::pow:
      return fm::pow(a, b);
    case LaneKernel::deviance:
      return kernels::deviance(a, b);
    case LaneKernel::stirling_error:
      return kernels::stirling_error(simd::floor_nonnegative(a));
    case LaneKernel::btrs_h: {
      const kernels::Btrs<V> g = kernels::btrs_setup(simd::floor_nonnegative(a), b);
      return kernels::btrs_h(g, g.md - 3.0) + g.squeeze_bound * g.alpha;
    }
    case LaneKernel::ptrs_setup: {
      const kernels::Ptrs<V> g = kernels::ptrs_setup(a);
      return (g.inv_alpha * g.squeeze_bound + g.two_a * g.c) * g.squeeze_scale;
    }
    case LaneKernel::pow_one_minus: {
      const V n = simd::floor_nonnegative(a);
      simd::BitsOf<V> bits;
      if constexpr (simd::Lanes<V>::width == 1) {
        bits = static_cast<std::uint64_t>(n);
      } else {
        for (int l = 0; l < simd::kWidth; ++l) bits[l] = static_cast<std::uint64_t>(n[l]);
      }
      return kernels::pow_one_minus(b, n, bits);
    }
  }
  return a;
}

// evaluate_kernel on four lanes, with arrays at the boundary (a function compiled for AVX2 may
// not receive a 4-double vector from one compiled without: clang rejects the ABI change).
FUNDSIM_INLINE void evaluate_kernel_lanes(LaneKernel kernel, const LaneArray<double>& a,
                                          const LaneArray<double>& b, LaneArray<double>& out) {
  const simd::v4d r =
      evaluate_kernel(kernel, simd::v4d{a[0], a[1], a[2], a[3]}, simd::v4d{b[0], b[1], b[2], b[3]});
  for (int l = 0; l < kSamplerLanes; ++l) out[l] = r[l];
}

}  // namespace fundsim::detail

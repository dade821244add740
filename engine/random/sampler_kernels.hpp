#pragma once
// The arithmetic of the exact Poisson and binomial samplers, written once over a value type V
// (simd.hpp): `double` for the one-lane samplers (samplers.cpp), `simd::v4d` for the lane
// samplers (lane_samplers.hpp), so a lane computes bitwise what the one-lane sampler computes
// for its parameters. Branches become masks: a lane that does not need a piece still
// computes it (on harmless values) and the result is selected away.
//
// Algorithms (see samplers.cpp for the papers): sequential-search inversion; PTRS and BTRS,
// Hörmann (1993); log-pmfs as sums of small terms after Loader (2000).
//
// Internal header: include it only from translation units compiled with -ffp-contract=off
// (see fast_math.hpp).
#include <cstdint>

#include "random/factorial_tables.hpp"
#include "random/fast_math.hpp"
#include "random/simd.hpp"

namespace fundsim::kernels {

using simd::BitsOf;
using simd::MaskOf;
using simd::select;
using simd::splat;

inline constexpr double kTwoPi = 6.283185307179586476925;
// Proposals beyond this are rejected before conversion to an integer (their probability
// under any supported mean or n is below 1e-(10^18)).
inline constexpr double kMaxProposal = 0x1.0p62;
// Inversion below this mean (n p for the binomial), transformed rejection from it on.
inline constexpr double kInversionLimit = 10.0;

template <class V>
FUNDSIM_INLINE MaskOf<V> no_lanes() {
  return MaskOf<V>{};
}

// Lane l of the result is table[x[l]] where mask is set (x integer-valued in [0, 2^52)), else
// other[l]. Branch-free: masked-off lanes read table[0].
template <class V>
FUNDSIM_INLINE V gather(const double* table, const V& x, const MaskOf<V>& mask, const V& other) {
  if constexpr (simd::Lanes<V>::width == 1) {
    return mask ? table[static_cast<std::int64_t>(x)] : other;
  } else {
    constexpr double kTwo52 = 0x1p52;  // x + 2^52 holds the integer x in its low bits
    const BitsOf<V> index = simd::to_bits(select(mask, x, splat<V>(0.0)) + kTwo52) -
                            simd::splat_bits<V>(simd::to_bits(kTwo52));
    const V values = {table[index[0]], table[index[1]], table[index[2]], table[index[3]]};
    return select(mask, values, other);
  }
}

// 1/(12x) - 1/(360x^3) + 1/(1260x^5); the next term is below 1e-20 for x >= 256.
template <class V>
FUNDSIM_INLINE V stirling_series(const V& x) {
  const V r = 1.0 / x;
  const V r2 = r * r;
  return r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0)));
}

// log(x!) - [(x + 1/2) log x - x + log(2 pi)/2] for integer-valued x >= 0 (0 at x = 0).
template <class V>
FUNDSIM_INLINE V stirling_error(const V& x) {
  const auto small = x < static_cast<double>(tables::kFactorialTableSize);
  V result = splat<V>(0.0);
  if (!simd::all(small)) result = stirling_series(x);
  if (simd::any(small)) result = gather(tables::kStirlingError.data(), x, small, result);
  return result;
}

// x log(x/m) + m - x for x > 0, m > 0 (Loader's bd0). Near x = m, where the direct form loses
// about eps |x - m| (2e-8 at m = 1e15), it is summed as (Loader 2000)
//   d v + 2 x v sum_{j>=1} v^(2j) / (2j+1) = d v + 2 x v w S(w),   d = x - m, v = d / (x + m),
// w = v^2 < 1/100, S(w) = sum_{i>=0} w^i / (2i+3): terms share a sign, so the relative error is
// ~eps. S is cut after w^7 (the rest is below 1e-17 of it) and evaluated by Estrin's scheme:
// no data-dependent loop, so lanes never wait for each other.
template <class V>
FUNDSIM_INLINE V deviance_far(const V& x, const V& m, const V& d) {
  return x * fm::log1p(d / m) - d;
}
template <class V>
FUNDSIM_INLINE V deviance_near(const V& x, const V& d, const V& s) {
  const V v = d / s;
  const V w = v * v;
  const V w2 = w * w;
  const V w4 = w2 * w2;
  const V series = ((1.0 / 3.0 + (1.0 / 5.0) * w) + w2 * (1.0 / 7.0 + (1.0 / 9.0) * w)) +
                   w4 * ((1.0 / 11.0 + (1.0 / 13.0) * w) + w2 * (1.0 / 15.0 + (1.0 / 17.0) * w));
  return d * v + ((2.0 * x * v) * w) * series;
}
template <class V>
FUNDSIM_INLINE V deviance(const V& x, const V& m) {
  const V d = x - m;
  const V s = x + m;
  const auto near = simd::abs(d) < 0.1 * s;
  // Only the forms some lane needs (computing both always costs more than the branches).
  V result = splat<V>(0.0);
  if (!simd::all(near)) result = deviance_far(x, m, d);
  if (simd::any(near)) result = select(near, deviance_near(x, d, s), result);
  return result;
}

// ---------------------------------------------------------------------------------- inversion

// One attempt of sequential-search inversion with the uniform u, from P(X = 0) = f0, with
// P(X = k + 1) = P(X = k) * ratio(k). Lanes in `lanes` that succeed are returned, with their
// value in kd; a lane fails (and must redraw u) only if rounding left the top ~1e-16 of (0,1)
// unassigned: then f underflows, or k reaches max_k.
template <class V, class Ratio>
FUNDSIM_INLINE MaskOf<V> inversion_attempt(const V& f0, double u, const MaskOf<V>& lanes,
                                           const V& max_k, Ratio ratio, V& kd) {
  V f = f0;
  V cdf = f0;
  kd = splat<V>(0.0);
  auto going = lanes && u > cdf;
  while (simd::any(going)) {
    going = going && kd != max_k;
    const V f_next = f * ratio(kd);
    const V cdf_next = cdf + f_next;
    f = select(going, f_next, f);
    cdf = select(going, cdf_next, cdf);
    kd = select(going, kd + 1.0, kd);
    going = going && f_next != 0.0 && u > cdf_next;
  }
  return lanes && u <= cdf;
}

template <class V>
FUNDSIM_INLINE MaskOf<V> poisson_inversion_attempt(const V& mean, const V& f0, double u,
                                                   const MaskOf<V>& lanes, V& kd) {
  const V unbounded = splat<V>(-1.0);
  return inversion_attempt(
      f0, u, lanes, unbounded, [&](const V& k) { return mean / (k + 1.0); }, kd);
}

// (1 - p)^n for 0 < p <= 1/2. For n < 64 by binary powering, about 3x faster than
// exp(n log1p(-p)): q = fl(1 - p) is corrected by its exact rounding error e = (1 - q) - p
// (1 - q is exact by Sterbenz), using (q + e)^n ~ q^n (1 + n e / q), |n e / q| < 2^-46.
// Measured max relative error 4.8e-15 for n < 64, n p < 10.
template <class V>
FUNDSIM_INLINE V pow_one_minus(const V& p, const V& nd, const BitsOf<V>& n) {
  const auto small = nd < 64.0;
  V result = splat<V>(0.0);
  if (!simd::all(small)) result = fm::exp(nd * fm::log1p(-p));
  if (simd::any(small)) {
    const V q = 1.0 - p;
    const V e = (1.0 - q) - p;
    V power = splat<V>(1.0);
    V base = q;
    for (int j = 0; j < 6; ++j) {
      const auto bit = ((n >> j) & simd::splat_bits<V>(1)) != simd::splat_bits<V>(0);
      power = select(bit, power * base, power);
      base = base * base;
    }
    result = select(small, power * (1.0 + nd * e / q), result);
  }
  return result;
}

// Binomial inversion for 0 < p <= 1/2, n p < 10 (then q^n > 1e-7: no underflow).
template <class V>
struct BinomialInversion {
  V nd;
  V s;   // p / q
  V f0;  // q^n
};
template <class V>
FUNDSIM_INLINE BinomialInversion<V> binomial_inversion_setup(const V& nd, const V& p,
                                                             const BitsOf<V>& n) {
  return {nd, p / (1.0 - p), pow_one_minus(p, nd, n)};
}
template <class V>
FUNDSIM_INLINE MaskOf<V> binomial_inversion_attempt(const BinomialInversion<V>& g, double u,
                                                    const MaskOf<V>& lanes, V& kd) {
  return inversion_attempt(
      g.f0, u, lanes, g.nd, [&](const V& k) { return g.s * (g.nd - k) / (k + 1.0); }, kd);
}

// ---------------------------------------------------------------------------------- PTRS

// PTRS, Hörmann (1993), mean >= 10.
template <class V>
struct Ptrs {
  V mean, b, a, inv_alpha, two_a, c;
  // The squeeze v <= v_r = 0.9277 - 3.6224 / (b - 2), as v (b - 2) <= 0.9277 (b - 2) - 3.6224:
  // no division before the first decision.
  V squeeze_scale, squeeze_bound;
};
template <class V>
FUNDSIM_INLINE Ptrs<V> ptrs_setup(const V& mean) {
  Ptrs<V> g;
  g.mean = mean;
  const V slam = simd::sqrt(mean);
  g.b = 0.931 + 2.53 * slam;
  g.a = -0.059 + 0.02483 * g.b;
  g.inv_alpha = 1.1239 + 1.1328 / (g.b - 3.4);
  g.squeeze_scale = g.b - 2.0;
  g.squeeze_bound = 0.9277 * g.squeeze_scale - 3.6224;
  g.two_a = 2.0 * g.a;
  g.c = mean + 0.43;
  return g;
}

// One PTRS iteration with the uniforms (u + 1/2, v) for the lanes in `live`: returns the
// lanes that accept, with their value in kd.
template <class V>
FUNDSIM_INLINE MaskOf<V> ptrs_attempt(const Ptrs<V>& g, double u, double v, const MaskOf<V>& live,
                                      V& kd) {
  const double us = 0.5 - __builtin_fabs(u);
  // 1/us: one scalar division shared by the lanes, independent of the setup's arithmetic.
  const double inv_us = 1.0 / us;
  const V t = (g.two_a * inv_us + g.b) * u + g.c;
  const auto valid = live && t >= 0.0 && t < kMaxProposal;
  kd = simd::floor_nonnegative(select(valid, t, splat<V>(0.0)));
  const auto squeeze =
      us >= 0.07 ? MaskOf<V>(v * g.squeeze_scale <= g.squeeze_bound) : no_lanes<V>();
  auto accept = valid && squeeze;
  if (us < 0.013 && v > us) return accept;
  const auto slow = valid && !squeeze;
  if (!simd::any(slow)) return accept;
  // log(v inv_alpha / (a/us^2 + b)) <= log f(k) = -mean + k log mean - log k!
  //   = -stirling_error(k) - bd0(k, mean) - log(2 pi k)/2   (k > 0),
  // with the last term moved to the left-hand side to save a log.
  const V ratio = v * g.inv_alpha / (g.a * (inv_us * inv_us) + g.b);
  const auto positive = kd > 0.0;
  const V lhs = fm::log(select(positive, ratio * simd::sqrt(kTwoPi * kd), ratio));
  const V rhs = select(positive, -stirling_error(kd) - deviance(kd, g.mean), -g.mean);
  return accept || (slow && lhs <= rhs);
}

// ---------------------------------------------------------------------------------- BTRS

// BTRS, Hörmann (1993), 0 < p <= 1/2, n p >= 10.
template <class V>
struct Btrs {
  V nd, p, np, nq, b, a, c, alpha, two_a, nd_plus_1, md;
  // The squeeze v <= v_r = 0.92 - 4.2 / b, as v b <= 0.92 b - 4.2: no division before the
  // first decision.
  V squeeze_bound;
  // For the final test, computed when a lane first needs it: H(m) and 1 / (m (n - m)).
  V h_m, inv_mm;
  bool have_h_m = false;
};
template <class V>
FUNDSIM_INLINE Btrs<V> btrs_setup(const V& nd, const V& p) {
  Btrs<V> g;
  g.nd = nd;
  g.p = p;
  const V q = 1.0 - p;
  g.np = nd * p;
  g.nq = nd * q;
  const V spq = simd::sqrt(g.np * q);
  g.b = 1.15 + 2.53 * spq;
  g.a = -0.0873 + 0.0248 * g.b + 0.01 * p;
  g.c = g.np + 0.5;
  g.squeeze_bound = 0.92 * g.b - 4.2;
  g.alpha = (2.83 + 5.1 / g.b) * spq;
  g.two_a = 2.0 * g.a;
  g.nd_plus_1 = nd + 1.0;
  g.md = simd::floor_nonnegative(g.nd_plus_1 * p);  // the mode m
  return g;
}

// H(k) = log f(k) - [stirling_error(n) + log(n / (2 pi)) / 2] + log(k (n-k)) / 2,
// so log f(k) - log f(m) = H(k) - H(m) - log(k (n-k) / (m (n-m))) / 2.
template <class V>
FUNDSIM_INLINE V btrs_h(const Btrs<V>& g, const V& kd) {
  const V rest = g.nd - kd;
  return -stirling_error(kd) - stirling_error(rest) - deviance(kd, g.np) - deviance(rest, g.nq);
}

// One BTRS iteration with the uniforms (u + 1/2, v) for the lanes in `live`: returns the
// lanes that accept, with their value in kd. edge_test(lane, kd, ratio) decides the rare
// k = 0 or k = n candidates of one lane in the slow path.
template <class V, class EdgeTest>
FUNDSIM_INLINE MaskOf<V> btrs_attempt(Btrs<V>& g, double u, double v, const MaskOf<V>& live,
                                      EdgeTest edge_test, V& kd) {
  const double us = 0.5 - __builtin_fabs(u);
  const double inv_us = 1.0 / us;  // as in ptrs_attempt
  // k = floor(t) must be in [0, n].
  const V t = (g.two_a * inv_us + g.b) * u + g.c;
  const auto valid = live && t >= 0.0 && t < g.nd_plus_1;
  kd = simd::floor_nonnegative(select(valid, t, splat<V>(0.0)));
  const auto squeeze = us >= 0.07 ? MaskOf<V>(v * g.b <= g.squeeze_bound) : no_lanes<V>();
  auto accept = valid && squeeze;
  const auto slow = valid && !squeeze;
  if (!simd::any(slow)) return accept;
  // log(v alpha / (a/us^2 + b)) <= log f(k) - log f(m)
  const V ratio = v * g.alpha / (g.a * (inv_us * inv_us) + g.b);
  const auto interior = slow && kd > 0.0 && kd < g.nd;
  if (simd::any(interior)) {
    if (!g.have_h_m) {
      g.h_m = btrs_h(g, g.md);
      g.inv_mm = 1.0 / (g.md * (g.nd - g.md));
      g.have_h_m = true;
    }
    const V lhs = fm::log(ratio * simd::sqrt(kd * (g.nd - kd) * g.inv_mm));
    const V rhs = btrs_h(g, kd) - g.h_m;
    accept = accept || (interior && lhs <= rhs);
  }
  const auto edge = slow && !interior;
  if (simd::any(edge)) {  // k = 0 or k = n: rare (n p >= 10), one lane at a time
    if constexpr (simd::Lanes<V>::width == 1) {
      accept = edge_test(0, kd, ratio);
    } else {
      for (int l = 0; l < simd::kWidth; ++l) {
        if (edge[l] && edge_test(l, kd[l], ratio[l])) accept[l] = -1;
      }
    }
  }
  return accept;
}

}  // namespace fundsim::kernels

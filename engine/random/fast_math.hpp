#pragma once
// fundsim's own log, log1p, exp, expm1 and pow, for one double or four (simd.hpp).
//
// Why not libm: glibc picks FMA or non-FMA variants of exp/log/pow at run time, and other
// libms differ again, so the last bit of a result (and so, rarely, a sampler's accept/reject
// decision) could differ between MPI ranks on different nodes. These functions use only
// + - * /, comparisons, selects and integer bit manipulation, so they give the same bits on
// every x86-64 (or other IEEE) machine, in scalar and in vector form.
//
// REQUIREMENT: every translation unit that calls them (or computes anything that must be the
// same bits on every build) must be compiled without contraction of a*b + c into fused
// multiply-adds, and without -ffast-math. GCC contracts by default in C++ whenever the target
// has FMA (-march=native, an AVX2+FMA function); clang within expressions. A pragma in this
// header cannot prevent it (GCC applies the caller's setting to inlined code), so each unit
// starts, before any #include, with
//   #if defined(__clang__)
//   #pragma clang fp contract(off)
//   #else
//   #pragma GCC optimize("fp-contract=off")
//   #endif
// (as samplers.cpp and lane_samplers.cpp do), or the build passes -ffp-contract=off.
//
// Accuracy (tests/unit/random/test_fast_math.cpp: 300000-500000 points per function against
// long double, itself checked against 50 digits): max errors measured log 0.90, log1p 0.78,
// exp 0.77, expm1 0.82, pow 0.95 ulp (asserted: < 1 ulp; pow < 1.5 ulp, for |y log x| up to
// the overflow threshold). Cost (ns per value, independent calls, 3 GHz): about libm's for
// log, log1p, exp as double (5-7 ns) and 2-3 ns per value four lanes at a time; expm1 13, pow
// 33 (4 lanes: 5 and 12); latency of a dependent exp or log ~21-26 ns (libm's ~14: no FMA).
// Methods: argument reduction by powers of 2 with ln 2 in two parts (Cody and Waite 1980), log
// through s = f/(2+f) and a minimax polynomial in s^2 as in Tang (1990) and Sun's fdlibm, a
// Chebyshev fit for expm1 on |r| <= ln2/2, and for pow a double-double logarithm with
// Dekker's (1971) error-free products (Veltkamp splitting: no FMA needed). Coefficients:
// fast_math_coefficients.hpp (derived with mpmath).
#include <cstdint>

#include "random/fast_math_coefficients.hpp"
#include "random/simd.hpp"

namespace fundsim::fm {
namespace detail {

using simd::BitsOf;
using simd::from_bits;
using simd::MaskOf;
using simd::select;
using simd::splat;
using simd::splat_bits;
using simd::to_bits;

inline constexpr double kRoundShift = 0x1.8p52;  // x + 1.5*2^52 - 1.5*2^52 rounds x to integer
// Mantissas are reduced to [kSqrtHalf, 2 kSqrtHalf): f = m - 1 in [kF0, kF1), |s| < 0.1716.
inline constexpr double kSqrtHalf = 0x1.6a09e667f3bcdp-1;
inline constexpr double kF0 = kSqrtHalf - 1.0;        // exact
inline constexpr double kF1 = 2.0 * kSqrtHalf - 1.0;  // exact
inline constexpr double kMinNormal = 0x1p-1022;

// Error-free transformations: a + b = s + e and a * b = p + e exactly.
// Fast2Sum (Dekker 1971) needs |a| >= |b| or a = 0.
template <class V>
FUNDSIM_INLINE void fast_two_sum(const V& a, const V& b, V& s, V& e) {
  s = a + b;
  e = (a - s) + b;
}
// TwoSum (Knuth 1969): any order.
template <class V>
FUNDSIM_INLINE void two_sum(const V& a, const V& b, V& s, V& e) {
  s = a + b;
  const V bb = s - a;
  e = (a - (s - bb)) + (b - bb);
}
// Veltkamp splitting: a = hi + lo, each with at most 26 significant bits (|a| < 2^995).
template <class V>
FUNDSIM_INLINE void split(const V& a, V& hi, V& lo) {
  const V c = 134217729.0 * a;  // 2^27 + 1
  hi = c - (c - a);
  lo = a - hi;
}
// Dekker's product (1971), exact unless it under- or overflows.
template <class V>
FUNDSIM_INLINE void two_prod(const V& a, const V& b, V& p, V& e) {
  p = a * b;
  V ah, al, bh, bl;
  split(a, ah, al);
  split(b, bh, bl);
  e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

// 2^j for an integer -1022 <= j <= 1023 (two's complement bits).
template <class V>
FUNDSIM_INLINE V pow2(const BitsOf<V>& j) {
  return from_bits((j + splat_bits<V>(1023)) << 52);
}

// x = 2^k (1 + f) for a positive normal x, f in [kF0, kF1): both exact.
template <class V>
FUNDSIM_INLINE void reduce_log(const V& x, V& f, V& kd) {
  using B = BitsOf<V>;
  const B bits = to_bits(x);
  const B biased = (bits - splat_bits<V>(to_bits(kSqrtHalf)) + splat_bits<V>(to_bits(1.0))) >> 52;
  const B k = biased - splat_bits<V>(1023);
  f = from_bits(bits - (k << 52)) - 1.0;
  kd = simd::small_int_to_double<V>(k);
}

// log(2^k (1 + f)) + c for f in [kF0, kF1] and a small correction c:
//   log(1 + f) = 2 atanh(s) = f - f^2/2 + s (f^2/2 + R(s^2)),  s = f / (2 + f),
// arranged (as in fdlibm) so that the largest rounding errors fall on the small terms.
template <class V, class C>
FUNDSIM_INLINE V log_reduced(const V& f, const V& kd, const C& c) {
  using coef::kLogP;
  const V s = f / (2.0 + f);
  const V z = s * s;
  const V w = z * z;
  const V p = (kLogP[0] + kLogP[1] * z) +
              w * ((kLogP[2] + kLogP[3] * z) + w * ((kLogP[4] + kLogP[5] * z) + w * kLogP[6]));
  const V r = z * p;
  const V hfsq = (0.5 * f) * f;
  return kd * coef::kLn2Hi + (f - (hfsq - (s * (hfsq + r) + (kd * coef::kLn2Lo + c))));
}

// Lanes of log/log1p outside the main range: subnormal log arguments, zeros, infinities,
// negative numbers, NaN.
template <class V>
FUNDSIM_INLINE V log_special(const V& x, const V& y_main) {
  V y = y_main;
  const auto sub = x > 0.0 && x < kMinNormal;
  if (simd::any(sub)) {
    V f, kd;
    reduce_log(x * 0x1p54, f, kd);
    y = select(sub, log_reduced(f, kd - 54.0, 0.0), y);
  }
  y = select(x == 0.0, splat<V>(-simd::kInfinity), y);
  y = select(x == simd::kInfinity, x, y);
  y = select(x < 0.0, splat<V>(simd::kQuietNaN), y);
  return select(x != x, x, y);  // NaN in, the same NaN out
}

// Q(r) ~ (expm1(r) - r - r^2/2) / r^3 on |r| <= ln2/2 (Estrin's scheme: short latency).
template <class V>
FUNDSIM_INLINE V exp_poly(const V& r, const V& r2) {
  using coef::kExpQ;
  const V r4 = r2 * r2;
  const V r8 = r4 * r4;
  const V q01 = kExpQ[0] + kExpQ[1] * r;
  const V q23 = kExpQ[2] + kExpQ[3] * r;
  const V q45 = kExpQ[4] + kExpQ[5] * r;
  const V q67 = kExpQ[6] + kExpQ[7] * r;
  const V q89 = kExpQ[8] + kExpQ[9] * r;
  return (q01 + r2 * q23) + r4 * (q45 + r2 * q67) + r8 * q89;
}

// x = k ln2 + r + r_err, |r| <= ln2/2 (1 + 2^-40); expm1(r) = r + r^2/2 + r^3 q.
template <class V>
struct ExpReduced {
  V kd;         // k as a double
  BitsOf<V> k;  // k, two's complement
  V r;
  V r_err;  // the rounding error of r (and any low part of the argument)
  V r2;     // r^2 rounded
  V q;      // Q(r)
};
template <class V>
FUNDSIM_INLINE ExpReduced<V> reduce_exp(const V& x) {
  ExpReduced<V> e;
  const V t = x * coef::kInvLn2 + kRoundShift;
  e.kd = t - kRoundShift;
  e.k = to_bits(t) - splat_bits<V>(to_bits(kRoundShift));
  const V r_hi = x - e.kd * coef::kLn2Hi;  // exact (Sterbenz)
  const V lo = e.kd * coef::kLn2Lo;
  e.r = r_hi - lo;
  e.r_err = (r_hi - e.r) - lo;
  e.r2 = e.r * e.r;
  e.q = exp_poly(e.r, e.r2);
  return e;
}

// exp(r + low) = exp(r) (1 + low) for |low| < 2^-40: 1 + r = hi + err exactly, and
// exp(r) = hi + (err + tail). A low part as large as the pow() one (up to 2^-43) must be scaled
// by exp(r); the reduction error alone (< 2^-54 |r|) need not be.
template <class V, bool kScaleLow>
FUNDSIM_INLINE V exp_reduced(const ExpReduced<V>& e, const V& low_in) {
  V low = low_in;
  V hi, err;
  fast_two_sum(splat<V>(1.0), e.r, hi, err);
  // Ordered for a short dependency chain: r^3 and err + low are ready before q.
  const V tail = 0.5 * e.r2 + (e.r2 * e.r) * e.q;
  if constexpr (kScaleLow) low = (hi + tail) * low;
  return hi + ((err + low) + tail);
}

// y 2^k for -1076 <= k <= 1024, rounded once (two exact steps of at most 2^±538).
template <class V>
FUNDSIM_INLINE V scale(const V& y, const BitsOf<V>& k) {
  const BitsOf<V> k1 = ((k + splat_bits<V>(2048)) >> 1) - splat_bits<V>(1024);
  return (y * pow2<V>(k1)) * pow2<V>(k - k1);
}

template <class V>
FUNDSIM_INLINE V clamp_exp_argument(const V& x, double lo, double hi) {
  const V below = select(x > hi, splat<V>(hi), x);  // NaN stays NaN
  return select(below < lo, splat<V>(lo), below);
}

// exp(x + x_lo), |x_lo| <= 2^-40 |x| or so: the low part joins the reduction error.
template <class V>
FUNDSIM_INLINE V exp_with_low(const V& x_in, const V& x_lo) {
  // Beyond these, exp over- or underflows anyway; clamping keeps k in the range of scale().
  const auto clamped = x_in > 710.0 || x_in < -746.0;
  const V x = clamp_exp_argument(x_in, -746.0, 710.0);
  const ExpReduced<V> e = reduce_exp(x);
  return scale(exp_reduced<V, true>(e, e.r_err + select(clamped, splat<V>(0.0), x_lo)), e.k);
}

// log x = hi + lo with |lo| <= ulp(hi)/2 and relative error about 2^-64 (for pow).
template <class V>
FUNDSIM_INLINE void log_double_double(const V& x, V& hi, V& lo) {
  using coef::kLogP2;
  const auto sub = x < kMinNormal;
  V f, kd;
  reduce_log(select(sub, x * 0x1p54, x), f, kd);
  kd = kd - select(sub, splat<V>(54.0), splat<V>(0.0));
  // s = f / (2 + f) = s + s_lo, to double-double accuracy.
  V d, d_lo;
  fast_two_sum(splat<V>(2.0), f, d, d_lo);
  const V s = f / d;
  V p, p_err;
  two_prod(s, d, p, p_err);
  const V s_lo = (((f - p) - p_err) - s * d_lo) / d;
  // log(1 + f) = 2 s + (2/3) s^3 + s^5 P2(s^2): the first two terms in double-double.
  V z, z_lo;
  two_prod(s, s, z, z_lo);
  V c, c_err;
  two_prod(s, z, c, c_err);
  const V c_lo = c_err + (s * z_lo + (3.0 * z) * s_lo);  // s^3 = c + c_lo
  V b, b_err;
  two_prod(splat<V>(coef::kTwoThirdsHi), c, b, b_err);
  const V b_lo = b_err + (coef::kTwoThirdsHi * c_lo + coef::kTwoThirdsLo * c);
  const V z2 = z * z;
  const V z4 = z2 * z2;
  const V p2 = (kLogP2[0] + kLogP2[1] * z) + z2 * (kLogP2[2] + kLogP2[3] * z) +
               z4 * ((kLogP2[4] + kLogP2[5] * z) + z2 * (kLogP2[6] + kLogP2[7] * z));
  const V tail = (c * z) * p2;
  V h, h_err;
  fast_two_sum(2.0 * s, b, h, h_err);
  const V low = h_err + (2.0 * s_lo + (b_lo + tail));
  V big, big_err;
  two_sum(kd * coef::kLn2Hi, h, big, big_err);  // k ln2_hi is exact
  fast_two_sum(big, big_err + (low + kd * coef::kLn2Lo), hi, lo);
}

}  // namespace detail

// Natural logarithm. log(0) = -inf, log(x < 0) = NaN, log(inf) = inf.
template <class V>
FUNDSIM_INLINE V log(const V& x) {
  V f, kd;
  detail::reduce_log(x, f, kd);
  const V y = detail::log_reduced(f, kd, 0.0);
  if (simd::all(x >= detail::kMinNormal && x < simd::kInfinity)) return y;
  return detail::log_special(x, y);
}

// log(1 + x), accurate for small |x|. log1p(-1) = -inf, log1p(x < -1) = NaN.
template <class V>
FUNDSIM_INLINE V log1p(const V& x) {
  using detail::select;
  const auto inner = x >= detail::kF0 && x < detail::kF1;
  V y;
  if (simd::all(inner)) {
    y = detail::log_reduced(x, simd::splat<V>(0.0), 0.0);  // 1 + x = 2^0 (1 + x): f = x exactly
  } else {
    // u = 1 + x rounded, with its exact error e: log(1 + x) = log(u) + log1p(e/u), e/u < 2^-52.
    V u, e;
    detail::two_sum(simd::splat<V>(1.0), x, u, e);
    V f, kd;
    detail::reduce_log(u, f, kd);
    const V zero = simd::splat<V>(0.0);
    y = detail::log_reduced(select(inner, x, f), select(inner, zero, kd),
                            select(inner, zero, e / u));
  }
  if (simd::all(x > -1.0 && x < simd::kInfinity)) return y;
  return detail::log_special(x + 1.0, y);  // only the sign, zero, inf, NaN of 1 + x matter
}

// e^x. Overflows to inf above 709.78, underflows through the subnormals to 0 below -745.13.
template <class V>
FUNDSIM_INLINE V exp(const V& x) {
  if (simd::all(simd::abs(x) < 708.0)) {  // the usual case: 2^k is a normal number, no clamp
    const detail::ExpReduced<V> e = detail::reduce_exp(x);
    return detail::exp_reduced<V, false>(e, e.r_err) * detail::pow2<V>(e.k);
  }
  // Same value where both apply (scaling by a power of 2 is exact until it over/underflows).
  const V xc = detail::clamp_exp_argument(x, -746.0, 710.0);
  const detail::ExpReduced<V> e = detail::reduce_exp(xc);
  return detail::scale(detail::exp_reduced<V, false>(e, e.r_err), e.k);
}

// e^x - 1, accurate for small |x|. Above 709.78 it is inf; below -50 it rounds to -1.
template <class V>
FUNDSIM_INLINE V expm1(const V& x) {
  using detail::select;
  using detail::splat;
  using detail::splat_bits;
  using B = simd::BitsOf<V>;
  const V xc = detail::clamp_exp_argument(x, -50.0, 710.0);
  const detail::ExpReduced<V> e = detail::reduce_exp(xc);
  // expm1(x) = 2^k (1 + r + r^2/2 + r^3 q) - 1 = t + sc (r + r^2/2 + r^3 q), scaled by 2^k if
  // k > 0, with the exact t = 1 - 2^-k (k > 0), 2^k - 1 (k < 0) or 0, and sc = 2^k if k < 0,
  // else 1. r^2/2 is added exactly (two_prod): results near 1/4 would otherwise lose 0.3 ulp.
  const auto pos = e.kd > 0.0;
  const auto neg = e.kd < 0.0;
  const V zero = splat<V>(0.0);
  const B kpos = select(e.kd > 1000.0, splat_bits<V>(1000), e.k);  // 2^-k below 2^-1000: moot
  const V inv_2k = detail::pow2<V>(splat_bits<V>(0) - kpos);
  const V sc = detail::pow2<V>(select(neg, e.k, splat_bits<V>(0)));  // k >= -73 here
  const V t_pos = select(e.kd <= 53.0, 1.0 - inv_2k, splat<V>(1.0));
  const V t_neg = select(e.kd >= -53.0, sc - 1.0, splat<V>(-1.0));
  const V t = select(pos, t_pos, select(neg, t_neg, zero));
  const V t_lo = select(pos, select(e.kd > 53.0, -inv_2k, zero),
                        select(e.kd < -53.0, sc, zero));  // what t left out
  V sq, sq_err;
  detail::two_prod(e.r, e.r, sq, sq_err);
  V h, err;
  detail::fast_two_sum(t, sc * e.r, h, err);  // |t| >= 1/2 >= |sc r|, or t = 0
  V h2, err2;
  detail::two_sum(h, sc * (0.5 * sq), h2, err2);
  const V small = sc * ((0.5 * sq_err + (sq * e.r) * e.q) + e.r_err);
  const V y = h2 + (err2 + (err + (small + t_lo)));
  return select(pos, detail::scale(y, e.k), y);
}

// x^y for x >= 0 (x < 0 gives NaN), as exp(y log x) with log x and the product in
// double-double. pow(x, 0) = pow(1, y) = 1; pow(0, y) = 0 (y > 0) or inf (y < 0);
// pow(inf, y) = inf (y > 0) or 0 (y < 0); NaN otherwise propagates.
template <class V>
FUNDSIM_INLINE V pow(const V& x, const V& y) {
  using detail::select;
  using detail::splat;
  V log_hi, log_lo;
  detail::log_double_double(x, log_hi, log_lo);
  // |y| > 2^900 over- or underflows unless x = 1 (then log x = 0): clamping keeps the
  // splitting in two_prod finite and changes no result.
  const V yc = detail::clamp_exp_argument(y, -0x1p900, 0x1p900);
  V prod, prod_err;
  detail::two_prod(yc, log_hi, prod, prod_err);
  V result = detail::exp_with_low(prod, prod_err + yc * log_lo);
  const auto regular = x > 0.0 && x < simd::kInfinity && y == y && y != 0.0 && x != 1.0;
  if (simd::all(regular)) return result;
  const V zero = splat<V>(0.0);
  const V inf = splat<V>(simd::kInfinity);
  result = select(x == 0.0, select(y > 0.0, zero, inf), result);
  result = select(x == simd::kInfinity, select(y > 0.0, inf, zero), result);
  result = select(x < 0.0 || x != x || y != y, splat<V>(simd::kQuietNaN), result);
  return select(y == 0.0 || x == 1.0, splat<V>(1.0), result);
}

}  // namespace fundsim::fm

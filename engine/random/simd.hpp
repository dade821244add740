#pragma once
// Value types for code written once and run on one double or on four doubles at a time.
//
// Numerical kernels (fast_math.hpp, sampler_kernels.hpp) are templates over a value type V:
// either `double` or `simd::v4d`, GCC's vector extension of four doubles. Every operation they
// use (+ - * / sqrt, comparisons, selects, integer bit manipulation) is exact or correctly
// rounded in IEEE arithmetic, lane by lane, so lane l of the vector instantiation returns
// bitwise what the double instantiation returns for lane l's inputs, whatever instruction set
// the compiler targets. Two conditions (docs in fast_math.hpp): every translation unit that
// instantiates these kernels is compiled without contraction into fused multiply-adds
// (-ffp-contract=off), and without -ffast-math. Without AVX, GCC splits 4-double operations in
// halves and turns their comparisons into scalar branches: correct but slow, so the 4-lane
// forms are meant for functions compiled for AVX2 (lane_samplers.cpp). Such a function must
// not receive or return a 4-double vector from a function compiled without AVX (clang rejects
// the ABI change): the kernels take vectors by reference and are all inlined.
#include <bit>
#include <cstdint>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Passing 32-byte vectors by value changes the ABI between SSE and AVX code; every function
// here and in the kernels is inlined into its caller, so no vector crosses a call.
#pragma GCC diagnostic ignored "-Wpsabi"

#define FUNDSIM_INLINE inline __attribute__((always_inline))

namespace fundsim::simd {

inline constexpr int kWidth = 4;
typedef double v4d __attribute__((vector_size(32)));
typedef std::int64_t v4i __attribute__((vector_size(32)));   // masks: -1 (true) or 0
typedef std::uint64_t v4u __attribute__((vector_size(32)));  // bit patterns, modular integers

template <class V>
struct Lanes;
template <>
struct Lanes<double> {
  using Mask = bool;
  using Bits = std::uint64_t;
  static constexpr int width = 1;
};
template <>
struct Lanes<v4d> {
  using Mask = v4i;
  using Bits = v4u;
  static constexpr int width = kWidth;
};
template <class V>
using MaskOf = typename Lanes<V>::Mask;
template <class V>
using BitsOf = typename Lanes<V>::Bits;

template <class V>
FUNDSIM_INLINE V splat(double x) {
  if constexpr (Lanes<V>::width == 1) {
    return x;
  } else {
    return V{x, x, x, x};
  }
}
template <class V>
FUNDSIM_INLINE BitsOf<V> splat_bits(std::uint64_t x) {
  if constexpr (Lanes<V>::width == 1) {
    return x;
  } else {
    return BitsOf<V>{x, x, x, x};
  }
}

FUNDSIM_INLINE std::uint64_t to_bits(double x) {
  return std::bit_cast<std::uint64_t>(x);
}
FUNDSIM_INLINE v4u to_bits(const v4d& x) {
  return reinterpret_cast<v4u>(x);
}
FUNDSIM_INLINE double from_bits(std::uint64_t x) {
  return std::bit_cast<double>(x);
}
FUNDSIM_INLINE v4d from_bits(const v4u& x) {
  return reinterpret_cast<v4d>(x);
}

FUNDSIM_INLINE double select(bool m, double a, double b) {
  return m ? a : b;
}
FUNDSIM_INLINE v4d select(const v4i& m, const v4d& a, const v4d& b) {
  return m ? a : b;
}
FUNDSIM_INLINE std::uint64_t select(bool m, std::uint64_t a, std::uint64_t b) {
  return m ? a : b;
}
FUNDSIM_INLINE v4u select(const v4i& m, const v4u& a, const v4u& b) {
  return m ? a : b;
}

FUNDSIM_INLINE bool any(bool m) {
  return m;
}
FUNDSIM_INLINE bool any(const v4i& m) {
  return (m[0] | m[1] | m[2] | m[3]) != 0;
}
FUNDSIM_INLINE bool all(bool m) {
  return m;
}
FUNDSIM_INLINE bool all(const v4i& m) {
  return (m[0] & m[1] & m[2] & m[3]) != 0;
}
// Bit l set if lane l of m is true.
FUNDSIM_INLINE unsigned bitmask(bool m) {
  return m ? 1u : 0u;
}
FUNDSIM_INLINE unsigned bitmask(const v4i& m) {
  return static_cast<unsigned>((m[0] & 1) | (m[1] & 2) | (m[2] & 4) | (m[3] & 8));
}
// The mask whose lane l is bit l of bits.
template <class V>
FUNDSIM_INLINE MaskOf<V> mask_from_bits(unsigned bits) {
  if constexpr (Lanes<V>::width == 1) {
    return (bits & 1u) != 0;
  } else {
    return v4i{-static_cast<std::int64_t>(bits & 1u), -static_cast<std::int64_t>((bits >> 1) & 1u),
               -static_cast<std::int64_t>((bits >> 2) & 1u),
               -static_cast<std::int64_t>((bits >> 3) & 1u)};
  }
}

// Correctly rounded square root (IEEE), lane by lane.
FUNDSIM_INLINE double sqrt(double x) {
  return __builtin_sqrt(x);
}
FUNDSIM_INLINE v4d sqrt(const v4d& x) {
#if defined(__SSE2__)
  // Two 2-double square roots (SSE2 is part of x86-64); the halves are split and joined by
  // shuffles, not through memory.
  typedef double v2d __attribute__((vector_size(16)));
  const v2d lo = _mm_sqrt_pd(__builtin_shufflevector(x, x, 0, 1));
  const v2d hi = _mm_sqrt_pd(__builtin_shufflevector(x, x, 2, 3));
  return __builtin_shufflevector(lo, hi, 0, 1, 2, 3);
#else
  return v4d{__builtin_sqrt(x[0]), __builtin_sqrt(x[1]), __builtin_sqrt(x[2]),
             __builtin_sqrt(x[3])};
#endif
}

FUNDSIM_INLINE double abs(double x) {
  return __builtin_fabs(x);
}
FUNDSIM_INLINE v4d abs(const v4d& x) {
  return from_bits(to_bits(x) & splat_bits<v4d>(0x7fffffffffffffffULL));
}

// The double equal to the integer k (two's complement in 64 bits), |k| < 2^51: exact.
template <class V>
FUNDSIM_INLINE V small_int_to_double(const BitsOf<V>& k) {
  constexpr double kShift = 0x1.8p52;
  return from_bits(k + to_bits(kShift)) - kShift;
}

// floor(x) for 0 <= x < 2^63 (exact); other lanes give unspecified values.
FUNDSIM_INLINE double floor_nonnegative(double x) {
  return static_cast<double>(static_cast<std::int64_t>(x));
}
FUNDSIM_INLINE v4d floor_nonnegative(const v4d& x) {
  constexpr double kTwo52 = 0x1p52;
  const v4d r = (x + kTwo52) - kTwo52;  // x rounded to an integer, for x < 2^52
  const v4d f = r - select(r > x, splat<v4d>(1.0), splat<v4d>(0.0));
  return select(x < kTwo52, f, x);  // from 2^52 on, every double is an integer
}

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
inline constexpr double kQuietNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace fundsim::simd

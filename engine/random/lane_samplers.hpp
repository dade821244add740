#pragma once
// Poisson and binomial draws for four scenarios at once (SIMD lanes), from one shared stream.
//
// Scenarios share random numbers by design (common random numbers, docs/model.md §8): at a
// draw site every scenario reads the same stream, only its parameters differ. The lane
// samplers read that stream once and run each lane's exact sampler on the same sequence of
// uniforms, four lanes per instruction: lane l's result is bitwise what
// sample_binomial(n[l], p[l], copy) (or sample_poisson) returns on a copy of the stream as
// passed. Lanes may mix regimes (inversion, PTRS/BTRS, trivial); similar scenarios accept or
// reject mostly together, which is what makes this fast.
//
// The code is compiled for plain x86-64 and for AVX2, chosen at run time; both give bitwise
// the same results (and the same as the one-lane samplers), see fast_math.hpp. On AVX2 a call
// costs about 2x one one-lane draw, i.e. ~11-27 ns per lane for rejection (PTRS, BTRS) and
// ~18-35 ns per lane for inversion (tests/unit/random/test_sampler_benchmark.cpp prints the
// numbers); without AVX2 the plain variant runs the one-lane sampler lane by lane.
//
// Use from a step that holds four scenarios of one replicate: at each draw site build ONE
// stream (with the site's precomputed first block, as now) and make one call for the four
// scenarios; give lanes that need no draw (mean or n zero, p zero or one) their real
// parameters or leave them out of `active` (either uses no random numbers). Calls with one or
// two active lanes cost nearly as much as four.
#include <array>
#include <cstdint>

#include "random/stream.hpp"

namespace fundsim {

inline constexpr int kSamplerLanes = 4;
template <class T>
using LaneArray = std::array<T, kSamplerLanes>;
// Bit l set: lane l takes part in the call.
using LaneMask = unsigned;
inline constexpr LaneMask kAllLanes = (1u << kSamplerLanes) - 1;

// For every lane l in `active`: out[l] = Binomial(n[l], p[l]) (n <= 0 or p = 0 give 0, p = 1
// gives n, as sample_binomial). Other lanes: out[l] untouched, n[l] and p[l] ignored (any
// value, but initialised: all four are loaded).
// Throws NumericError, before drawing or writing anything, if an active p is not in [0, 1].
// The stream is left advanced by an unspecified amount: give each draw site its own stream.
void sample_binomial_lanes(const LaneArray<std::int64_t>& n, const LaneArray<double>& p,
                           LaneMask active, Stream& stream, LaneArray<std::int64_t>& out);

// For every lane l in `active`: out[l] = Poisson(mean[l]), as sample_poisson. Throws
// NumericError if an active mean is not in [0, kMaxPoissonMean]. Otherwise as above.
void sample_poisson_lanes(const LaneArray<double>& mean, LaneMask active, Stream& stream,
                          LaneArray<std::int64_t>& out);

namespace detail {

// The compiled variants, for tests and benchmarks; the functions above pick the best one
// the CPU supports.
enum class LaneTarget { baseline, avx2 };
bool lane_target_supported(LaneTarget target);
LaneTarget lane_target_in_use();
void sample_binomial_lanes_on(LaneTarget target, const LaneArray<std::int64_t>& n,
                              const LaneArray<double>& p, LaneMask active, Stream& stream,
                              LaneArray<std::int64_t>& out);
void sample_poisson_lanes_on(LaneTarget target, const LaneArray<double>& mean, LaneMask active,
                             Stream& stream, LaneArray<std::int64_t>& out);

// For tests: the numerical kernels as a compiled variant evaluates them, lane by lane (the
// plain variant in double, the AVX2 one four lanes at a time), so that tests can compare the
// bits the library itself computes across variants and builds.
enum class LaneKernel {
  log,             // log a
  log1p,           // log1p a
  exp,             // exp a
  expm1,           // expm1 a
  pow,             // pow(a, b)
  deviance,        // a log(a/b) + b - a
  stirling_error,  // of floor(a)
  btrs_h,          // BTRS's H(m - 3) + squeeze bound for n = floor(a), p = b
  ptrs_setup,      // PTRS's constants for mean a, combined
  pow_one_minus,   // (1 - b)^floor(a)
};
void evaluate_lane_kernel(LaneTarget target, LaneKernel kernel, const LaneArray<double>& a,
                          const LaneArray<double>& b, LaneArray<double>& out);

}  // namespace detail
}  // namespace fundsim

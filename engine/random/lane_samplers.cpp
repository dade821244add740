// The lane samplers in two variants: 4-double vector code compiled for AVX2, used when the CPU
// has it, and for plain x86-64 the one-lane samplers run lane by lane. The vector code uses the
// same kernels as the one-lane samplers, without FMA contraction, so both variants give
// bitwise the same results.
//
// Why explicit variants rather than GCC's target_clones or Highway: the tests must be able to
// run both variants on the same machine and compare them (target_clones offers no way to
// choose a clone), and GCC's vector extensions already give the 4-wide code without another
// dependency.
// No contraction of a*b + c into fused multiply-adds, whatever the build flags (fast_math.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif

#include "random/lane_samplers.hpp"

#include "random/lane_drivers.hpp"

#if defined(__x86_64__) || defined(__i386__)
#define FUNDSIM_LANES_X86 1
#else
#define FUNDSIM_LANES_X86 0
#endif

namespace fundsim {
namespace {

// Plain x86-64 has no 4-double instructions: GCC splits each 4-double operation into halves and
// turns comparisons into scalar branches, slower than the one-lane sampler itself. So this
// variant runs the one-lane sampler on a copy of the stream for each lane (bitwise equal by
// definition).
void binomial_baseline(const LaneArray<std::int64_t>& n, const LaneArray<double>& p,
                       LaneMask active, Stream& stream, LaneArray<std::int64_t>& out) {
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (detail::lane_on(active, l) && !(p[l] >= 0.0 && p[l] <= 1.0))
      detail::throw_bad_p(n[l], p[l]);
  }
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (!detail::lane_on(active, l)) continue;
    Stream copy = stream;
    out[l] = sample_binomial(n[l], p[l], copy);
  }
}
void poisson_baseline(const LaneArray<double>& mean, LaneMask active, Stream& stream,
                      LaneArray<std::int64_t>& out) {
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (detail::lane_on(active, l) && !(mean[l] >= 0.0 && mean[l] <= kMaxPoissonMean)) {
      detail::throw_bad_mean(mean[l]);
    }
  }
  for (int l = 0; l < kSamplerLanes; ++l) {
    if (!detail::lane_on(active, l)) continue;
    Stream copy = stream;
    out[l] = sample_poisson(mean[l], copy);
  }
}

#if FUNDSIM_LANES_X86
[[gnu::target("avx2")]] void binomial_avx2(const LaneArray<std::int64_t>& n,
                                           const LaneArray<double>& p, LaneMask active,
                                           Stream& stream, LaneArray<std::int64_t>& out) {
  detail::binomial_lanes_body(n, p, active, stream, out);
}
[[gnu::target("avx2")]] void poisson_avx2(const LaneArray<double>& mean, LaneMask active,
                                          Stream& stream, LaneArray<std::int64_t>& out) {
  detail::poisson_lanes_body(mean, active, stream, out);
}
#endif

void kernel_baseline(detail::LaneKernel kernel, const LaneArray<double>& a,
                     const LaneArray<double>& b, LaneArray<double>& out) {
  for (int l = 0; l < kSamplerLanes; ++l) out[l] = detail::evaluate_kernel(kernel, a[l], b[l]);
}

#if FUNDSIM_LANES_X86
[[gnu::target("avx2")]] void kernel_avx2(detail::LaneKernel kernel, const LaneArray<double>& a,
                                         const LaneArray<double>& b, LaneArray<double>& out) {
  detail::evaluate_kernel_lanes(kernel, a, b, out);
}
#endif

}  // namespace

namespace detail {

void evaluate_lane_kernel(LaneTarget target, LaneKernel kernel, const LaneArray<double>& a,
                          const LaneArray<double>& b, LaneArray<double>& out) {
#if FUNDSIM_LANES_X86
  if (target == LaneTarget::avx2) return kernel_avx2(kernel, a, b, out);
#endif
  (void)target;
  kernel_baseline(kernel, a, b, out);
}

bool lane_target_supported(LaneTarget target) {
  switch (target) {
    case LaneTarget::baseline:
      return true;
    case LaneTarget::avx2:
#if FUNDSIM_LANES_X86
      return __builtin_cpu_supports("avx2");
#else
      return false;
#endif
  }
  return false;
}

LaneTarget lane_target_in_use() {
  return lane_target_supported(LaneTarget::avx2) ? LaneTarget::avx2 : LaneTarget::baseline;
}

void sample_binomial_lanes_on(LaneTarget target, const LaneArray<std::int64_t>& n,
                              const LaneArray<double>& p, LaneMask active, Stream& stream,
                              LaneArray<std::int64_t>& out) {
#if FUNDSIM_LANES_X86
  if (target == LaneTarget::avx2) return binomial_avx2(n, p, active, stream, out);
#endif
  (void)target;
  binomial_baseline(n, p, active, stream, out);
}

void sample_poisson_lanes_on(LaneTarget target, const LaneArray<double>& mean, LaneMask active,
                             Stream& stream, LaneArray<std::int64_t>& out) {
#if FUNDSIM_LANES_X86
  if (target == LaneTarget::avx2) return poisson_avx2(mean, active, stream, out);
#endif
  (void)target;
  poisson_baseline(mean, active, stream, out);
}

}  // namespace detail

void sample_binomial_lanes(const LaneArray<std::int64_t>& n, const LaneArray<double>& p,
                           LaneMask active, Stream& stream, LaneArray<std::int64_t>& out) {
  detail::sample_binomial_lanes_on(detail::lane_target_in_use(), n, p, active, stream, out);
}

void sample_poisson_lanes(const LaneArray<double>& mean, LaneMask active, Stream& stream,
                          LaneArray<std::int64_t>& out) {
  detail::sample_poisson_lanes_on(detail::lane_target_in_use(), mean, active, stream, out);
}

}  // namespace fundsim

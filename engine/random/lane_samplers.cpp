// The lane samplers, compiled twice: for plain x86-64 (SSE2, each 4-double operation split
// into two) and for AVX2; the AVX2 variant is used when the CPU has it. Both inline the same
// bodies (lane_drivers.hpp) without FMA contraction, so they give bitwise the same results.
//
// Why explicit variants rather than GCC's target_clones or Highway: the tests must be able to
// run both variants on the same machine and compare them (target_clones offers no way to
// choose a clone), and GCC's vector extensions already give the 4-wide code without
// another dependency.
#pragma GCC optimize("fp-contract=off")  // see fast_math.hpp: no FMA contraction, ever

#include "random/lane_samplers.hpp"

#include "random/lane_drivers.hpp"

#if defined(__x86_64__) || defined(__i386__)
#define FUNDSIM_LANES_X86 1
#else
#define FUNDSIM_LANES_X86 0
#endif

namespace fundsim {
namespace {

void binomial_baseline(const LaneArray<std::int64_t>& n, const LaneArray<double>& p,
                       LaneMask active, Stream& stream, LaneArray<std::int64_t>& out) {
  detail::binomial_lanes_body(n, p, active, stream, out);
}
void poisson_baseline(const LaneArray<double>& mean, LaneMask active, Stream& stream,
                      LaneArray<std::int64_t>& out) {
  detail::poisson_lanes_body(mean, active, stream, out);
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

}  // namespace

namespace detail {

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

// Micro-benchmarks (printed, not asserted: times depend on the machine and its load):
// the one-lane samplers before (libm, legacy_samplers.cpp) and after (fast_math), the lane
// samplers per lane on both compiled variants, and fast_math against libm.
//
// Times are CPU time of the thread (the machine is shared: wall time would count other jobs).
// Every draw uses a fresh stream whose first Philox block is precomputed, as the engine does
// (one block per draw site and replicate, shared by all scenarios), so the times are the
// samplers' own. The lanes hold four similar scenarios: parameters within 3% of each other.
// No contraction of a*b + c into fused multiply-adds, whatever the build flags (fast_math.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif

#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "legacy_samplers.hpp"
#include "random/fast_math.hpp"
#include "random/lane_samplers.hpp"
#include "random/samplers.hpp"
#include "random/stream.hpp"

namespace fundsim {
namespace {

using detail::LaneTarget;

constexpr int kSites = 4096;
constexpr int kRounds = 40;  // kSites * kRounds draws (or lane calls) per measurement
constexpr double kSpread[kSamplerLanes] = {1.0, 1.02, 0.98, 1.03};

double cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

struct Sites {
  StreamKey key{2024, 7};
  std::vector<Stream::Block> blocks;
  Sites() {
    blocks.reserve(kSites);
    for (int i = 0; i < kSites; ++i) {
      blocks.push_back(Stream::first_block(key, Domain::model, static_cast<std::uint64_t>(i)));
    }
  }
  Stream stream(int i) const {
    return Stream(key, Domain::model, static_cast<std::uint64_t>(i),
                  blocks[static_cast<std::size_t>(i)]);
  }
};

// Best of three: ns per call of body(site) over kSites * kRounds calls.
template <class Body>
double ns_per_call(Body body) {
  double best = 1e300;
  for (int rep = 0; rep < 3; ++rep) {
    std::int64_t sink = 0;
    const double t0 = cpu_ns();
    for (int r = 0; r < kRounds; ++r) {
      for (int i = 0; i < kSites; ++i) sink += body(i);
    }
    const double t1 = cpu_ns();
    EXPECT_NE(sink, -1);  // keeps the work
    best = std::min(best, (t1 - t0) / (kSites * static_cast<double>(kRounds)));
  }
  return best;
}

struct BinomialInput {
  std::int64_t n;
  double p;
  const char* regime;
};
struct PoissonInput {
  double mean;
  const char* regime;
};

TEST(SamplerBenchmark, NanosecondsPerDraw) {
  const Sites sites;
  const bool avx2 = detail::lane_target_supported(LaneTarget::avx2);
  std::printf("\n%-26s %9s %9s %11s %11s\n", "ns per draw", "before", "after", "lane(base)",
              avx2 ? "lane(avx2)" : "lane(n/a)");
  const BinomialInput binomials[] = {{60000, 0.07, "BTRS"},       {60000, 0.009, "BTRS"},
                                     {1000, 0.03, "BTRS"},        {3000, 0.08, "BTRS"},
                                     {200, 0.1, "BTRS"},          {100, 0.03, "inversion"},
                                     {60000, 0.0001, "inversion"}};
  for (const auto& in : binomials) {
    LaneArray<std::int64_t> n;
    LaneArray<double> p;
    for (int l = 0; l < kSamplerLanes; ++l) {
      n[l] = static_cast<std::int64_t>(static_cast<double>(in.n) * kSpread[l]);
      p[l] = in.p * kSpread[kSamplerLanes - 1 - l];
    }
    const double before = ns_per_call([&](int i) {
      Stream s = sites.stream(i);
      return test::legacy::sample_binomial(n[i & 3], p[i & 3], s);
    });
    const double after = ns_per_call([&](int i) {
      Stream s = sites.stream(i);
      return sample_binomial(n[i & 3], p[i & 3], s);
    });
    auto lanes = [&](LaneTarget t) {
      return ns_per_call([&](int i) {
               Stream s = sites.stream(i);
               LaneArray<std::int64_t> out;
               detail::sample_binomial_lanes_on(t, n, p, kAllLanes, s, out);
               return out[0] + out[3];
             }) /
             kSamplerLanes;
    };
    char label[64];
    std::snprintf(label, sizeof label, "Bin(%lld, %g) %s", static_cast<long long>(in.n), in.p,
                  in.regime);
    std::printf("%-26s %9.1f %9.1f %11.1f %11.1f\n", label, before, after,
                lanes(LaneTarget::baseline), avx2 ? lanes(LaneTarget::avx2) : 0.0);
  }
  const PoissonInput poissons[] = {
      {800.0, "PTRS"}, {60000.0, "PTRS"}, {500.0, "PTRS"}, {3.0, "inversion"}};
  for (const auto& in : poissons) {
    LaneArray<double> mean;
    for (int l = 0; l < kSamplerLanes; ++l) mean[l] = in.mean * kSpread[l];
    const double before = ns_per_call([&](int i) {
      Stream s = sites.stream(i);
      return test::legacy::sample_poisson(mean[i & 3], s);
    });
    const double after = ns_per_call([&](int i) {
      Stream s = sites.stream(i);
      return sample_poisson(mean[i & 3], s);
    });
    auto lanes = [&](LaneTarget t) {
      return ns_per_call([&](int i) {
               Stream s = sites.stream(i);
               LaneArray<std::int64_t> out;
               detail::sample_poisson_lanes_on(t, mean, kAllLanes, s, out);
               return out[0] + out[3];
             }) /
             kSamplerLanes;
    };
    char label[64];
    std::snprintf(label, sizeof label, "Poisson(%g) %s", in.mean, in.regime);
    std::printf("%-26s %9.1f %9.1f %11.1f %11.1f\n", label, before, after,
                lanes(LaneTarget::baseline), avx2 ? lanes(LaneTarget::avx2) : 0.0);
  }
  const double block = ns_per_call([&](int i) {
    return static_cast<std::int64_t>(
        Stream::first_block(sites.key, Domain::model, static_cast<std::uint64_t>(i)).v[0] & 1);
  });
  std::printf("(one Philox4x64-10 block, for comparison: %.1f ns)\n", block);
}

// fast_math against libm: ns per value, independent calls (throughput), scalar and 4 lanes
// (the 4-lane form compiled for AVX2 if the CPU has it, else for plain x86-64).
enum class Op { log, log1p, exp, expm1, pow };

template <class V>
FUNDSIM_INLINE V fm_apply(Op op, const V& x) {
  switch (op) {
    case Op::log:
      return fm::log(x);
    case Op::log1p:
      return fm::log1p(x);
    case Op::exp:
      return fm::exp(x);
    case Op::expm1:
      return fm::expm1(x);
    case Op::pow:
      return fm::pow(x, x * 0.0 + 0.37);
  }
  return x;
}
double libm_apply(Op op, double x) {
  switch (op) {
    case Op::log:
      return std::log(x);
    case Op::log1p:
      return std::log1p(x);
    case Op::exp:
      return std::exp(x);
    case Op::expm1:
      return std::expm1(x);
    case Op::pow:
      return std::pow(x, 0.37);
  }
  return x;
}

// The input array is passed through an empty asm statement each round, so the compiler cannot
// hoist the (pure) calls out of the timing loop.
template <class Sum>
double ns_per_value(std::vector<double>& x, Sum sum) {
  double best = 1e300;
  for (int rep = 0; rep < 3; ++rep) {
    double sink = 0.0;
    const double t0 = cpu_ns();
    for (int r = 0; r < 50; ++r) {
      asm volatile("" : : "r"(x.data()) : "memory");
      sink += sum(x);
    }
    const double t1 = cpu_ns();
    EXPECT_FALSE(std::isnan(sink) && x.empty());
    best = std::min(best, (t1 - t0) / (50.0 * static_cast<double>(x.size())));
  }
  return best;
}

double sum_libm(Op op, const std::vector<double>& x) {
  double s = 0.0;
  for (double v : x) s += libm_apply(op, v);
  return s;
}
double sum_fm(Op op, const std::vector<double>& x) {
  double s = 0.0;
  for (double v : x) s += fm_apply(op, v);
  return s;
}
FUNDSIM_INLINE double sum_fm_lanes_body(Op op, const std::vector<double>& x) {
  simd::v4d s = {0.0, 0.0, 0.0, 0.0};
  for (std::size_t i = 0; i + 3 < x.size(); i += 4) {
    s += fm_apply(op, simd::v4d{x[i], x[i + 1], x[i + 2], x[i + 3]});
  }
  return s[0] + s[1] + s[2] + s[3];
}
double sum_fm_lanes_plain(Op op, const std::vector<double>& x) {
  return sum_fm_lanes_body(op, x);
}
#if defined(__x86_64__)
[[gnu::target("avx2")]] double sum_fm_lanes_avx2(Op op, const std::vector<double>& x) {
  return sum_fm_lanes_body(op, x);
}
#endif

TEST(SamplerBenchmark, FastMathNanosecondsPerValue) {
  std::vector<double> pos(4096), small(4096), mid(4096);
  for (std::size_t i = 0; i < pos.size(); ++i) {
    const double t = static_cast<double>(i) / 4096.0;
    pos[i] = 0.01 + 100.0 * t;
    small[i] = -0.3 + 0.7 * t;
    mid[i] = -20.0 + 40.0 * t;
  }
  bool avx2 = false;
#if defined(__x86_64__)
  avx2 = __builtin_cpu_supports("avx2");
#endif
  std::printf("\n%-8s %8s %8s %16s  (ns per value)\n", "", "libm", "fm", "fm 4 lanes/value");
  struct Row {
    const char* name;
    Op op;
    std::vector<double>* x;
  };
  for (const Row& row :
       {Row{"log", Op::log, &pos}, Row{"log1p", Op::log1p, &small}, Row{"exp", Op::exp, &mid},
        Row{"expm1", Op::expm1, &small}, Row{"pow", Op::pow, &pos}}) {
    const Op op = row.op;
    const double lanes = ns_per_value(*row.x, [&](const std::vector<double>& v) {
#if defined(__x86_64__)
      if (avx2) return sum_fm_lanes_avx2(op, v);
#endif
      return sum_fm_lanes_plain(op, v);
    });
    std::printf("%-8s %8.2f %8.2f %16.2f\n", row.name,
                ns_per_value(*row.x, [&](const std::vector<double>& v) { return sum_libm(op, v); }),
                ns_per_value(*row.x, [&](const std::vector<double>& v) { return sum_fm(op, v); }),
                lanes);
  }
}

}  // namespace
}  // namespace fundsim

// Exact Poisson and binomial samplers (see samplers.hpp).
//
// Poisson:  mean < 10   inversion by sequential search (one uniform);
//           mean >= 10  PTRS, Hörmann (1993), Insurance: Mathematics and Economics 12.
// Binomial: p > 1/2 is sampled as n - Binomial(n, 1 - p);
//           n p < 10    inversion by sequential search (one uniform);
//           n p >= 10   BTRS, Hörmann (1993), J. Statist. Comput. Simul. 46.
//
// The final (log) acceptance tests of PTRS and BTRS compare against log f(k) (Poisson) and
// log f(k) - log f(m) (binomial). Written with log-factorials, as in the papers, these are
// differences of numbers of size k log k: for n or mean ~ 1e12..1e15 that cancellation
// loses 1e-3..10 in the log, so the samplers would no longer be exact. The same quantities
// are computed here as sums of small terms (Loader 2000; log_pmf.hpp), which is algebraically
// identical and accurate to ~1e-9 over the whole supported range.
//
// The arithmetic lives in sampler_kernels.hpp, shared with the lane samplers, and uses
// fundsim's own log/exp (fast_math.hpp) instead of libm's, so results do not depend on the
// machine or on the instruction set.
// No contraction of a*b + c into fused multiply-adds, whatever the build flags (fast_math.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif

#include "random/samplers.hpp"

#include <cstdio>
#include <limits>

#include "errors.hpp"
#include "random/log_pmf.hpp"
#include "random/sampler_detail.hpp"
#include "random/sampler_kernels.hpp"

namespace fundsim {
namespace {

constexpr double kHalfLog2Pi = 0.918938533204672741780;  // log(2 pi) / 2

std::int64_t poisson_inversion(double mean, Stream& stream) {
  const double f0 = fm::exp(-mean);
  for (;;) {
    double kd = 0.0;
    if (kernels::poisson_inversion_attempt(mean, f0, stream.uniform(), true, kd)) {
      return static_cast<std::int64_t>(kd);
    }
  }
}

std::int64_t poisson_ptrs(double mean, Stream& stream) {
  const kernels::Ptrs<double> g = kernels::ptrs_setup(mean);
  for (;;) {
    const double u = stream.uniform() - 0.5;
    const double v = stream.uniform();
    double kd = 0.0;
    if (kernels::ptrs_attempt(g, u, v, true, kd)) return static_cast<std::int64_t>(kd);
  }
}

// 0 < p <= 1/2, 0 < n p < 10.
std::int64_t binomial_inversion(std::int64_t n, double p, Stream& stream) {
  const double nd = static_cast<double>(n);
  const auto g = kernels::binomial_inversion_setup(nd, p, static_cast<std::uint64_t>(n));
  for (;;) {
    double kd = 0.0;
    if (kernels::binomial_inversion_attempt(g, stream.uniform(), true, kd)) {
      return static_cast<std::int64_t>(kd);
    }
  }
}

// 0 < p <= 1/2, n p >= 10.
std::int64_t binomial_btrs(std::int64_t n, double p, Stream& stream) {
  kernels::Btrs<double> g = kernels::btrs_setup(static_cast<double>(n), p);
  auto edge_test = [&](int, double kd, double ratio) {
    return detail::btrs_edge_accepts(n, p, kd, g.md, ratio);
  };
  for (;;) {
    const double u = stream.uniform() - 0.5;
    const double v = stream.uniform();
    double kd = 0.0;
    if (kernels::btrs_attempt(g, u, v, true, edge_test, kd)) return static_cast<std::int64_t>(kd);
  }
}

}  // namespace

std::int64_t sample_poisson(double mean, Stream& stream) {
  if (!(mean >= 0.0 && mean <= kMaxPoissonMean)) detail::throw_bad_mean(mean);  // also NaN
  if (mean < kernels::kInversionLimit) {
    if (mean == 0.0) return 0;
    return poisson_inversion(mean, stream);
  }
  return poisson_ptrs(mean, stream);
}

std::int64_t sample_binomial(std::int64_t n, double p, Stream& stream) {
  if (!(p >= 0.0 && p <= 1.0)) detail::throw_bad_p(n, p);  // also NaN
  if (n <= 0 || p == 0.0) return 0;
  if (p == 1.0) return n;
  if (p > 0.5) {
    const double p1 = 1.0 - p;  // exact for p in (1/2, 1)
    if (static_cast<double>(n) * p1 < kernels::kInversionLimit) {
      return n - binomial_inversion(n, p1, stream);
    }
    return n - binomial_btrs(n, p1, stream);
  }
  if (static_cast<double>(n) * p < kernels::kInversionLimit) {
    return binomial_inversion(n, p, stream);
  }
  return binomial_btrs(n, p, stream);
}

double log_factorial(std::int64_t k) {
  if (k < tables::kFactorialTableSize) {
    if (k < 0) return std::numeric_limits<double>::quiet_NaN();
    return tables::kLogFactorial[static_cast<std::size_t>(k)];
  }
  const double x = static_cast<double>(k);
  return (x + 0.5) * fm::log(x) - x + kHalfLog2Pi + kernels::stirling_series(x);
}

namespace detail {

[[noreturn]] void throw_bad_mean(double mean) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "sample_poisson: mean must be finite and in [0, %.17g], got %.17g",
                kMaxPoissonMean, mean);
  throw NumericError(buf);
}

[[noreturn]] void throw_bad_p(std::int64_t n, double p) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "sample_binomial: p must be in [0, 1], got %.17g (n = %lld)", p,
                static_cast<long long>(n));
  throw NumericError(buf);
}

bool btrs_edge_accepts(std::int64_t n, double p, double kd, double md, double ratio) {
  const auto k = static_cast<std::int64_t>(kd);
  const auto m = static_cast<std::int64_t>(md);
  return fm::log(ratio) <= binomial_log_pmf(k, n, p) - binomial_log_pmf(m, n, p);
}

double stirling_error(std::int64_t k) {
  return k <= 0 ? 0.0 : kernels::stirling_error(static_cast<double>(k));
}

double deviance_term(double x, double m) {
  return x == 0.0 ? m : kernels::deviance(x, m);
}

double poisson_log_pmf(std::int64_t k, double mean) {
  if (k == 0) return -mean;
  const double kd = static_cast<double>(k);
  return -kernels::stirling_error(kd) - kernels::deviance(kd, mean) -
         0.5 * fm::log(kernels::kTwoPi * kd);
}

double binomial_log_pmf(std::int64_t k, std::int64_t n, double p) {
  const double nd = static_cast<double>(n);
  if (k == 0) return nd * fm::log1p(-p);
  if (k == n) return nd * fm::log(p);
  const double kd = static_cast<double>(k);
  const double q = 1.0 - p;
  return kernels::stirling_error(nd) - kernels::stirling_error(kd) -
         kernels::stirling_error(nd - kd) - kernels::deviance(kd, nd * p) -
         kernels::deviance(nd - kd, nd * q) -
         0.5 * fm::log(kernels::kTwoPi * kd * ((nd - kd) / nd));
}

}  // namespace detail
}  // namespace fundsim

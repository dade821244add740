// A copy of the samplers as they were before fast_math (engine/random/samplers.cpp at commit
// 37afd64, calling libm's exp/log/log1p), kept for the before/after benchmark and to check that
// the rewrite changed only rare decisions. Not for use outside the tests.
#include "legacy_samplers.hpp"

#include <array>
#include <cmath>

namespace fundsim::test::legacy {
namespace {

constexpr std::int64_t kTableSize = 256;
constexpr double kTwoPi = 6.283185307179586476925;
// Proposals beyond this are rejected before converting to an integer (their
// probability under any supported mean or n is below 1e-(10^18)).
constexpr double kMaxProposal = 0x1.0p62;

struct Tables {
  std::array<double, kTableSize> log_factorial;
  std::array<double, kTableSize> stirling_error;
};

// Computed once (thread-safe static initialisation), immutable afterwards. Long double
// accumulation makes every entry correct to well under 1 ulp of its double value.
const Tables& tables() {
  static const Tables t = [] {
    Tables r{};
    const long double half_log_2pi = 0.5L * std::log(2.0L * 3.141592653589793238462643383279503L);
    long double acc = 0.0L;
    r.log_factorial[0] = 0.0;
    r.stirling_error[0] = 0.0;
    for (std::int64_t k = 1; k < kTableSize; ++k) {
      const long double lk = std::log(static_cast<long double>(k));
      acc += lk;
      r.log_factorial[k] = static_cast<double>(acc);
      r.stirling_error[k] = static_cast<double>(acc - (static_cast<long double>(k) + 0.5L) * lk +
                                                static_cast<long double>(k) - half_log_2pi);
    }
    return r;
  }();
  return t;
}

// 1/(12k) - 1/(360k^3) + 1/(1260k^5); the next term is below 1e-20 for k >= 256.
inline double stirling_series(double x) {
  const double r = 1.0 / x;
  const double r2 = r * r;
  return r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0)));
}

inline double stirling_error_fast(std::int64_t k) {
  if (k < kTableSize) return tables().stirling_error[k];
  return stirling_series(static_cast<double>(k));
}

// x log(x/m) + m - x for x > 0 (Loader's bd0). Near x = m, where the direct form loses
// about eps |x - m| (2e-8 at m = 1e15), it is summed as
//   d v + 2 x sum_{j>=1} v^(2j+1) / (2j+1),   d = x - m, v = d / (x + m),
// whose terms all share a sign and shrink by v^2 < 1/100 per step (relative error ~eps,
// and no log: at large m one or two terms suffice).
inline double deviance_fast(double x, double m) {
  const double d = x - m;
  const double s = x + m;
  if (std::fabs(d) < 0.1 * s) {
    static constexpr double kInvOdd[] = {1.0,        1.0 / 3.0,  1.0 / 5.0,  1.0 / 7.0,
                                         1.0 / 9.0,  1.0 / 11.0, 1.0 / 13.0, 1.0 / 15.0,
                                         1.0 / 17.0, 1.0 / 19.0, 1.0 / 21.0};
    const double v = d / s;
    const double v2 = v * v;
    double result = d * v;
    double term = 2.0 * x * v;
    for (int j = 1; j < 11; ++j) {  // v^20 < 1e-20: converged long before the bound
      term *= v2;
      const double next = result + term * kInvOdd[j];
      if (next == result) break;
      result = next;
    }
    return result;
  }
  return x * std::log1p(d / m) - d;
}

// Sequential-search inversion, 0 < mean < 10.
std::int64_t poisson_inversion(double mean, Stream& stream) {
  const double f0 = std::exp(-mean);
  for (;;) {
    const double u = stream.uniform();
    double f = f0;  // P(X = k)
    double cdf = f0;
    std::int64_t k = 0;
    while (u > cdf) {
      ++k;
      f *= mean / static_cast<double>(k);
      cdf += f;
      // f underflows only if rounding left the top ~1e-16 of (0,1) unassigned; then u
      // is redrawn, which samples the (normalised) computed pmf exactly.
      if (f == 0.0) break;
    }
    if (u <= cdf) return k;
  }
}

// PTRS, mean >= 10.
std::int64_t poisson_ptrs(double mean, Stream& stream) {
  const double slam = std::sqrt(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  // inv_alpha = 1.1239 + 1.1328 / (b - 3.4), v_r = 0.9277 - 3.6224 / (b - 2), one division.
  const double r = 1.0 / ((b - 3.4) * (b - 2.0));
  const double inv_alpha = 1.1239 + 1.1328 * (b - 2.0) * r;
  const double v_r = 0.9277 - 3.6224 * (b - 3.4) * r;
  const double two_a = 2.0 * a;
  const double c = mean + 0.43;
  for (;;) {
    const double u = stream.uniform() - 0.5;
    const double v = stream.uniform();
    const double us = 0.5 - std::fabs(u);
    // k = floor(t); t < 0 means k < 0, and truncation equals floor for t >= 0.
    const double t = (two_a / us + b) * u + c;
    if (!(t >= 0.0)) continue;
    if (us >= 0.07 && v <= v_r) return static_cast<std::int64_t>(t);
    if ((us < 0.013 && v > us) || t >= kMaxProposal) continue;
    const auto k = static_cast<std::int64_t>(t);
    const auto kd = static_cast<double>(k);
    // log(v inv_alpha / (a/us^2 + b)) <= log f(k) = -mean + k log mean - log k!
    const double ratio = v * inv_alpha / (a / (us * us) + b);
    if (k > 0) {
      // log f(k) = -stirling_error(k) - bd0(k, mean) - log(2 pi k)/2; the last term is
      // moved to the left-hand side to save a log.
      if (std::log(ratio * std::sqrt(kTwoPi * kd)) <=
          -stirling_error_fast(k) - deviance_fast(kd, mean))
        return k;
    } else if (std::log(ratio) <= -mean) {
      return 0;
    }
  }
}

// (1 - p)^n for 0 < p <= 1/2. For n < 64 by binary powering, about 3x faster than
// exp(n log1p(-p)) (log1p alone has ~50 cycles latency): q = fl(1 - p) is corrected by its
// exact rounding error e = (1 - q) - p (Fast2Sum; 1 - q is exact by Sterbenz), using
// (q + e)^n = q^n (1 + e/q)^n ~ q^n (1 + n e / q) with |n e / q| < 2^-46. Squaring makes
// the rounding error grow like n * 2^-53: measured max relative error 4.8e-15 for n < 64,
// n p < 10 (exp(n log1p(-p)): 2.7e-15), far below anything a sample could reveal.
inline double pow_one_minus(double p, std::int64_t n) {
  if (n >= 64) return std::exp(static_cast<double>(n) * std::log1p(-p));
  const double q = 1.0 - p;
  const double e = (1.0 - q) - p;
  double result = 1.0;
  double base = q;
  for (std::int64_t j = n;;) {
    if (j & 1) result *= base;
    j >>= 1;
    if (j == 0) break;
    base *= base;
  }
  return result * (1.0 + static_cast<double>(n) * e / q);
}

// Sequential-search inversion, 0 < p <= 1/2, 0 < n p < 10.
std::int64_t binomial_inversion(std::int64_t n, double p, Stream& stream) {
  const double s = p / (1.0 - p);
  // q^n >= exp(-2 log 2 * n p) > 1e-7 here, so no underflow.
  const double f0 = pow_one_minus(p, n);
  for (;;) {
    const double u = stream.uniform();
    double f = f0;  // P(X = k)
    double cdf = f0;
    std::int64_t k = 0;
    while (u > cdf) {
      // k reaches n, or f underflows, only if rounding left the top ~1e-16 of (0,1)
      // unassigned; then u is redrawn, which samples the (normalised) computed pmf exactly.
      if (k == n) break;
      f *= s * static_cast<double>(n - k) / static_cast<double>(k + 1);
      ++k;
      cdf += f;
      if (f == 0.0) break;
    }
    if (u <= cdf) return k;
  }
}

double binomial_log_pmf(std::int64_t k, std::int64_t n, double p) {
  const double nd = static_cast<double>(n);
  if (k == 0) return nd * std::log1p(-p);
  if (k == n) return nd * std::log(p);
  const double kd = static_cast<double>(k);
  const double q = 1.0 - p;
  return stirling_error_fast(n) - stirling_error_fast(k) - stirling_error_fast(n - k) -
         deviance_fast(kd, nd * p) - deviance_fast(nd - kd, nd * q) -
         0.5 * std::log(kTwoPi * kd * ((nd - kd) / nd));
}

// BTRS, 0 < p <= 1/2, n p >= 10.
std::int64_t binomial_btrs(std::int64_t n, double p, Stream& stream) {
  const double nd = static_cast<double>(n);
  const double q = 1.0 - p;
  const double np = nd * p;
  const double nq = nd * q;
  const double spq = std::sqrt(np * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = np + 0.5;
  const double inv_b = 1.0 / b;
  const double v_r = 0.92 - 4.2 * inv_b;
  const double alpha = (2.83 + 5.1 * inv_b) * spq;
  const double two_a = 2.0 * a;
  const double nd_plus_1 = nd + 1.0;
  const auto m = static_cast<std::int64_t>(nd_plus_1 * p);  // floor, as the product is >= 0
  const double md = static_cast<double>(m);

  // H(k) = log f(k) - [stirling_error(n) + log(n / (2 pi)) / 2] + log(k (n-k)) / 2,
  // so log f(k) - log f(m) = H(k) - H(m) - log(k (n-k) / (m (n-m))) / 2.
  auto big_h = [&](std::int64_t k, double kd) {
    return -stirling_error_fast(k) - stirling_error_fast(n - k) - deviance_fast(kd, np) -
           deviance_fast(nd - kd, nq);
  };
  double h_m = 0.0;  // H(m), computed only when the squeeze first fails
  double inv_mm = 0.0;
  bool have_h = false;

  for (;;) {
    const double u = stream.uniform() - 0.5;
    const double v = stream.uniform();
    const double us = 0.5 - std::fabs(u);
    // k = floor(t) must be in [0, n]; truncation equals floor for t >= 0.
    const double t = (two_a / us + b) * u + c;
    if (!(t >= 0.0 && t < nd_plus_1)) continue;
    const auto k = static_cast<std::int64_t>(t);
    if (us >= 0.07 && v <= v_r) return k;
    const auto kd = static_cast<double>(k);
    // log(v alpha / (a/us^2 + b)) <= log f(k) - log f(m)
    const double ratio = v * alpha / (a / (us * us) + b);
    if (k > 0 && k < n) {
      if (!have_h) {
        h_m = big_h(m, md);
        inv_mm = 1.0 / (md * (nd - md));
        have_h = true;
      }
      if (std::log(ratio * std::sqrt(kd * (nd - kd) * inv_mm)) <= big_h(k, kd) - h_m) return k;
    } else if (std::log(ratio) <= binomial_log_pmf(k, n, p) - binomial_log_pmf(m, n, p)) {
      return k;  // k = 0 or k = n: rare (n p >= 10), not worth a fast path
    }
  }
}

}  // namespace

std::int64_t sample_poisson(double mean, Stream& stream) {
  if (mean < 10.0) {
    if (mean == 0.0) return 0;
    return poisson_inversion(mean, stream);
  }
  return poisson_ptrs(mean, stream);
}

std::int64_t sample_binomial(std::int64_t n, double p, Stream& stream) {
  if (n <= 0 || p == 0.0) return 0;
  if (p == 1.0) return n;
  if (p > 0.5) {
    const double p1 = 1.0 - p;  // exact for p in (1/2, 1)
    if (static_cast<double>(n) * p1 < 10.0) return n - binomial_inversion(n, p1, stream);
    return n - binomial_btrs(n, p1, stream);
  }
  if (static_cast<double>(n) * p < 10.0) return binomial_inversion(n, p, stream);
  return binomial_btrs(n, p, stream);
}

}  // namespace fundsim::test::legacy

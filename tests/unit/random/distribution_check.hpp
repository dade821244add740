#pragma once
// Test helpers: exact reference pmfs (built by the ratio recurrences from the mode, in
// long double, then normalised, so they share no code or formula with the samplers'
// rejection steps) and a chi-square goodness-of-fit test with pooled tails.
#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <cstdint>
#include <deque>
#include <vector>

namespace fundsim::test {

// pmf on [lo, lo + p.size()); the mass outside is below ~1e-20 of the mode's.
struct Pmf {
  std::int64_t lo = 0;
  std::vector<double> p;
  std::int64_t hi() const { return lo + static_cast<std::int64_t>(p.size()) - 1; }
};

inline constexpr long double kNegligible = 1e-22L;

// The distribution tests' thresholds: a goodness-of-fit p-value below kMinPValue fails, and so
// does a sample moment more than kSigmas standard errors from the exact one.
inline constexpr double kMinPValue = 1e-4;
inline constexpr double kSigmas = 5.0;

// Builds weights from the mode outward with ratio(k) = w(k+1)/w(k), then normalises.
template <class Up, class Down>
Pmf pmf_from_ratios(std::int64_t mode, std::int64_t min_k, std::int64_t max_k, Up up, Down down) {
  std::deque<long double> w{1.0L};
  std::int64_t lo = mode;
  long double x = 1.0L;
  for (std::int64_t k = mode; k > min_k; --k) {  // w(k-1) = w(k) * down(k)
    x *= down(k);
    if (x < kNegligible) break;
    w.push_front(x);
    lo = k - 1;
  }
  x = 1.0L;
  for (std::int64_t k = mode; k < max_k; ++k) {  // w(k+1) = w(k) * up(k)
    x *= up(k);
    if (x < kNegligible) break;
    w.push_back(x);
  }
  long double total = 0.0L;
  for (long double v : w) total += v;
  Pmf out;
  out.lo = lo;
  out.p.reserve(w.size());
  for (long double v : w) out.p.push_back(static_cast<double>(v / total));
  return out;
}

inline Pmf poisson_pmf(double mean) {
  const long double m = mean;
  const auto mode = static_cast<std::int64_t>(std::floor(mean));
  return pmf_from_ratios(
      mode, 0, INT64_MAX, [m](std::int64_t k) { return m / static_cast<long double>(k + 1); },
      [m](std::int64_t k) { return static_cast<long double>(k) / m; });
}

inline Pmf binomial_pmf(std::int64_t n, double p) {
  const long double pl = p;
  const long double ql = 1.0L - pl;
  const long double nl = static_cast<long double>(n);
  auto mode = static_cast<std::int64_t>(std::floor((nl + 1.0L) * pl));
  mode = std::min(mode, n);
  return pmf_from_ratios(
      mode, 0, n,
      [=](std::int64_t k) {
        return (nl - static_cast<long double>(k)) / static_cast<long double>(k + 1) * pl / ql;
      },
      [=](std::int64_t k) {
        return static_cast<long double>(k) / (nl - static_cast<long double>(k) + 1.0L) * ql / pl;
      });
}

struct ChiSquare {
  double statistic = 0.0;
  int dof = 0;
  double p_value = 1.0;
};

// Pearson chi-square of draws against pmf. Adjacent values are pooled from the left until
// each bin expects >= 5 draws; the first bin also takes everything below pmf.lo and the
// last everything above pmf.hi (a leftover bin expecting < 5 is merged into its neighbour).
inline ChiSquare chi_square(std::vector<std::int64_t> draws, const Pmf& pmf) {
  std::sort(draws.begin(), draws.end());
  const double n = static_cast<double>(draws.size());
  struct Bin {
    std::int64_t last;  // inclusive upper end of the bin (its lower end is the previous last + 1)
    double expected;
  };
  std::vector<Bin> bins;
  double acc = 0.0;
  for (std::size_t i = 0; i < pmf.p.size(); ++i) {
    acc += pmf.p[i] * n;
    if (acc >= 5.0) {
      bins.push_back({pmf.lo + static_cast<std::int64_t>(i), acc});
      acc = 0.0;
    }
  }
  if (bins.empty()) bins.push_back({pmf.hi(), 0.0});
  bins.back().expected += acc;
  bins.back().last = INT64_MAX;  // the last bin is open above
  ChiSquare out;
  auto it = draws.begin();
  for (const Bin& bin : bins) {
    auto end = std::upper_bound(it, draws.end(), bin.last);
    const double observed = static_cast<double>(end - it);
    it = end;
    out.statistic += (observed - bin.expected) * (observed - bin.expected) / bin.expected;
  }
  out.dof = static_cast<int>(bins.size()) - 1;
  out.p_value = out.dof > 0 ? boost::math::gamma_q(0.5 * out.dof, 0.5 * out.statistic) : 1.0;
  return out;
}

struct Moments {
  double mean = 0.0;
  double variance = 0.0;  // unbiased
};

inline Moments moments(const std::vector<std::int64_t>& draws) {
  // Shifted by the first draw to avoid cancellation for large values.
  const double shift = static_cast<double>(draws.front());
  double s1 = 0.0, s2 = 0.0;
  for (std::int64_t x : draws) {
    const double d = static_cast<double>(x) - shift;
    s1 += d;
    s2 += d * d;
  }
  const double n = static_cast<double>(draws.size());
  const double md = s1 / n;
  return {shift + md, (s2 - n * md * md) / (n - 1.0)};
}

}  // namespace fundsim::test

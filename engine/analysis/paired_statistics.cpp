#include "analysis/paired_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace fundsim {

double sorted_quantile(std::span<const double> sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto n = static_cast<double>(sorted.size());
  const auto rank =
      std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(q * n)), 1, sorted.size());
  return sorted[rank - 1];
}

PairedStatistics paired_statistics(std::span<const double> a, std::span<const double> b,
                                   Better better) {
  if (a.size() != b.size()) throw std::invalid_argument("paired_statistics: different lengths");
  PairedStatistics p;
  p.n = a.size();
  std::vector<double> d(a.size());
  double wins = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    d[i] = a[i] - b[i];
    if (better == Better::lower) wins += d[i] < 0 ? 1.0 : d[i] == 0 ? 0.5 : 0.0;
    if (better == Better::higher) wins += d[i] > 0 ? 1.0 : d[i] == 0 ? 0.5 : 0.0;
  }
  // Two passes in a fixed order: the mean, then the sum of squared deviations.
  double sum = 0;
  for (const double x : d) sum += x;
  const double n = static_cast<double>(p.n);
  p.mean = p.n ? sum / n : std::numeric_limits<double>::quiet_NaN();
  double squares = 0;
  for (const double x : d) squares += (x - p.mean) * (x - p.mean);
  p.se = p.n > 1 ? std::sqrt(squares / (n - 1) / n) : std::numeric_limits<double>::quiet_NaN();
  std::sort(d.begin(), d.end());
  for (std::size_t q = 0; q < kSummaryQuantiles.size(); ++q)
    p.quantiles[q] = sorted_quantile(d, kSummaryQuantiles[q]);
  p.prob_better =
      better == Better::none || p.n == 0 ? std::numeric_limits<double>::quiet_NaN() : wins / n;
  return p;
}

}  // namespace fundsim

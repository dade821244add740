#include "analysis/log_histogram.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace fundsim {

double LogHistogram::representative(std::uint32_t bucket) {
  if (bucket < kExact) return static_cast<double>(bucket);
  const std::uint64_t shift = bucket / kExact - 1;
  const std::uint64_t sub = bucket % kExact;
  const double low = std::ldexp(static_cast<double>(kExact + sub), static_cast<int>(shift));
  const double width = std::ldexp(1.0, static_cast<int>(shift));
  return low + (width - 1.0) / 2.0;
}

void LogHistogram::grow_to(std::uint32_t bucket) {
  if (counts_.empty()) {
    first_ = bucket;
    counts_.assign(1, 0);
    return;
  }
  if (bucket < first_) {
    counts_.insert(counts_.begin(), first_ - bucket, 0);
    first_ = bucket;
  } else if (bucket - first_ >= counts_.size()) {
    counts_.resize(bucket - first_ + 1, 0);
  }
}

void LogHistogram::merge(const LogHistogram& other) {
  if (other.counts_.empty()) return;
  grow_to(other.first_);
  grow_to(other.first_ + static_cast<std::uint32_t>(other.counts_.size()) - 1);
  for (std::size_t i = 0; i < other.counts_.size(); ++i) {
    counts_[other.first_ - first_ + i] += other.counts_[i];
  }
}

std::uint64_t LogHistogram::count() const {
  return std::accumulate(counts_.begin(), counts_.end(), std::uint64_t{0});
}

void LogHistogram::quantiles(std::span<const double> levels, std::span<double> out) const {
  const std::uint64_t n = count();
  std::size_t next = 0;
  if (n == 0) {
    for (double& v : out) v = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size() && next < levels.size(); ++i) {
    seen += counts_[i];
    while (next < levels.size()) {
      const auto rank = std::max<std::uint64_t>(
          1, static_cast<std::uint64_t>(std::ceil(levels[next] * static_cast<double>(n))));
      if (seen < rank) break;
      out[next++] = representative(first_ + static_cast<std::uint32_t>(i));
    }
  }
  for (; next < levels.size(); ++next) out[next] = representative(first_ + static_cast<std::uint32_t>(counts_.size()) - 1);
}

double LogHistogram::quantile(double q) const {
  const std::uint64_t n = count();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return representative(first_ + static_cast<std::uint32_t>(i));
  }
  return representative(first_ + static_cast<std::uint32_t>(counts_.size()) - 1);
}

double LogHistogram::value_at_rank(std::uint64_t rank) const {
  if (counts_.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return representative(first_ + static_cast<std::uint32_t>(i));
  }
  return representative(first_ + static_cast<std::uint32_t>(counts_.size()) - 1);
}

double SignedLogHistogram::quantile(double q) const {
  const std::uint64_t negatives = negative_.count();
  const std::uint64_t n = negatives + non_negative_.count();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  const auto rank = std::clamp<std::uint64_t>(
      static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n))), 1, n);
  // Ascending order: the negatives by decreasing magnitude, then the non-negatives.
  if (rank <= negatives) return -negative_.value_at_rank(negatives - rank + 1);
  return non_negative_.value_at_rank(rank - negatives);
}

void SignedLogHistogram::quantiles(std::span<const double> levels, std::span<double> out) const {
  for (std::size_t i = 0; i < levels.size(); ++i) out[i] = quantile(levels[i]);
}

}  // namespace fundsim

#pragma once
// A mergeable quantile sketch for non-negative integers: exact below 128, then 128
// log-linear buckets per power of two (HDR-histogram layout), so a reported quantile is
// within 1/256 (0.39%) of a value of the requested rank. Counts merge by addition, so the
// result does not depend on the order values arrive in (threads, ranks, shards).
#include <cstdint>
#include <span>
#include <vector>

namespace fundsim {

class LogHistogram {
 public:
  static constexpr int kSubBits = 7;
  static constexpr std::uint64_t kExact = std::uint64_t{1} << kSubBits;  // 128

  static std::uint32_t bucket_of(std::uint64_t x) {
    if (x < kExact) return static_cast<std::uint32_t>(x);
    const int top = 63 - __builtin_clzll(x);  // >= kSubBits
    const int shift = top - kSubBits;
    const std::uint64_t sub = (x >> shift) - kExact;
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(shift) + 1) * kExact + sub);
  }
  // Midpoint of the integers a bucket holds.
  static double representative(std::uint32_t bucket);

  void add(std::uint64_t x) {
    const std::uint32_t b = bucket_of(x);
    if (b >= first_ && b - first_ < counts_.size()) {
      ++counts_[b - first_];
    } else {
      grow_to(b);
      ++counts_[b - first_];
    }
  }
  void merge(const LogHistogram& other);
  std::uint64_t count() const;
  // Inverted-CDF quantile: the representative of the bucket holding rank ceil(q * n).
  // Returns NaN when empty.
  double quantile(double q) const;
  // Several levels in one pass; `levels` ascending, out.size() == levels.size().
  void quantiles(std::span<const double> levels, std::span<double> out) const;
  // The representative of the bucket holding the value of 1-based rank `rank` (ascending);
  // rank in 1..count(). NaN when empty.
  double value_at_rank(std::uint64_t rank) const;
  std::size_t buckets() const { return counts_.size(); }

 private:
  friend struct SummaryCodec;
  void grow_to(std::uint32_t bucket);
  std::uint32_t first_ = 0;
  std::vector<std::uint32_t> counts_;  // counts_[i] is bucket first_ + i
};

// The same sketch for signed integers (paired differences): one LogHistogram of the
// magnitudes of negative values and one of the non-negative values. Quantiles keep the
// inverted-CDF rule and the 0.39% relative bound (exact for |x| < 128); merging adds counts,
// so the result does not depend on the order values arrive in.
class SignedLogHistogram {
 public:
  void add(std::int64_t x) {
    if (x < 0) {
      negative_.add(std::uint64_t{0} - static_cast<std::uint64_t>(x));
    } else {
      non_negative_.add(static_cast<std::uint64_t>(x));
    }
  }
  void merge(const SignedLogHistogram& other) {
    negative_.merge(other.negative_);
    non_negative_.merge(other.non_negative_);
  }
  std::uint64_t count() const { return negative_.count() + non_negative_.count(); }
  // Inverted-CDF quantile (value of rank ceil(q n)); NaN when empty.
  double quantile(double q) const;
  void quantiles(std::span<const double> levels, std::span<double> out) const;

 private:
  friend struct SummaryCodec;
  LogHistogram negative_;      // magnitudes of the negative values
  LogHistogram non_negative_;
};

}  // namespace fundsim

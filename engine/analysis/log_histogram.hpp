#pragma once
// A mergeable quantile sketch for non-negative integers: exact below 2^SubBits, then 2^SubBits
// log-linear buckets per power of two (HDR-histogram layout), so a reported quantile is within
// 2^-(SubBits+1) of a value of the requested rank (SubBits = 7: exact below 128, 0.39%).
// Counts merge by addition, so the result does not depend on the order values arrive in
// (threads, ranks, shards). Counts are stored 1, 2 or 4 bytes wide (PackedCounts).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "analysis/packed_counts.hpp"

namespace fundsim {

template <int SubBits>
class BasicLogHistogram {
 public:
  static constexpr int kSubBits = SubBits;
  static constexpr std::uint64_t kExact = std::uint64_t{1} << kSubBits;
  // Buckets of all 64-bit values: the exact ones and kExact per octave above.
  static constexpr std::uint64_t kMaxBuckets = kExact * (64 - kSubBits + 1);

  static std::uint32_t bucket_of(std::uint64_t x) {
    if (x < kExact) return static_cast<std::uint32_t>(x);
    const int top = 63 - __builtin_clzll(x);  // >= kSubBits
    const int shift = top - kSubBits;
    const std::uint64_t sub = (x >> shift) - kExact;
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(shift) + 1) * kExact + sub);
  }
  // Midpoint of the integers a (possibly coarse) bucket holds.
  double representative_of(std::uint32_t bucket) const {
    if (bucket < coarse_from_) return representative(bucket);
    const std::uint32_t fine =
        coarse_from_ + (bucket - coarse_from_) * static_cast<std::uint32_t>(kExact);
    const double low = representative(fine) - (bucket_width(fine) - 1.0) / 2.0;
    const double high = low + bucket_width(fine) * static_cast<double>(kExact) - 1.0;
    return (low + high) / 2.0;
  }
  static double bucket_width(std::uint32_t bucket) {
    return bucket < kExact ? 1.0 : std::ldexp(1.0, static_cast<int>(bucket / kExact - 1));
  }
  // Midpoint of the integers a fine bucket holds.
  static double representative(std::uint32_t bucket) {
    if (bucket < kExact) return static_cast<double>(bucket);
    const std::uint64_t shift = bucket / kExact - 1;
    const std::uint64_t sub = bucket % kExact;
    const double low = std::ldexp(static_cast<double>(kExact + sub), static_cast<int>(shift));
    const double width = std::ldexp(1.0, static_cast<int>(shift));
    return low + (width - 1.0) / 2.0;
  }

  std::uint32_t coarse_bucket_of(std::uint64_t x) const {
    const std::uint32_t b = bucket_of(x);
    return b < coarse_from_
               ? b
               : coarse_from_ + (b - coarse_from_) / static_cast<std::uint32_t>(kExact);
  }
  void add(std::uint64_t x) {
    const std::uint32_t b = coarse_bucket_of(x);
    if (b < first_ || b - first_ >= counts_.size()) grow_to(b);
    counts_.increment(b - first_);
  }
  // Values from the power of two at or above `limit` on get one bucket per octave instead of
  // kExact: memory stops growing with the extremes a long run meets (the far tail, beyond
  // where any reported quantile lies). Only before values are added.
  void coarsen_beyond(std::uint64_t limit) {
    int octave =
        64 - __builtin_clzll(std::max<std::uint64_t>(limit, kExact) - 1);  // 2^octave >= limit
    octave = std::max(octave, kSubBits);
    coarse_from_ = octave >= 63 ? UINT32_MAX : bucket_of(std::uint64_t{1} << octave);
  }
  // Allocates every bucket of the magnitudes low..high now, 2 bytes wide, so that adding them
  // later never allocates until a bucket counts 65,536 values (a pre-sized sketch keeps its
  // memory flat over replicate counts far beyond the pilot).
  void reserve(std::uint64_t low, std::uint64_t high) {
    if (low > high) return;
    std::uint32_t b_low = coarse_bucket_of(low), b_high = coarse_bucket_of(high);
    if (!counts_.empty()) {
      b_low = std::min(b_low, first_);
      b_high = std::max(b_high, last_bucket());
    }
    PackedCounts counts;
    counts.widen_to(std::max(2U, counts_.width()));
    counts.assign_zeros(b_high - b_low + 1);  // exactly this capacity
    if (!counts_.empty()) counts.add_from(counts_, first_ - b_low);
    counts_ = std::move(counts);
    first_ = b_low;
  }
  // Bytes held by the counts (capacity, not size).
  std::size_t allocated_bytes() const { return counts_.allocated_bytes(); }
  void merge(const BasicLogHistogram& other) {
    if (other.counts_.empty()) return;
    if (counts_.empty()) coarse_from_ = other.coarse_from_;
    if (other.coarse_from_ != coarse_from_)
      throw std::invalid_argument("BasicLogHistogram::merge: different layouts");
    grow_to(other.first_);
    grow_to(other.first_ + static_cast<std::uint32_t>(other.counts_.size()) - 1);
    counts_.add_from(other.counts_, other.first_ - first_);
  }
  std::uint64_t count() const {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) n += counts_[i];
    return n;
  }
  // Inverted-CDF quantile: the representative of the bucket holding rank ceil(q * n).
  // Returns NaN when empty.
  double quantile(double q) const {
    double v = 0;
    quantiles(std::span<const double>(&q, 1), std::span<double>(&v, 1));
    return v;
  }
  // Several levels in one pass; `levels` ascending, out.size() == levels.size().
  void quantiles(std::span<const double> levels, std::span<double> out) const {
    const std::uint64_t n = count();
    if (n == 0) {
      for (double& v : out) v = std::numeric_limits<double>::quiet_NaN();
      return;
    }
    std::size_t next = 0;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size() && next < levels.size(); ++i) {
      seen += counts_[i];
      while (next < levels.size()) {
        const auto rank = std::max<std::uint64_t>(
            1, static_cast<std::uint64_t>(std::ceil(levels[next] * static_cast<double>(n))));
        if (seen < rank) break;
        out[next++] = representative_of(first_ + static_cast<std::uint32_t>(i));
      }
    }
    for (; next < levels.size(); ++next) out[next] = representative_of(last_bucket());
  }
  // The representative of the bucket holding the value of 1-based rank `rank` (ascending);
  // rank in 1..count(). NaN when empty.
  double value_at_rank(std::uint64_t rank) const {
    if (counts_.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) return representative_of(first_ + static_cast<std::uint32_t>(i));
    }
    return representative_of(last_bucket());
  }
  std::size_t buckets() const { return counts_.size(); }
  // Calls f(bucket, count) for every non-empty bucket, ascending (or descending); the bucket's
  // value is representative_of(bucket).
  template <class F>
  void for_each_bucket(F&& f, bool descending = false) const {
    for (std::size_t k = 0; k < counts_.size(); ++k) {
      const std::size_t i = descending ? counts_.size() - 1 - k : k;
      if (counts_[i]) f(first_ + static_cast<std::uint32_t>(i), counts_[i]);
    }
  }

 private:
  friend struct SummaryCodec;
  std::uint32_t last_bucket() const {
    return first_ + static_cast<std::uint32_t>(counts_.size()) - 1;
  }
  void grow_to(std::uint32_t bucket) {
    if (counts_.empty()) {
      first_ = bucket;
      counts_.assign_zeros(1);
      return;
    }
    const std::size_t size = bucket < first_
                                 ? counts_.size() + (first_ - bucket)
                                 : std::max<std::size_t>(counts_.size(), bucket - first_ + 1);
    // Growth by an eighth, not the usual doubling: a long run's histograms are many and each
    // grows rarely, so capacity that is never used would dominate their memory.
    if (size > counts_.capacity()) counts_.reserve(size + size / 8);
    if (bucket < first_) {
      counts_.grow_front(first_ - bucket);
      first_ = bucket;
    } else {
      counts_.grow_back(size);
    }
  }
  std::uint32_t first_ = 0;
  std::uint32_t coarse_from_ = UINT32_MAX;  // first coarse bucket (one per octave), if any
  PackedCounts counts_;                     // counts_[i] is bucket first_ + i
};

// The same sketch for signed integers (paired differences): one histogram of the magnitudes of
// negative values and one of the non-negative values. Quantiles keep the inverted-CDF rule
// and the relative bound (exact for |x| < 2^SubBits); merging adds counts, so the result does
// not depend on the order values arrive in.
template <int SubBits>
class BasicSignedLogHistogram {
 public:
  using Magnitudes = BasicLogHistogram<SubBits>;
  static std::uint64_t magnitude(std::int64_t negative) {
    return std::uint64_t{0} - static_cast<std::uint64_t>(negative);
  }
  void add(std::int64_t x) {
    if (x < 0) {
      negative_.add(magnitude(x));
    } else {
      non_negative_.add(static_cast<std::uint64_t>(x));
    }
  }
  // Coarse beyond `limit` below zero and beyond `limit` above (see BasicLogHistogram).
  void coarsen_beyond(std::uint64_t negative_limit, std::uint64_t positive_limit) {
    negative_.coarsen_beyond(negative_limit);
    non_negative_.coarsen_beyond(positive_limit);
  }
  // Allocates the buckets of every deviation in low..high (see BasicLogHistogram::reserve).
  void reserve(std::int64_t low, std::int64_t high) {
    if (low > high) return;
    if (low < 0) negative_.reserve(magnitude(std::min<std::int64_t>(high, -1)), magnitude(low));
    if (high >= 0)
      non_negative_.reserve(static_cast<std::uint64_t>(std::max<std::int64_t>(low, 0)),
                            static_cast<std::uint64_t>(high));
  }
  std::size_t allocated_bytes() const {
    return negative_.allocated_bytes() + non_negative_.allocated_bytes();
  }
  void merge(const BasicSignedLogHistogram& other) {
    negative_.merge(other.negative_);
    non_negative_.merge(other.non_negative_);
  }
  std::uint64_t count() const { return negative_.count() + non_negative_.count(); }
  // Inverted-CDF quantile (value of rank ceil(q n)); NaN when empty.
  double quantile(double q) const {
    const std::uint64_t negatives = negative_.count();
    const std::uint64_t n = negatives + non_negative_.count();
    if (n == 0) return std::numeric_limits<double>::quiet_NaN();
    const auto rank = std::clamp<std::uint64_t>(
        static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n))), 1, n);
    // Ascending order: the negatives by decreasing magnitude, then the non-negatives.
    if (rank <= negatives) return -negative_.value_at_rank(negatives - rank + 1);
    return non_negative_.value_at_rank(rank - negatives);
  }
  void quantiles(std::span<const double> levels, std::span<double> out) const {
    for (std::size_t i = 0; i < levels.size(); ++i) out[i] = quantile(levels[i]);
  }
  // Calls f(representative value, count) for every non-empty bucket in ascending value order.
  template <class F>
  void for_each_value(F&& f) const {
    negative_.for_each_bucket(
        [&](std::uint32_t b, std::uint32_t c) { f(-negative_.representative_of(b), c); }, true);
    non_negative_.for_each_bucket(
        [&](std::uint32_t b, std::uint32_t c) { f(non_negative_.representative_of(b), c); });
  }

 private:
  friend struct SummaryCodec;
  Magnitudes negative_;  // magnitudes of the negative values
  Magnitudes non_negative_;
};

using LogHistogram = BasicLogHistogram<7>;
using SignedLogHistogram = BasicSignedLogHistogram<7>;

}  // namespace fundsim

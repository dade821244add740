#pragma once
// The quantile sketch of the summaries. Values 0..127 are counted exactly; every other value
// goes into a signed log-linear histogram of its deviation from the nearest of up to
// kMaxAnchors per-cell anchors, constants fixed before the first value. The run places them
// at the 1/32, 1/8, 3/8, 5/8, 7/8 and 31/32 quantiles of a pilot of replicates 0..63, the
// same in every thread, rank, shard and resumed run.
//
// Why anchors: buckets of a log-linear histogram of the values themselves are 1/128 of the
// value wide, so a narrow cluster of replicates (a stock early in the horizon, one mode of a
// mixture) falls into a few buckets and a quantile can be far off in rank. Near an anchor the
// buckets are exact for |deviation| < 64 and 1/64 of the deviation wide beyond, and anchors
// at pilot quantiles sit where the replicates are dense, so no bucket holds much of them
// (measured rank error: docs/output-format.md). Small values stay exact so that atoms such as
// "backlog 0" come back exactly. Counts add, so merging is exact and order-independent.
//
// Why a step near each anchor: integer resolution beside an anchor is far finer than the rank
// error needs when anchors are far apart (a yearly total of ~10^6 with anchors 10^5 apart
// spent ~400 of its ~700 buckets a side on deviations under 1/256 of the gap). Deviations from
// anchor a are therefore counted in steps of 2^k_a, the largest power of two at most 1/256 of
// the half-gap to its nearest neighbour (k_a = 0, integers, for gaps under 512). The widest
// buckets, which bound the rank error, are unchanged (1/128 of the deviation at the region's
// edge); the step buckets are at least 4 times narrower than those, so they hold less of the
// replicates unless the density at the anchor is over 4 times that at the edge. The step
// depends on the anchors only, so it needs no storage and merges like them.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "analysis/log_histogram.hpp"

namespace fundsim {

class AnchoredHistogram {
 public:
  static constexpr std::size_t kMaxAnchors = 6;
  // Pre-sized tails reach at most this far from the outer anchors (values are sums of int32
  // counts; this only guards the arithmetic).
  static constexpr std::uint64_t kMaxReach = std::uint64_t{1} << 48;
  // Deviations in 64 log-linear buckets per octave (exact below 64): with anchors where the
  // replicates are dense this is fine enough, and half the memory of 128 per octave.
  using Deviations = BasicSignedLogHistogram<6>;

  AnchoredHistogram() {
    boundaries_.fill(std::numeric_limits<std::int64_t>::max());
  }  // one anchor, at 0

  // Only before any value is added. `anchors` ascending and distinct, 1..kMaxAnchors of them.
  void set_anchors(std::span<const std::int64_t> anchors);
  std::span<const std::int64_t> anchors() const { return {anchors_.data(), anchor_count_}; }
  // Anchors at the 1/32, 1/8, 3/8, 5/8, 7/8 and 31/32 quantiles of `pilot` (rounded,
  // duplicates dropped; a single anchor at 0 if the pilot is empty). With `presize`, every fine
  // bucket is allocated now (reserve_values), so memory does not grow as values arrive.
  void set_anchors_from(const AnchoredHistogram& pilot, bool presize);
  // Heap bytes held by the counts.
  std::size_t allocated_bytes() const;

  void add(std::int64_t x) {
    if (x >= 0 && x < static_cast<std::int64_t>(LogHistogram::kExact)) {
      small_.add(static_cast<std::uint64_t>(x));
      return;
    }
    // The nearest anchor (the lower one on a tie): unused boundaries are INT64_MAX, so this
    // is a branch-free count.
    std::size_t a = 0;
    for (const std::int64_t b : boundaries_) a += x > b ? 1 : 0;
    deviations_[a].add(in_steps(x - anchors_[a], steps_[a]));
  }
  // A deviation d in steps of 2^k, rounded away from zero (0 stays 0, 1..2^k is 1, ...).
  static std::int64_t in_steps(std::int64_t d, int k) {
    if (k == 0 || d == 0) return d;
    const std::uint64_t m =
        d > 0 ? static_cast<std::uint64_t>(d) : std::uint64_t{0} - static_cast<std::uint64_t>(d);
    const auto s = static_cast<std::int64_t>(((m - 1) >> k) + 1);
    return d > 0 ? s : -s;
  }
  // The midpoint of the deviations a bucket of steps holds, from the midpoint r of its steps.
  static double from_steps(double r, int k) {
    if (k == 0 || r == 0) return r;
    const double m = std::ldexp(std::abs(r) - 0.5, k) + 0.5;
    return r > 0 ? m : -m;
  }
  // log2 of the step of anchor a's deviations (see the top of this file).
  int step_bits(std::size_t a) const { return steps_[a]; }
  // An empty histogram takes the other's anchors; two non-empty ones must share them.
  void merge(const AnchoredHistogram& other);
  std::uint64_t count() const;
  // Inverted-CDF quantile (the value of rank ceil(q n), ranks from 1); NaN when empty.
  double quantile(double q) const;
  // Several levels in one pass; `levels` ascending, out.size() == levels.size().
  void quantiles(std::span<const double> levels, std::span<double> out) const;
  // Every non-empty bucket as (representative value, count), ascending.
  std::vector<std::pair<double, std::uint64_t>> buckets() const;

 private:
  friend struct SummaryCodec;
  void set_boundaries();
  // Allocates the buckets of every value in low..high now (see BasicLogHistogram::reserve).
  void reserve_values(std::int64_t low, std::int64_t high);
  std::array<std::int64_t, kMaxAnchors> anchors_{};
  std::array<std::int64_t, kMaxAnchors - 1> boundaries_{};  // x > boundaries_[a]: past anchor a
  std::array<int, kMaxAnchors> steps_{};                    // log2 of each anchor's step
  std::size_t anchor_count_ = 1;
  LogHistogram small_;  // values 0..127, exact
  std::array<Deviations, kMaxAnchors> deviations_;
};

}  // namespace fundsim

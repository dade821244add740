#include "analysis/anchored_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace fundsim {

void AnchoredHistogram::set_anchors(std::span<const std::int64_t> anchors) {
  if (count() != 0) throw std::logic_error("AnchoredHistogram: anchors set after values");
  if (anchors.empty() || anchors.size() > kMaxAnchors)
    throw std::invalid_argument("AnchoredHistogram: 1..kMaxAnchors anchors");
  for (std::size_t i = 1; i < anchors.size(); ++i) {
    if (anchors[i] <= anchors[i - 1])
      throw std::invalid_argument("AnchoredHistogram: anchors must ascend");
  }
  anchors_ = {};
  std::copy(anchors.begin(), anchors.end(), anchors_.begin());
  anchor_count_ = anchors.size();
  set_boundaries();
}

void AnchoredHistogram::set_anchors_from(const AnchoredHistogram& pilot, bool presize) {
  // The pilot's minimum, the anchor levels and its maximum, in one pass over its buckets (the
  // pilot of every cell of every scenario comes here once).
  static constexpr std::array<double, kMaxAnchors + 2> kLevels = {0.0,   0.03125, 0.125,   0.375,
                                                                  0.625, 0.875,   0.96875, 1.0};
  std::array<std::int64_t, kMaxAnchors> anchors{};
  std::size_t n = 0;
  const bool empty = pilot.count() == 0;
  std::array<double, kMaxAnchors + 2> values{};
  if (empty) {
    n = 1;
  } else {
    pilot.quantiles(kLevels, values);
    for (std::size_t i = 1; i <= kMaxAnchors; ++i) {
      const std::int64_t a = std::llround(values[i]);
      if (n == 0 || a > anchors[n - 1]) anchors[n++] = a;
    }
  }
  set_anchors(std::span<const std::int64_t>(anchors.data(), n));
  if (empty) return;
  const double pilot_min = values.front(), pilot_max = values.back();
  // The outer tails (below the first anchor, above the last) grow with every extreme a long run
  // meets; beyond 8 pilot ranges from the anchor they get one bucket per octave, so memory
  // stays flat in the replicate count. No reported quantile lies that far out in practice.
  const double range = pilot_max - pilot_min;
  const auto limit = static_cast<std::uint64_t>(std::max(4096.0, 8.0 * range));
  constexpr std::uint64_t kNever = std::uint64_t{1} << 63;
  const auto steps = [&](std::size_t a) {
    return static_cast<std::uint64_t>(in_steps(static_cast<std::int64_t>(limit), steps_[a]));
  };
  deviations_[0].coarsen_beyond(steps(0), n == 1 ? steps(0) : kNever);
  if (n > 1) deviations_[n - 1].coarsen_beyond(kNever, steps(n - 1));
  if (!presize) return;
  // Pre-size every fine bucket a value can fall in, so memory does not grow with replicates
  // after the pilot. Below zero only if the pilot went there (counts never do; differences may).
  const std::uint64_t reach =
      std::min<std::uint64_t>(std::bit_ceil(std::max<std::uint64_t>(limit, LogHistogram::kExact)),
                              kMaxReach) -
      1;
  const std::int64_t low = pilot_min >= 0 ? 0 : anchors_[0] - static_cast<std::int64_t>(reach);
  reserve_values(low, anchors_[n - 1] + static_cast<std::int64_t>(reach));
}

void AnchoredHistogram::reserve_values(std::int64_t low, std::int64_t high) {
  const auto reserve_piece = [&](std::int64_t lo, std::int64_t hi) {
    for (std::size_t a = 0; a < anchor_count_; ++a) {
      const std::int64_t region_low =
          a == 0 ? std::numeric_limits<std::int64_t>::min() : boundaries_[a - 1] + 1;
      const std::int64_t region_high =
          a + 1 < anchor_count_ ? boundaries_[a] : std::numeric_limits<std::int64_t>::max();
      const std::int64_t l = std::max(lo, region_low), h = std::min(hi, region_high);
      if (l <= h)
        deviations_[a].reserve(in_steps(l - anchors_[a], steps_[a]),
                               in_steps(h - anchors_[a], steps_[a]));
    }
  };
  constexpr auto kSmall = static_cast<std::int64_t>(LogHistogram::kExact);
  if (low < 0) reserve_piece(low, std::min<std::int64_t>(high, -1));
  if (high >= kSmall) reserve_piece(std::max(low, kSmall), high);
  if (low < kSmall && high >= 0) {
    small_.reserve(static_cast<std::uint64_t>(std::max<std::int64_t>(low, 0)),
                   static_cast<std::uint64_t>(std::min(high, kSmall - 1)));
  }
}

std::size_t AnchoredHistogram::allocated_bytes() const {
  std::size_t bytes = small_.allocated_bytes();
  for (std::size_t a = 0; a < anchor_count_; ++a) bytes += deviations_[a].allocated_bytes();
  return bytes;
}

void AnchoredHistogram::set_boundaries() {
  // Each anchor's step: the largest power of two at most 1/256 of the half-gap to its nearest
  // neighbour (integers for a single anchor or gaps under 512).
  steps_.fill(0);
  for (std::size_t a = 0; a < anchor_count_; ++a) {
    std::uint64_t half_gap = std::numeric_limits<std::uint64_t>::max();
    if (a > 0)
      half_gap =
          (static_cast<std::uint64_t>(anchors_[a]) - static_cast<std::uint64_t>(anchors_[a - 1])) /
          2;
    if (a + 1 < anchor_count_)
      half_gap = std::min(half_gap, (static_cast<std::uint64_t>(anchors_[a + 1]) -
                                     static_cast<std::uint64_t>(anchors_[a])) /
                                        2);
    if (anchor_count_ > 1 && half_gap >= 512)
      steps_[a] = static_cast<int>(std::bit_width(half_gap)) - 1 - 8;
  }
  boundaries_.fill(std::numeric_limits<std::int64_t>::max());
  for (std::size_t a = 0; a + 1 < anchor_count_; ++a) {
    // Midpoint rounded down, without overflow: x <= boundary is nearer (or as near) to a.
    const std::int64_t lo = anchors_[a], hi = anchors_[a + 1];
    boundaries_[a] =
        lo + static_cast<std::int64_t>(
                 (static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo)) / 2);
  }
}

std::uint64_t AnchoredHistogram::count() const {
  std::uint64_t n = small_.count();
  for (std::size_t a = 0; a < anchor_count_; ++a) n += deviations_[a].count();
  return n;
}

void AnchoredHistogram::merge(const AnchoredHistogram& other) {
  if (other.count() == 0) return;
  if (count() == 0) {  // take the other's layout (anchors, coarse tails) with its counts
    *this = other;
    return;
  }
  if (other.anchor_count_ != anchor_count_ || other.anchors_ != anchors_) {
    throw std::invalid_argument("AnchoredHistogram::merge: different anchors");
  }
  small_.merge(other.small_);
  for (std::size_t a = 0; a < anchor_count_; ++a) deviations_[a].merge(other.deviations_[a]);
}

std::vector<std::pair<double, std::uint64_t>> AnchoredHistogram::buckets() const {
  std::vector<std::pair<double, std::uint64_t>> runs;
  for (std::size_t a = 0; a < anchor_count_; ++a) {
    const auto anchor = static_cast<double>(anchors_[a]);
    const int k = steps_[a];
    deviations_[a].for_each_value([&](double steps, std::uint32_t c) {
      runs.emplace_back(anchor + from_steps(steps, k), c);
    });
  }
  small_.for_each_bucket(
      [&](std::uint32_t b, std::uint32_t c) { runs.emplace_back(static_cast<double>(b), c); });
  // Nearly sorted already (wide buckets at region edges may overlap a neighbour's).
  std::stable_sort(runs.begin(), runs.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  return runs;
}

void AnchoredHistogram::quantiles(std::span<const double> levels, std::span<double> out) const {
  const std::uint64_t n = count();
  if (n == 0) {
    for (double& v : out) v = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  const std::vector<std::pair<double, std::uint64_t>> runs = buckets();
  std::uint64_t seen = 0;
  std::size_t next = 0;
  for (const auto& [value, c] : runs) {
    seen += c;
    while (next < levels.size()) {
      const auto rank = std::clamp<std::uint64_t>(
          static_cast<std::uint64_t>(std::ceil(levels[next] * static_cast<double>(n))), 1, n);
      if (seen < rank) break;
      out[next++] = value;
    }
    if (next == levels.size()) break;
  }
  for (; next < levels.size(); ++next) out[next] = runs.back().first;
}

double AnchoredHistogram::quantile(double q) const {
  double v = 0;
  const double level = q;
  quantiles(std::span<const double>(&level, 1), std::span<double>(&v, 1));
  return v;
}

}  // namespace fundsim

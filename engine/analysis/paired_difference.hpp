#pragma once
// Streaming summaries of paired differences (scenario − baseline), replicate by replicate
// (docs/model.md §7): for every metric with totals, over the whole horizon (flows summed over
// months and classes, stocks at the last month) and per month summed over classes. Replicate r of a
// scenario is paired with replicate r of the baseline, which under common random numbers
// shares its parameter draw and random numbers. Accumulation is exact integer arithmetic plus
// mergeable histograms, so blocks can be added in any order and the result is bitwise the same.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "analysis/anchored_histogram.hpp"
#include "analysis/moments.hpp"
#include "analysis/scenario_summary.hpp"
#include "model/trajectory_block.hpp"

namespace fundsim {

// Which direction of a difference is an improvement over the baseline (the metric table's).
inline Better better_direction(Metric m) {
  return metric_info(m).better;
}

struct DifferenceSummary {
  Moments moments;
  AnchoredHistogram histogram;
  std::uint64_t negative = 0;  // replicates with difference < 0
  std::uint64_t zero = 0;      // replicates with difference == 0

  void add(std::int64_t d) {
    moments.add(d);
    histogram.add(d);
    negative += d < 0 ? 1 : 0;
    zero += d == 0 ? 1 : 0;
  }
  void merge(const DifferenceSummary& o) {
    moments.merge(o.moments);
    histogram.merge(o.histogram);
    negative += o.negative;
    zero += o.zero;
  }
  std::uint64_t n() const { return moments.n; }
  std::uint64_t positive() const { return moments.n - negative - zero; }
  double mean() const { return moments.mean(); }
  // Monte Carlo standard error of the mean: sd / sqrt(n); NaN for n < 2.
  double standard_error() const;
  // Share of replicates where the scenario is better than the baseline, ties counting half;
  // NaN for Better::none or no replicates.
  double prob_better(Better direction) const;
};

class PairedDifferenceSummary {
 public:
  // months: simulated months, of which the first `history` are before the policy start; years
  // and the horizon cover the policy months (history months differ by 0: no scenario spends).
  // `monthly`: keep per-month cells (named scenarios; sweep points with --sweep-months).
  PairedDifferenceSummary(std::size_t classes, std::size_t months, std::size_t history = 0,
                          bool monthly = true);

  // `scenario` and `baseline` hold the same replicates (same first_replicate and count); the
  // totals are theirs (compute_totals). Years, the horizon and offender-months are differences
  // of the totals; months (if kept) of the monthly values summed over classes.
  void add(const TrajectoryBlock& scenario, const TrajectoryBlock& baseline,
           const BlockTotals& scenario_totals, const BlockTotals& baseline_totals);
  // The same, computing the totals.
  void add(const TrajectoryBlock& scenario, const TrajectoryBlock& baseline);
  void merge(const PairedDifferenceSummary& other);
  // Anchors every cell's histogram at quantiles of the same cell in `pilot`, pre-sized if
  // `presize`.
  void set_anchors(const PairedDifferenceSummary& pilot, bool presize);

  // Metrics with totals only (registry/metrics.hpp).
  const DifferenceSummary& horizon(Metric m) const { return horizon_[total_index(m)]; }
  bool monthly() const { return monthly_; }
  // Per month, summed over classes (monthly() only).
  const DifferenceSummary& month(Metric m, std::size_t t) const {
    return months_cells_[t * totals_ + total_index(m)];
  }
  // Per year of the horizon (months 12y .. 12y+11; a last partial year is kept): flows summed
  // over the year's months and classes, stocks at the year's last month.
  const DifferenceSummary& year(Metric m, std::size_t y) const {
    return years_cells_[y * totals_ + total_index(m)];
  }
  std::size_t years() const { return years_; }
  // Offender-months over the horizon: the active class total summed over all months
  // (divide by 12 for offender-years). Lower is better.
  const DifferenceSummary& offender_months() const { return offender_months_; }
  std::uint64_t replicates() const { return horizon_[0].n(); }
  // Heap bytes held by the histograms.
  std::size_t allocated_bytes() const;
  std::size_t months() const { return months_; }

 private:
  friend struct SummaryCodec;
  std::size_t classes_;
  std::size_t months_;
  std::size_t history_;
  std::size_t years_;
  bool monthly_;
  std::size_t totals_;                           // metrics with totals
  std::vector<DifferenceSummary> months_cells_;  // [month][total_index]
  std::vector<DifferenceSummary> years_cells_;   // [year][total_index]
  std::vector<DifferenceSummary> horizon_;       // [total_index]
  DifferenceSummary offender_months_;
};

}  // namespace fundsim

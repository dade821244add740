#pragma once
// Streaming summaries of one scenario over replicates, for every metric of
// engine/registry/metrics.hpp: per month (and class) — for named scenarios, and for sweep points
// on request — per year of the horizon (and class), and over the whole horizon. Memory depends
// on months, classes and the spread of values, not on the number of replicates. Accumulation
// is exact integer arithmetic, so blocks can be added in any order (threads) and the result is
// bitwise the same.
#include <array>
#include <cstddef>
#include <vector>

#include "analysis/anchored_histogram.hpp"
#include "analysis/moments.hpp"
#include "analysis/replicate_totals.hpp"
#include "model/trajectory_block.hpp"
#include "registry/metrics.hpp"

namespace fundsim {

inline constexpr std::array<double, 7> kSummaryQuantiles = {0.025, 0.05, 0.25, 0.5,
                                                            0.75,  0.95, 0.975};

struct Summary {
  Moments moments;
  AnchoredHistogram histogram;
  void add(std::int64_t x) {
    moments.add(x);
    histogram.add(x);
  }
  void merge(const Summary& o) {
    moments.merge(o.moments);
    histogram.merge(o.histogram);
  }
};

class ScenarioSummary {
 public:
  // months: simulated months, of which the first `history` are before the policy start
  // (docs/model.md §4 "History"); years and the horizon cover the policy months only.
  // `monthly`: keep per-month cells (named scenarios; sweep points with --sweep-months).
  ScenarioSummary(std::size_t classes, std::size_t months, std::size_t history = 0,
                  bool monthly = true);

  // `totals` are the block's (compute_totals); the overload without computes them.
  void add(const TrajectoryBlock& block, const BlockTotals& totals);
  void add(const TrajectoryBlock& block);
  // Adds another summary of the same shape (other replicates): counts and sums add, so the
  // result does not depend on the order summaries are merged in.
  void merge(const ScenarioSummary& other);
  // Anchors every cell's histogram at quantiles of the same cell in `pilot` (a run of
  // the first replicates), pre-sized if `presize`; before anything is added.
  void set_anchors(const ScenarioSummary& pilot, bool presize);

  bool monthly() const { return monthly_; }
  // Month `month` of metric `m` (class k, or k = 0 for metrics without classes); monthly()
  // only. Levels are in units of 1/kLevelScale.
  const Summary& cell(Metric m, std::size_t month, std::size_t k = 0) const {
    return cells_[month * per_month_ + offset_[static_cast<std::size_t>(m)] + k];
  }
  // Year `year` of the horizon of a metric with totals, class k (or 0).
  const Summary& year_cell(Metric m, std::size_t year, std::size_t k = 0) const {
    return year_cells_[year * year_layout_.count + year_layout_.of(m, k)];
  }
  // Over the horizon, all classes: flows summed over months, stocks at the last month
  // (metrics with totals only).
  const Summary& horizon(Metric m) const { return horizon_[total_index(m)]; }
  std::uint64_t replicates() const { return horizon_[0].moments.n; }
  // Heap bytes held by the histograms.
  std::size_t allocated_bytes() const;
  std::size_t classes() const { return classes_; }
  std::size_t months() const { return months_; }
  std::size_t years() const { return years_; }

 private:
  friend struct SummaryCodec;
  std::size_t classes_;
  std::size_t months_;
  std::size_t history_;
  std::size_t years_;
  bool monthly_;
  std::array<std::size_t, kMetricCount> offset_{};  // first cell of each metric within a month
  std::size_t per_month_ = 0;
  TotalCells year_layout_;
  std::vector<Summary> cells_;       // [month][metric offset + class], if monthly
  std::vector<Summary> year_cells_;  // [year][total cell]
  std::vector<Summary> horizon_;     // [total_index]
};

}  // namespace fundsim

#pragma once
// Per-replicate totals of every metric with totals, over the horizon and per year of it (flows
// summed over months, stocks at the end of the period; docs/output-format.md §2.8), per class
// and over all classes, and offender-months (active offenders summed over months). Computed in
// one pass over a block of trajectories; the streamed summaries, paired differences, objectives,
// comparisons and sensitivity indices all read them. Only policy months count (a history before
// the policy start is left out, docs/model.md §4 "History").
#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/trajectory_block.hpp"
#include "registry/metrics.hpp"

namespace fundsim {

// Years of a horizon of `months` policy months (the last one may be partial).
inline constexpr std::size_t years_of(std::size_t months) {
  return (months + 11) / 12;
}

// Cells of the metrics with totals: one per class for metrics with classes, else one; in the
// order of total_metrics().
struct TotalCells {
  std::size_t count = 0;
  std::vector<std::size_t> first;  // per total_index: its first cell
  explicit TotalCells(std::size_t classes = 0);
  std::size_t of(Metric m, std::size_t k) const { return first[total_index(m)] + k; }
};

struct BlockTotals {
  std::size_t replicates = 0;
  std::size_t metrics = 0;  // total_metrics().size()
  std::size_t years = 0;
  std::size_t cells = 0;                      // TotalCells::count
  std::vector<std::int64_t> horizon;          // [replicate][total_index], all classes
  std::vector<std::int64_t> year;             // [replicate][total_index][year], all classes
  std::vector<std::int64_t> cell_year;        // [replicate][cell][year], per class
  std::vector<std::int64_t> offender_months;  // [replicate]

  std::int64_t over_horizon(std::size_t r, Metric m) const {
    return horizon[r * metrics + total_index(m)];
  }
  std::int64_t in_year(std::size_t r, Metric m, std::size_t y) const {
    return year[(r * metrics + total_index(m)) * years + y];
  }
};

// The totals of every replicate of `block`.
void compute_totals(const TrajectoryBlock& block, BlockTotals& totals);

}  // namespace fundsim

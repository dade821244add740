#pragma once
// Per-replicate totals of every metric with totals, over the horizon and per year of it (flows
// summed over months and classes, stocks at the end of the period; docs/output-format.md §2.8).
// Any comparison between two scenarios, objectives, decision statistics and sensitivity indices
// are computed from them.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/trajectory_block.hpp"
#include "registry/metrics.hpp"

namespace fundsim {

struct BlockTotals {
  std::size_t replicates = 0;
  std::size_t metrics = 0;  // total_metrics().size()
  std::size_t years = 0;
  std::vector<std::int64_t> horizon;  // [replicate][total_index]
  std::vector<std::int64_t> year;     // [replicate][total_index][year]

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

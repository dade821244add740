#pragma once
// The recorded months of a block of consecutive replicates of one scenario, laid out as the
// output stores them: per metric, [replicate][month][class] for metrics with classes and
// [replicate][month] for the others (C order of the HDF5 datasets).
#include <array>
#include <cstdint>
#include <vector>

#include "model/month_outcome.hpp"

namespace fundsim {

struct TrajectoryBlock {
  std::size_t classes = 0;
  std::size_t months = 0;
  std::size_t replicates = 0;  // replicates in this block
  std::size_t history = 0;     // the first `history` months are before the policy start
  std::uint64_t first_replicate = 0;
  std::array<std::vector<std::int32_t>, kMetricCount> counts;  // count metrics (empty for levels)
  std::array<std::vector<float>, kMetricCount> levels;         // levels (empty for counts)

  // Values per (replicate, month) of metric m: the classes, or 1.
  std::size_t width(Metric m) const { return metric_info(m).per_class ? classes : 1; }
  void resize(std::size_t n_classes, std::size_t n_months, std::size_t n_replicates) {
    classes = n_classes;
    months = n_months;
    replicates = n_replicates;
    for (Metric m : all_metrics()) {
      const std::size_t n = n_replicates * n_months * width(m);
      (is_level(m) ? levels[index(m)].resize(n) : counts[index(m)].resize(n));
    }
  }
  const std::vector<std::int32_t>& values(Metric m) const { return counts[index(m)]; }
  std::int32_t value(Metric m, std::size_t r, std::size_t t, std::size_t k) const {
    return counts[index(m)][(r * months + t) * width(m) + k];
  }
  float level(Metric m, std::size_t r, std::size_t t) const {
    return levels[index(m)][r * months + t];
  }

 private:
  static std::size_t index(Metric m) { return static_cast<std::size_t>(m); }
};

// Copies one month into the block; throws NumericError if a count exceeds int32 storage or a
// level is too large to summarise exactly.
void record_month(const MonthOutcome& outcome, std::size_t replicate_in_block, std::size_t month,
                  TrajectoryBlock& block);

// Copies the history months [0, from.history) of every replicate of `from` into `to` (same
// shape).
void copy_history(const TrajectoryBlock& from, TrajectoryBlock& to);

}  // namespace fundsim

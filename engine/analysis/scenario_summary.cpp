#include "analysis/scenario_summary.hpp"

#include <cmath>
#include <stdexcept>

namespace fundsim {

const char* horizon_metric_name(HorizonMetric m) {
  if (m == HorizonMetric::safeguarded) return "safeguarded";
  return class_metric_name(static_cast<ClassMetric>(m));  // same order for the class metrics
}

ScenarioSummary::ScenarioSummary(std::size_t classes, std::size_t months)
    : classes_(classes),
      months_(months),
      per_month_(kClassMetricCount * classes + 2),
      cells_(months * per_month_) {}

void ScenarioSummary::add(const TrajectoryBlock& block) {
  // Cell by cell, all replicates of the block at once: a cell's histogram stays in cache while
  // the block's values stream past (the cells of a long study do not fit in cache together).
  const std::size_t K = classes_;
  const std::size_t T = months_;
  const std::size_t R = block.replicates;
  for (std::size_t t = 0; t < T; ++t) {
    Summary* month_cells = &cells_[t * per_month_];
    for (std::size_t m = 0; m < kClassMetricCount; ++m) {
      const std::int32_t* values = block.class_metrics[m].data() + t * K;
      for (std::size_t k = 0; k < K; ++k) {
        Summary& cell = month_cells[m * K + k];
        std::int64_t sum = 0;  // R values below 2^31 each: no overflow
        int128 sum_squares = 0;
        for (std::size_t r = 0; r < R; ++r) {
          const std::int64_t v = values[r * T * K + k];
          sum += v;
          sum_squares += static_cast<int128>(v * v);  // v < 2^31: v * v fits in 64 bits
          cell.histogram.add(v);
        }
        cell.moments.add_batch(R, sum, sum_squares);
      }
    }
    Summary& capacity = month_cells[kClassMetricCount * K];
    Summary& safeguarded = month_cells[kClassMetricCount * K + 1];
    for (std::size_t r = 0; r < R; ++r) {
      capacity.add(std::llround(static_cast<double>(block.capacity[r * T + t]) * kCapacityScale));
      safeguarded.add(block.safeguarded[r * T + t]);
    }
  }
  // Horizon: flows summed over months and classes, stocks at the last month.
  for (std::size_t r = 0; r < R; ++r) {
    std::array<std::int64_t, kHorizonMetricCount> horizon{};
    for (std::size_t m = 0; m < kClassMetricCount; ++m) {
      const std::int32_t* values = block.class_metrics[m].data() + r * T * K;
      const bool stock = class_metric_is_stock(static_cast<ClassMetric>(m));
      for (std::size_t i = stock ? (T - 1) * K : 0; i < T * K; ++i) horizon[m] += values[i];
    }
    for (std::size_t t = 0; t < T; ++t) {
      horizon[static_cast<std::size_t>(HorizonMetric::safeguarded)] += block.safeguarded[r * T + t];
    }
    for (std::size_t h = 0; h < kHorizonMetricCount; ++h) horizon_[h].add(horizon[h]);
  }
}

void ScenarioSummary::set_anchors(const ScenarioSummary& pilot, bool presize) {
  if (pilot.classes_ != classes_ || pilot.months_ != months_) {
    throw std::invalid_argument("ScenarioSummary::set_anchors: pilot of a different shape");
  }
  for (std::size_t i = 0; i < cells_.size(); ++i)
    cells_[i].histogram.set_anchors_from(pilot.cells_[i].histogram, presize);
  for (std::size_t h = 0; h < kHorizonMetricCount; ++h)
    horizon_[h].histogram.set_anchors_from(pilot.horizon_[h].histogram, presize);
}

void ScenarioSummary::merge(const ScenarioSummary& other) {
  if (other.classes_ != classes_ || other.months_ != months_) {
    throw std::invalid_argument("ScenarioSummary::merge: summaries of different shapes");
  }
  for (std::size_t i = 0; i < cells_.size(); ++i) cells_[i].merge(other.cells_[i]);
  for (std::size_t h = 0; h < kHorizonMetricCount; ++h) horizon_[h].merge(other.horizon_[h]);
}

std::size_t ScenarioSummary::allocated_bytes() const {
  std::size_t bytes = 0;
  for (const Summary& c : cells_) bytes += c.histogram.allocated_bytes();
  for (const Summary& c : horizon_) bytes += c.histogram.allocated_bytes();
  return bytes;
}

}  // namespace fundsim

#include "analysis/scenario_summary.hpp"

#include <cmath>
#include <stdexcept>

namespace fundsim {

ScenarioSummary::ScenarioSummary(std::size_t classes, std::size_t months, std::size_t history,
                                 bool monthly)
    : classes_(classes),
      months_(months),
      history_(history),
      years_(years_of(months - history)),
      monthly_(monthly),
      year_layout_(classes),
      horizon_(total_metrics().size()) {
  for (Metric m : all_metrics()) {
    offset_[static_cast<std::size_t>(m)] = per_month_;
    per_month_ += metric_info(m).per_class ? classes : 1;
  }
  if (monthly_) cells_.resize(months * per_month_);
  year_cells_.resize(years_ * year_layout_.count);
}

void ScenarioSummary::add(const TrajectoryBlock& block) {
  BlockTotals totals;
  compute_totals(block, totals);
  add(block, totals);
}

void ScenarioSummary::add(const TrajectoryBlock& block, const BlockTotals& totals) {
  const std::size_t T = months_;
  const std::size_t R = block.replicates;
  if (monthly_) {
    // Cell by cell, all replicates of the block at once: a cell's histogram stays in cache while
    // the block's values stream past (the cells of a long study do not fit in cache together).
    for (std::size_t t = 0; t < T; ++t) {
      Summary* month_cells = &cells_[t * per_month_];
      for (Metric m : all_metrics()) {
        const std::size_t W = block.width(m);
        Summary* cells = month_cells + offset_[static_cast<std::size_t>(m)];
        if (is_level(m)) {  // fixed point, rounded to the nearest step
          const std::vector<float>& values = block.levels[static_cast<std::size_t>(m)];
          for (std::size_t r = 0; r < R; ++r)
            cells->add(std::llround(static_cast<double>(values[r * T + t]) * kLevelScale));
          continue;
        }
        const std::int32_t* values = block.values(m).data() + t * W;
        for (std::size_t k = 0; k < W; ++k) {
          Summary& cell = cells[k];
          std::int64_t sum = 0;  // R values below 2^31 each: no overflow
          int128 sum_squares = 0;
          for (std::size_t r = 0; r < R; ++r) {
            const std::int64_t v = values[r * T * W + k];
            sum += v;
            sum_squares += static_cast<int128>(v * v);  // v < 2^31: v * v fits in 64 bits
            cell.histogram.add(v);
          }
          cell.moments.add_batch(R, sum, sum_squares);
        }
      }
    }
  }
  const std::size_t C = year_layout_.count, Y = years_;
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t y = 0; y < Y; ++y)
      for (std::size_t r = 0; r < R; ++r)
        year_cells_[y * C + c].add(totals.cell_year[(r * C + c) * Y + y]);
  for (std::size_t h = 0; h < horizon_.size(); ++h)
    for (std::size_t r = 0; r < R; ++r) horizon_[h].add(totals.horizon[r * totals.metrics + h]);
}

void ScenarioSummary::set_anchors(const ScenarioSummary& pilot, bool presize) {
  if (pilot.classes_ != classes_ || pilot.months_ != months_ || pilot.monthly_ != monthly_) {
    throw std::invalid_argument("ScenarioSummary::set_anchors: pilot of a different shape");
  }
  for (std::size_t i = 0; i < cells_.size(); ++i)
    cells_[i].histogram.set_anchors_from(pilot.cells_[i].histogram, presize);
  for (std::size_t i = 0; i < year_cells_.size(); ++i)
    year_cells_[i].histogram.set_anchors_from(pilot.year_cells_[i].histogram, presize);
  for (std::size_t h = 0; h < horizon_.size(); ++h)
    horizon_[h].histogram.set_anchors_from(pilot.horizon_[h].histogram, presize);
}

void ScenarioSummary::merge(const ScenarioSummary& other) {
  if (other.classes_ != classes_ || other.months_ != months_ || other.monthly_ != monthly_) {
    throw std::invalid_argument("ScenarioSummary::merge: summaries of different shapes");
  }
  for (std::size_t i = 0; i < cells_.size(); ++i) cells_[i].merge(other.cells_[i]);
  for (std::size_t i = 0; i < year_cells_.size(); ++i) year_cells_[i].merge(other.year_cells_[i]);
  for (std::size_t h = 0; h < horizon_.size(); ++h) horizon_[h].merge(other.horizon_[h]);
}

std::size_t ScenarioSummary::allocated_bytes() const {
  std::size_t bytes = 0;
  for (const Summary& c : cells_) bytes += c.histogram.allocated_bytes();
  for (const Summary& c : year_cells_) bytes += c.histogram.allocated_bytes();
  for (const Summary& c : horizon_) bytes += c.histogram.allocated_bytes();
  return bytes;
}

}  // namespace fundsim

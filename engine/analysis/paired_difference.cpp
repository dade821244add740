#include "analysis/paired_difference.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace fundsim {

double DifferenceSummary::standard_error() const {
  if (moments.n < 2) return std::numeric_limits<double>::quiet_NaN();
  return moments.sd() / std::sqrt(static_cast<double>(moments.n));
}

double DifferenceSummary::prob_better(Better direction) const {
  if (direction == Better::none || moments.n == 0) return std::numeric_limits<double>::quiet_NaN();
  const std::uint64_t wins = direction == Better::lower ? negative : positive();
  // (2 wins + ties) / (2 n): exact halves, one rounding.
  return static_cast<double>(2 * wins + zero) / static_cast<double>(2 * moments.n);
}

PairedDifferenceSummary::PairedDifferenceSummary(std::size_t classes, std::size_t months,
                                                 std::size_t history, bool monthly)
    : classes_(classes),
      months_(months),
      history_(history),
      years_(years_of(months - history)),
      monthly_(monthly),
      totals_(total_metrics().size()),
      months_cells_(monthly ? months * totals_ : 0),
      years_cells_(years_ * totals_),
      horizon_(totals_) {}

void PairedDifferenceSummary::add(const TrajectoryBlock& scenario,
                                  const TrajectoryBlock& baseline) {
  BlockTotals a, b;
  compute_totals(scenario, a);
  compute_totals(baseline, b);
  add(scenario, baseline, a, b);
}

void PairedDifferenceSummary::add(const TrajectoryBlock& scenario, const TrajectoryBlock& baseline,
                                  const BlockTotals& scenario_totals,
                                  const BlockTotals& baseline_totals) {
  if (scenario.replicates != baseline.replicates || scenario.months != months_ ||
      baseline.months != months_ || scenario.classes != classes_ || baseline.classes != classes_ ||
      scenario.first_replicate != baseline.first_replicate) {
    throw std::invalid_argument("PairedDifferenceSummary::add: blocks do not match");
  }
  const std::size_t T = months_;
  const std::size_t R = scenario.replicates;
  const std::size_t Y = years_;
  const std::size_t M = totals_;
  const std::vector<Metric>& totals = total_metrics();
  if (monthly_) {
    // Cell by cell, all replicates of the block at once (as ScenarioSummary::add): one cell's
    // histogram stays in cache while the block's values stream past.
    for (std::size_t t = 0; t < T; ++t) {
      DifferenceSummary* cells = &months_cells_[t * M];
      for (std::size_t h = 0; h < M; ++h) {
        const Metric m = totals[h];
        const std::size_t W = scenario.width(m);
        DifferenceSummary& cell = cells[h];
        for (std::size_t r = 0; r < R; ++r) {
          const std::size_t base = (r * T + t) * W;
          const std::int32_t* a = scenario.values(m).data() + base;
          const std::int32_t* b = baseline.values(m).data() + base;
          std::int64_t d = 0;
          for (std::size_t k = 0; k < W; ++k) d += std::int64_t{a[k]} - std::int64_t{b[k]};
          cell.add(d);
        }
      }
    }
  }
  const BlockTotals& a = scenario_totals;
  const BlockTotals& b = baseline_totals;
  for (std::size_t y = 0; y < Y; ++y)
    for (std::size_t h = 0; h < M; ++h)
      for (std::size_t r = 0; r < R; ++r) {
        const std::size_t i = (r * M + h) * Y + y;
        years_cells_[y * M + h].add(a.year[i] - b.year[i]);
      }
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t h = 0; h < M; ++h)
      horizon_[h].add(a.horizon[r * M + h] - b.horizon[r * M + h]);
    offender_months_.add(a.offender_months[r] - b.offender_months[r]);
  }
}

void PairedDifferenceSummary::set_anchors(const PairedDifferenceSummary& pilot, bool presize) {
  if (pilot.classes_ != classes_ || pilot.months_ != months_) {
    throw std::invalid_argument("PairedDifferenceSummary::set_anchors: pilot of a different shape");
  }
  for (std::size_t i = 0; i < months_cells_.size(); ++i)
    months_cells_[i].histogram.set_anchors_from(pilot.months_cells_[i].histogram, presize);
  for (std::size_t i = 0; i < years_cells_.size(); ++i)
    years_cells_[i].histogram.set_anchors_from(pilot.years_cells_[i].histogram, presize);
  for (std::size_t h = 0; h < horizon_.size(); ++h)
    horizon_[h].histogram.set_anchors_from(pilot.horizon_[h].histogram, presize);
  offender_months_.histogram.set_anchors_from(pilot.offender_months_.histogram, presize);
}

void PairedDifferenceSummary::merge(const PairedDifferenceSummary& other) {
  if (other.classes_ != classes_ || other.months_ != months_) {
    throw std::invalid_argument("PairedDifferenceSummary::merge: summaries of different shapes");
  }
  for (std::size_t i = 0; i < months_cells_.size(); ++i)
    months_cells_[i].merge(other.months_cells_[i]);
  for (std::size_t h = 0; h < horizon_.size(); ++h) horizon_[h].merge(other.horizon_[h]);
  for (std::size_t i = 0; i < years_cells_.size(); ++i)
    years_cells_[i].merge(other.years_cells_[i]);
  offender_months_.merge(other.offender_months_);
}

std::size_t PairedDifferenceSummary::allocated_bytes() const {
  std::size_t bytes = offender_months_.histogram.allocated_bytes();
  for (const DifferenceSummary& d : months_cells_) bytes += d.histogram.allocated_bytes();
  for (const DifferenceSummary& d : years_cells_) bytes += d.histogram.allocated_bytes();
  for (const DifferenceSummary& d : horizon_) bytes += d.histogram.allocated_bytes();
  return bytes;
}

}  // namespace fundsim

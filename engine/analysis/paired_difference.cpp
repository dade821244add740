#include "analysis/paired_difference.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace fundsim {

Better better_direction(HorizonMetric m) {
  switch (m) {
    case HorizonMetric::new_offenders:
    case HorizonMetric::offences:
    case HorizonMetric::contact_abuse:
    case HorizonMetric::active:
    case HorizonMetric::backlog:
      return Better::lower;
    // More referrals means more abuse detected and reported (the industry-detection lever
    // raises them); for a fixed amount of offending that is the aim, so higher is better.
    case HorizonMetric::referrals:
    case HorizonMetric::identified:
    case HorizonMetric::desisted:
    case HorizonMetric::investigations:
    case HorizonMetric::arrests:
    case HorizonMetric::in_justice:
    case HorizonMetric::safeguarded:
      return Better::higher;
    // Releases follow earlier arrests; neither direction is an improvement in itself.
    case HorizonMetric::released:
    case HorizonMetric::count:
      break;
  }
  return Better::none;
}

const char* better_name(Better b) {
  switch (b) {
    case Better::lower:
      return "lower";
    case Better::higher:
      return "higher";
    case Better::none:
      break;
  }
  return "none";
}

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

PairedDifferenceSummary::PairedDifferenceSummary(std::size_t classes, std::size_t months)
    : classes_(classes),
      months_(months),
      years_(years_of(months)),
      months_cells_(months * kHorizonMetricCount),
      years_cells_(years_of(months) * kHorizonMetricCount) {}

void PairedDifferenceSummary::add(const TrajectoryBlock& scenario,
                                  const TrajectoryBlock& baseline) {
  if (scenario.replicates != baseline.replicates || scenario.months != months_ ||
      baseline.months != months_ || scenario.classes != classes_ || baseline.classes != classes_ ||
      scenario.first_replicate != baseline.first_replicate) {
    throw std::invalid_argument("PairedDifferenceSummary::add: blocks do not match");
  }
  const std::size_t K = classes_;
  const std::size_t T = months_;
  const std::size_t R = scenario.replicates;
  // Cell by cell, all replicates of the block at once (as ScenarioSummary::add): one cell's
  // histogram stays in cache while the block's values stream past.
  std::vector<std::int64_t> horizon(R * kHorizonMetricCount, 0);  // [replicate][metric]
  std::vector<std::int64_t> offender_months(R, 0);
  const std::size_t Y = years_;
  std::vector<std::int64_t> by_year(R * Y * kHorizonMetricCount, 0);  // [replicate][year][metric]
  for (std::size_t t = 0; t < T; ++t) {
    DifferenceSummary* cells = &months_cells_[t * kHorizonMetricCount];
    for (std::size_t m = 0; m < kClassMetricCount; ++m) {
      const bool to_horizon = !class_metric_is_stock(static_cast<ClassMetric>(m)) || t + 1 == T;
      const bool active = m == static_cast<std::size_t>(ClassMetric::active);
      const bool to_year =
          !class_metric_is_stock(static_cast<ClassMetric>(m)) || t % 12 == 11 || t + 1 == T;
      const std::size_t year_offset = (t / 12) * kHorizonMetricCount + m;
      DifferenceSummary& cell = cells[m];
      for (std::size_t r = 0; r < R; ++r) {
        const std::size_t base = (r * T + t) * K;
        const std::int32_t* a = scenario.class_metrics[m].data() + base;
        const std::int32_t* b = baseline.class_metrics[m].data() + base;
        std::int64_t d = 0;
        for (std::size_t k = 0; k < K; ++k) d += std::int64_t{a[k]} - std::int64_t{b[k]};
        cell.add(d);
        if (to_horizon) horizon[r * kHorizonMetricCount + m] += d;
        if (active) offender_months[r] += d;
        if (to_year) by_year[r * Y * kHorizonMetricCount + year_offset] += d;
      }
    }
    DifferenceSummary& cell = cells[static_cast<std::size_t>(HorizonMetric::safeguarded)];
    for (std::size_t r = 0; r < R; ++r) {
      const std::int64_t d = std::int64_t{scenario.safeguarded[r * T + t]} -
                             std::int64_t{baseline.safeguarded[r * T + t]};
      cell.add(d);
      horizon[r * kHorizonMetricCount + static_cast<std::size_t>(HorizonMetric::safeguarded)] += d;
      by_year[(r * Y + t / 12) * kHorizonMetricCount +
              static_cast<std::size_t>(HorizonMetric::safeguarded)] += d;
    }
  }
  for (std::size_t c = 0; c < Y * kHorizonMetricCount; ++c) {
    for (std::size_t r = 0; r < R; ++r)
      years_cells_[c].add(by_year[r * Y * kHorizonMetricCount + c]);
  }
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t h = 0; h < kHorizonMetricCount; ++h)
      horizon_[h].add(horizon[r * kHorizonMetricCount + h]);
    offender_months_.add(offender_months[r]);
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
  for (std::size_t h = 0; h < kHorizonMetricCount; ++h)
    horizon_[h].histogram.set_anchors_from(pilot.horizon_[h].histogram, presize);
  offender_months_.histogram.set_anchors_from(pilot.offender_months_.histogram, presize);
}

void PairedDifferenceSummary::merge(const PairedDifferenceSummary& other) {
  if (other.classes_ != classes_ || other.months_ != months_) {
    throw std::invalid_argument("PairedDifferenceSummary::merge: summaries of different shapes");
  }
  for (std::size_t i = 0; i < months_cells_.size(); ++i)
    months_cells_[i].merge(other.months_cells_[i]);
  for (std::size_t h = 0; h < kHorizonMetricCount; ++h) horizon_[h].merge(other.horizon_[h]);
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

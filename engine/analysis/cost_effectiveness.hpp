#pragma once
// Cost per outcome gained over the horizon, paired against the baseline (docs/output-format.md
// §2.7): the budget over the mean paired gain, its delta-method standard error, and quantiles of
// budget / gain over replicates (a replicate without gain counts as an unbounded cost).
#include <array>
#include <cstdint>

#include "analysis/paired_difference.hpp"
#include "analysis/scenario_summary.hpp"

namespace fundsim {

struct CostOutcome {
  const char* name;  // the output variable, e.g. "cost_per_arrest_gained"
  // The paired difference it is computed from.
  const DifferenceSummary& (*difference)(const PairedDifferenceSummary&);
  double scale;           // units of the difference per unit of the outcome
  bool gain_is_increase;  // arrests gained: diff > 0; contact abuse averted: diff < 0
  const char* units;      // e.g. "GBP per arrest"
  const char* what;       // for long names
};

// Arrests gained, contact-abuse events averted and offender-years averted.
const std::array<CostOutcome, 3>& cost_outcomes();

struct CostFigures {
  double point = 0;  // budget / mean gain; NaN if the mean gain or the budget is not positive
  double se = 0;     // delta method
  std::array<double, kSummaryQuantiles.size()> quantiles{};  // NaN where the gain is not positive
  std::int64_t without_gain = 0;                             // replicates with gain <= 0
};

CostFigures cost_effectiveness(const CostOutcome& outcome, const PairedDifferenceSummary& paired,
                               double budget);

}  // namespace fundsim

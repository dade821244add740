#pragma once
// Cost per outcome gained over the horizon, paired against the baseline (docs/output-format.md
// §2.7): the money spent within the horizon over the mean paired gain, its delta-method standard
// error, and quantiles of spend / gain over replicates (a replicate without gain counts as an
// unbounded cost). The spend is the budget unless the funding window runs past the horizon
// (Scenario::spend_within).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "analysis/paired_difference.hpp"
#include "analysis/scenario_summary.hpp"

namespace fundsim {

struct CostOutcome {
  const char* name;  // the output variable, e.g. "cost_per_arrest_gained"
  // The paired difference it is computed from.
  const DifferenceSummary& (*difference)(const PairedDifferenceSummary&);
  double scale;           // units of the difference per unit of the outcome
  bool gain_is_increase;  // arrests gained: diff > 0; contact abuse averted: diff < 0
  const char* per;        // units after the currency, e.g. "per arrest"
  const char* what;       // for long names
};

// Arrests gained, contact-abuse events averted and offender-years averted.
const std::array<CostOutcome, 3>& cost_outcomes();

// "GBP per arrest", "AUD per event", ...
std::string cost_units(const CostOutcome& outcome, std::string_view currency);

struct CostFigures {
  double point = 0;  // spend / mean gain; NaN if the mean gain or the spend is not positive
  double se = 0;     // delta method
  std::array<double, kSummaryQuantiles.size()> quantiles{};  // NaN where the gain is not positive
  std::int64_t without_gain = 0;                             // replicates with gain <= 0
};

// Whether the cost quantile at level q (spend over the gain's (1 - q) quantile) is bounded
// with confidence, and so worth printing: the share of replicates without gain must lie below
// 1 - q by more than two binomial standard errors, sqrt(q (1 - q) / R). At or past 1 - q the
// quantile is unbounded; just short of it, it is the spend over a gain of an event or two
// (23.6m / 1 arrest = 23,600,000), which a few more replicates without gain would make
// unbounded: it says nothing about the cost.
bool cost_quantile_bounded(double without_gain, double replicates, double q);

// `spend`: the scenario's money spent within the horizon.
CostFigures cost_effectiveness(const CostOutcome& outcome, const PairedDifferenceSummary& paired,
                               double spend);

}  // namespace fundsim

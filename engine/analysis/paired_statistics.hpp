#pragma once
// Exact statistics of a paired difference a - b over replicates, from the per-replicate values
// of two scenarios (docs/decision.md §2): what `fundsim compare` and `fundsim report
// --reference` compute for any pair of scenarios of a full run. Quantiles are the engine's
// inverted-CDF rule (the value of rank ceil(q n)); the probability that a is better counts ties
// as half, like the streamed paired differences (docs/output-format.md §2.6).
#include <array>
#include <cstdint>
#include <span>

#include "analysis/scenario_summary.hpp"
#include "registry/metrics.hpp"

namespace fundsim {

struct PairedStatistics {
  std::uint64_t n = 0;
  double mean = 0;
  double se = 0;  // Monte Carlo standard error of the mean: sd / sqrt(n)
  std::array<double, kSummaryQuantiles.size()> quantiles{};  // at kSummaryQuantiles
  double prob_better = 0;                                    // NaN for Better::none
};

PairedStatistics paired_statistics(std::span<const double> a, std::span<const double> b,
                                   Better better);

// The inverted-CDF quantile of `values` (sorted ascending): the value of rank ceil(q n).
double sorted_quantile(std::span<const double> sorted, double q);

}  // namespace fundsim

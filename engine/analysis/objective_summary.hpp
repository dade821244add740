#pragma once
// Objectives over a run (docs/decision.md): each objective's value per replicate and scenario,
// and its streamed summaries — per scenario the distribution of the value (mean, quantiles,
// CVaR) and the probability of beating the objective's reference; per choice set (all
// scenarios, the named ones, each sweep) each scenario's probability of being best, its
// expected loss against the best choice replicate by replicate, and the naive EVPI. Everything
// is accumulated exactly (integer counts, fixed-point sums), so threads, shards, ranks and
// resumed runs add up to bitwise the same statistics, with memory that does not grow with
// replicates.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/replicate_totals.hpp"
#include "analysis/scenario_summary.hpp"
#include "study/study.hpp"

namespace fundsim {

// An objective's value in one replicate: the sum of weight x total over its metrics.
double objective_value(const Objective& objective, const BlockTotals& totals, std::size_t r);
// Higher is better: the value when maximising, minus it when minimising.
inline double utility(const Objective& o, double value) {
  return o.direction == Direction::maximise ? value : -value;
}

// Streamed values are fixed point with this many steps per unit (rounded to nearest), so that
// their sums are exact integers whatever order replicates arrive in.
inline constexpr double kObjectiveScale = 1024.0;
std::int64_t to_fixed_point(double value);  // throws NumericError beyond 2^62 steps

// The sets of scenarios a choice is made among: "all", "named" (no sweep points), and each
// sweep ("sweep:NAME"); sets with fewer than two scenarios are left out.
struct ChoiceSet {
  std::string name;
  std::vector<std::size_t> scenarios;
};
std::vector<ChoiceSet> choice_sets(const Study& study);

class ObjectiveSummary {
 public:
  ObjectiveSummary(const Study& study, std::size_t objective);

  // values[s * replicates + r]: the objective's value in every scenario for a block of
  // replicates (the same replicates for every scenario).
  void add(std::span<const double> values, std::size_t replicates);
  void merge(const ObjectiveSummary& other);
  void set_anchors(const ObjectiveSummary& pilot, bool presize);

  std::size_t objective() const { return objective_; }
  std::uint64_t replicates() const { return n_; }
  // Per scenario, in the objective's units. The histogram is in fixed point (kObjectiveScale).
  const Summary& values(std::size_t s) const { return values_[s]; }
  double mean(std::size_t s) const;
  double se(std::size_t s) const;
  double quantile(std::size_t s, double level) const;
  // Mean of the worst `share` of replicates (largest values when minimising), from the
  // histogram's buckets (within its resolution, docs/output-format.md §3).
  double cvar(std::size_t s, double share) const;
  // Share of replicates where scenario s is better than the objective's reference (ties half).
  double p_beat(std::size_t s) const;
  // The objective's risk measure for scenario s (mean, quantile, CVaR or p_beat).
  double score(std::size_t s) const;

  const std::vector<ChoiceSet>& sets() const { return sets_; }
  // NaN for scenarios outside the set.
  double p_best(std::size_t set, std::size_t s) const;
  double expected_loss(std::size_t set, std::size_t s) const;  // >= 0, in the objective's units
  double evpi_naive(std::size_t set) const;  // E[max] - max E over replicates (noise included)

 private:
  friend struct SummaryCodec;
  // Ties among k scenarios split one win k ways; counts are in units of 1/kTieUnits.
  static constexpr std::uint64_t kTieUnits = 720720;  // lcm(1..16): exact up to 16-way ties
  struct SetTotals {
    std::vector<std::uint64_t> wins;  // per member, in 1/kTieUnits
    int128 best = 0;                  // sum over replicates of the best utility (fixed point)
  };
  Objective info_;  // a copy: summaries outlive the study value they were made from (merge)
  std::size_t objective_;
  std::vector<Summary> values_;
  std::vector<std::uint64_t> beats_;  // per scenario: 2 wins + ties against the reference
  std::vector<ChoiceSet> sets_;
  std::vector<SetTotals> set_totals_;
  std::uint64_t n_ = 0;
};

}  // namespace fundsim

#pragma once
// The results contract between the runner (engine/run/) and the output layer (engine/output/):
// what a run (or a part of one) produces, and where per-replicate output goes while it runs.
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/objective_summary.hpp"
#include "analysis/paired_difference.hpp"
#include "analysis/replicate_totals.hpp"
#include "analysis/scenario_summary.hpp"
#include "model/trajectory_block.hpp"
#include "results/replicate_ranges.hpp"
#include "study/study.hpp"

namespace fundsim {

struct RunResults {
  ReplicateRanges completed;               // the replicates the summaries hold
  std::vector<ScenarioSummary> summaries;  // one per scenario
  // One per scenario: scenario − baseline, paired by replicate (the baseline's is all zeros).
  std::vector<PairedDifferenceSummary> differences;
  // One per objective of the study (docs/decision.md).
  std::vector<ObjectiveSummary> objectives;
  std::uint64_t replicate_months = 0;  // scenarios x replicates x months
  double seconds = 0.0;

  // Adds the results of other replicates (a shard, a rank, a part of a run): exact sums and
  // counts, so the order parts are added in does not matter.
  void merge(const RunResults& part);
};

// Fresh, empty summaries shaped for `study`: per month for named scenarios, and for sweep points
// only with `sweep_months`.
RunResults empty_results(const Study& study, bool sweep_months = false);

// Receives per-replicate output. Called from worker threads; implementations serialise.
class BlockSink {
 public:
  virtual ~BlockSink() = default;
  virtual void write_trajectories(std::size_t scenario, const TrajectoryBlock& block) = 0;
  // values: replicates x parameters, row-major.
  virtual void write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                                std::span<const double> values) = 0;
  // Per-replicate totals of one scenario (every scenario, sweep points included).
  virtual void write_totals(std::size_t scenario, const BlockTotals& totals,
                            std::uint64_t first_replicate) = 0;
  // values[(objective * scenarios + scenario) * replicates + r].
  virtual void write_objectives(std::uint64_t first_replicate, std::size_t replicates,
                                std::span<const double> values) = 0;
};

// Which scenarios keep per-replicate arrays: all but sweep points (docs/model.md "j"), none when
// summary_only.
std::vector<bool> replicate_storage_plan(const Study& study, bool summary_only);

}  // namespace fundsim

#pragma once
// The results contract between the runner (engine/run/) and the output layer (engine/output/):
// what a run (or a part of one) produces, and where per-replicate output goes while it runs.
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/paired_difference.hpp"
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
  std::uint64_t replicate_months = 0;  // scenarios x replicates x months
  double seconds = 0.0;
};

// Fresh, empty summaries shaped for `study`.
RunResults empty_results(const Study& study);

// Receives per-replicate output. Called from worker threads; implementations serialise.
class BlockSink {
 public:
  virtual ~BlockSink() = default;
  virtual void write_trajectories(std::size_t scenario, const TrajectoryBlock& block) = 0;
  // values: replicates x parameters, row-major.
  virtual void write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                                std::span<const double> values) = 0;
};

// Which scenarios keep per-replicate arrays: all but sweep points (docs/model.md "j"), none when
// summary_only.
std::vector<bool> replicate_storage_plan(const Study& study, bool summary_only);

}  // namespace fundsim

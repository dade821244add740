#pragma once
// One `fundsim run` as an immutable value: the command line is parsed once into a RunPlan, and
// everything else — the run's identity (what checkpoints and shards compare), the file's
// metadata, the execution — is derived from it. Who watches the run (stop requests, progress,
// checkpoints, notices) is separate: RunHooks and a notice callback.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "results/run_identity.hpp"
#include "results/run_metadata.hpp"
#include "run/runner.hpp"

namespace fundsim {

// `--target-se`: add replicates until every scenario's 5-year contact-abuse difference from the
// baseline has a Monte Carlo standard error of at most `se` (run/target_se.hpp).
struct TargetSe {
  double se = 0;  // > 0
  std::uint64_t max_replicates = 1000000;
};

struct RunPlan {
  RunSpec spec;
  Execution execution;  // threads (a shard's range is derived from spec by part_execution())
  std::string output_path;
  bool overwrite = false;          // replace an existing output (and discard a checkpoint)
  bool resume = false;             // finish the checkpoint an interrupted run left
  double checkpoint_seconds = 60;  // 0: no checkpoints
  std::optional<TargetSe> target_se;
  std::string command_line;
  // `--parameters FILE`: the posterior as the replicates' design (calibrate/posterior_design.hpp);
  // null: the study's own design. spec.parameters_sha256 names it.
  std::shared_ptr<const ReplicateDesign> design;

  RunMetadata metadata() const { return RunMetadata{spec, command_line}; }
  RunIdentity identity(const Study& study) const { return run_identity(study, spec); }
  // The execution of this plan's part: all replicates, or the shard's range.
  Execution part_execution() const;
};

// The shard `shard_index` of `shard_count` of `replicates`, as an Execution::only value;
// throws InputError if the shard would be empty or the index is out of range.
ReplicateRanges shard_replicates(std::uint64_t replicates, std::uint64_t shard_index,
                                 std::uint64_t shard_count);

}  // namespace fundsim

#pragma once
// One `fundsim run` from study to published file: the output written under a temporary name,
// checkpoints while it runs, resumption of an earlier checkpoint, a shard's state for
// `fundsim merge`. The CLI (and each MPI rank) calls this; exit codes stay in the CLI.
#include <cstdint>
#include <functional>
#include <string>

#include "run/plan.hpp"
#include "study/study.hpp"

namespace fundsim {

// One-line messages for the user (resuming, checkpoint kept, rounds of --target-se).
using Notice = std::function<void(const std::string&)>;

struct JobResult {
  RunResults results;
  std::uint64_t resumed_replicates = 0;  // taken from a checkpoint
  std::uint64_t checkpoints = 0;         // written by this run
};

// Throws InputError (bad arguments, a checkpoint of another run), OutputError (the output or
// checkpoint cannot be written), Interrupted (a checkpoint, if any, is kept), NumericError.
JobResult run_job(const Study& study, const RunPlan& plan, const RunHooks& hooks,
                  const Notice& notice);

}  // namespace fundsim

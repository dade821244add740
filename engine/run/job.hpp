#pragma once
// One `fundsim run` from study to published file: the output written under a temporary name,
// checkpoints while it runs, resumption of an earlier checkpoint, a shard's state for
// `fundsim merge`. The CLI (and each MPI rank) calls this; exit codes stay in the CLI.
#include <cstdint>
#include <functional>
#include <string>

#include "output/hdf5_writer.hpp"
#include "run/run_state.hpp"
#include "run/runner.hpp"
#include "study/study.hpp"

namespace fundsim {

struct JobOptions {
  RunOptions run;  // replicates, seed, threads, flags, stop request, progress
  std::string command_line;
  std::string output_path;
  bool overwrite = false;           // replace an existing output
  bool discard_checkpoint = false;  // start afresh over an existing checkpoint (--overwrite)
  std::uint64_t shard_index = 0;    // shard_count > 1: compute only this shard, write a shard file
  std::uint64_t shard_count = 1;
  double checkpoint_seconds = 60;  // 0: no checkpoints
  bool resume = false;  // finish the checkpoint an interrupted run left (none: start afresh)
  std::function<void(const std::string&)> notice;  // one-line messages for the user
};

struct JobResult {
  RunResults results;
  std::uint64_t resumed_replicates = 0;  // taken from a checkpoint
  std::uint64_t checkpoints = 0;         // written by this run
};

// Throws InputError (bad arguments, a checkpoint of another run), OutputError (the output or
// checkpoint cannot be written), Interrupted (a checkpoint, if any, is kept), NumericError.
JobResult run_job(const Study& study, JobOptions job);

// The shard `shard_index` of `shard_count` of `replicates`, as a RunOptions::only value;
// throws InputError if the shard would be empty or the index is out of range.
ReplicateRanges shard_replicates(std::uint64_t replicates, std::uint64_t shard_index,
                                 std::uint64_t shard_count);

}  // namespace fundsim

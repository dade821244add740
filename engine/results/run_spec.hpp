#pragma once
// What determines a run's numbers besides the study: replicate count, seed and the options that
// change draws or outputs, and which shard of the replicates a part computes. One value, shared
// by the run plan, the runner, the output file's provenance and the identity that checkpoints,
// shards and MPI ranks compare before they are combined.
#include <cstdint>
#include <string>

namespace fundsim {

struct RunSpec {
  std::uint64_t replicates = 0;
  std::uint64_t seed = 0;
  bool central = false;       // every distribution at its median (docs/model.md §8)
  bool summary_only = false;  // no per-replicate arrays in the file
  // Every scenario gets its own parameter draws and random streams (seed
  // independent_seed(seed, s); the baseline keeps `seed`): a naive study without common
  // random numbers, to measure what they are worth. Stored parameters are the baseline's.
  bool independent = false;
  // Sweep points keep per-month summaries too (by default they keep per-year and horizon ones;
  // named scenarios always keep all three; docs/output-format.md §3).
  bool sweep_months = false;
  // `run --parameters FILE`: every replicate's parameters come from the posterior sample in FILE
  // (docs/calibration.md §5), identified by the SHA-256 of its bytes; empty: the study's priors.
  // The path is provenance only; the digest is what must agree between parts of a run.
  std::string parameters_sha256;
  std::string parameters_file;
  std::uint64_t shard_index = 0;  // shard_count > 1: this part computes one shard of the run
  std::uint64_t shard_count = 1;
  bool operator==(const RunSpec&) const = default;
};

}  // namespace fundsim

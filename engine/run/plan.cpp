#include "run/plan.hpp"

#include "errors.hpp"

namespace fundsim {

ReplicateRanges shard_replicates(std::uint64_t replicates, std::uint64_t shard_index,
                                 std::uint64_t shard_count) {
  if (shard_count == 0 || shard_index >= shard_count) {
    throw InputError("--shard I/N needs 0 <= I < N, got " + std::to_string(shard_index) + "/" +
                     std::to_string(shard_count));
  }
  if (shard_count > replicates) {
    throw InputError("--shard " + std::to_string(shard_index) + "/" + std::to_string(shard_count) +
                     ": more shards than the " + std::to_string(replicates) +
                     " replicates (a shard would be empty)");
  }
  return ReplicateRanges(shard_range(replicates, shard_index, shard_count));
}

Execution RunPlan::part_execution() const {
  Execution e = execution;
  if (spec.shard_count > 1)
    e.only = shard_replicates(spec.replicates, spec.shard_index, spec.shard_count);
  return e;
}

}  // namespace fundsim

#pragma once
// The study's design with its rank correlations imposed (docs/model.md §8 "Correlated inputs"):
// a UniformSource that reorders, within each fixed block of replicates (correlation_block), the
// design's uniforms of the correlated parameters by the Iman-Conover transform
// (impose_rank_correlation; Iman & Conover 1982).
//
// Every column is only permuted within its block, so each parameter keeps exactly the values
// the design gave it (a Latin hypercube keeps its strata). A replicate's uniforms depend on
// (seed, the block's uniforms, the target, the replicate count) and never on which other
// replicates a thread, shard or MPI rank computes, nor in which order: whoever needs replicate r
// recomputes r's whole block and gets bitwise the same numbers.
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <vector>

#include "uncertainty/correlation.hpp"
#include "uncertainty/uniform_source.hpp"

namespace fundsim {

// A study's target rank correlations ([[correlation]], docs/study-format.md §11): one matrix
// over every correlated parameter, 0 between parameters of unconnected declarations.
struct InputCorrelation {
  std::vector<std::size_t> parameters;  // indices into the flat parameter list, ascending
  RankMatrix rank;                      // rows and columns in the order of `parameters`

  bool empty() const { return parameters.empty(); }
};

// Blocks a CorrelatedUniforms keeps. The runner's threads pull consecutive chunks of at most 64
// replicates, so they work inside one or two blocks of 4,096 at any time; 4 leaves room for
// shards and resumed runs whose ranges start mid-block. A block evicted too early is only
// recomputed (the same numbers).
inline constexpr std::size_t kCorrelationCacheBlocks = 4;

class CorrelatedUniforms final : public UniformSource {
 public:
  // `design`: the study's design over replicates 0..replicates-1 (DesignUniforms with the same
  // seed and count). Throws std::invalid_argument if replicates or block_rows is 0, if
  // correlation.parameters is not strictly ascending or does not match the target's size, or
  // if the target fails check_rank_matrix.
  CorrelatedUniforms(std::shared_ptr<const UniformSource> design,
                     const InputCorrelation& correlation, std::uint64_t seed,
                     std::uint64_t replicates, std::uint64_t block_rows = kCorrelationBlockRows);

  // The design's uniform for an uncorrelated parameter; for a correlated one, its value in
  // the transformed block of `replicate` (< replicates, else std::invalid_argument). Thread
  // safe: a block is computed once while it stays cached; threads that need a block being
  // computed wait for it.
  double uniform(std::uint64_t replicate, std::size_t parameter) const override;

  // Blocks held now (at most kCorrelationCacheBlocks), for tests of the memory bound.
  std::size_t cached_blocks() const;
  // Blocks computed so far, cache misses included (for tests and cost measurements).
  std::uint64_t computed_blocks() const;

 private:
  using Block = std::shared_ptr<const std::vector<double>>;  // column by column
  struct Entry {
    std::uint64_t index = 0;
    std::shared_future<Block> block;
    std::uint64_t last_use = 0;
  };

  Block block(const ReplicateBlock& where) const;
  std::vector<double> transform(const ReplicateBlock& where) const;

  std::shared_ptr<const UniformSource> design_;
  std::vector<std::size_t> parameters_;
  std::vector<std::size_t> column_of_;  // per parameter index: column in the block, or npos
  RankCorrelationTarget target_;
  std::uint64_t seed_;
  std::uint64_t replicates_;
  std::uint64_t block_rows_;

  mutable std::mutex mutex_;
  mutable std::vector<Entry> cache_;  // least recently used evicted beyond the bound
  mutable std::uint64_t clock_ = 0;
  mutable std::uint64_t computed_ = 0;
};

}  // namespace fundsim

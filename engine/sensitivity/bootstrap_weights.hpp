#pragma once
// Poisson bootstrap (Hanley & MacGibbon 2006, Computer Methods and Programs in Biomedicine 83):
// instead of resampling N rows with replacement, each row enters bootstrap replicate b with an
// independent Poisson(1) weight. The weights of one row depend only on (seed, row), so the
// weighted sums of disjoint sets of rows can be accumulated anywhere and merged; integer
// weights keep integer sums exact.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fundsim::sensitivity {

struct BootstrapWeights {
  std::uint64_t seed = 0;
  std::uint64_t row = 0;
  std::vector<std::uint32_t> weights;  // weights[b] for bootstrap replicate b

  // Weights from Philox StreamKey{seed, row} (draw_sites.hpp), drawn by the engine's exact
  // Poisson sampler: weights[b] is the b-th draw, so fewer replicates are a prefix of more.
  static BootstrapWeights poisson(std::uint64_t seed, std::uint64_t row, std::size_t replicates);
};

}  // namespace fundsim::sensitivity

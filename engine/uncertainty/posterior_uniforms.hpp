#pragma once
// Uniforms from a posterior sample (docs/calibration.md §5): replicate r takes the u-vector of
// posterior draw j(r), with j(r) drawn uniformly from the N draws by its own Philox stream of
// (seed, r), so that replicate r never depends on any other replicate (threads, shards, ranks and
// resumed runs agree). Parameters the posterior does not hold (fixed ones, or uncertain ones the
// calibration could not inform) take their uniform from `prior`. Overrides use the same u
// (comonotone, docs/model.md §11 g).
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "uncertainty/uniform_source.hpp"

namespace fundsim {

class PosteriorUniforms final : public UniformSource {
 public:
  static constexpr std::size_t kFromPrior = std::numeric_limits<std::size_t>::max();
  // The draw index's stream: Stream(StreamKey{seed, r}, Domain::parameters, kDrawSite). The
  // engine's parameter draws use sites = parameter indices (small numbers) and the calibration's
  // own streams sites tagged 0xCA1B << 48, so this tag meets neither.
  static constexpr std::uint64_t kDrawSite = std::uint64_t{0x9057} << 48;

  // `draws`: N rows of `columns` uniforms in (0,1), row-major. `column_of[p]`: the column of
  // study parameter p, or kFromPrior. Throws std::invalid_argument on empty or ragged draws, a
  // u outside (0,1), a column out of range, or a missing prior source when one is needed.
  PosteriorUniforms(std::vector<double> draws, std::size_t columns,
                    std::vector<std::size_t> column_of, std::uint64_t seed,
                    std::shared_ptr<const UniformSource> prior);

  // j(r) in [0, N): the high 64 bits of bits * N (Lemire 2019), bias below N / 2^64.
  std::uint64_t draw(std::uint64_t replicate) const;
  double uniform(std::uint64_t replicate, std::size_t parameter) const override;
  std::size_t draws() const { return draws_.size() / columns_; }

 private:
  std::vector<double> draws_;
  std::size_t columns_;
  std::vector<std::size_t> column_of_;
  std::uint64_t seed_;
  std::shared_ptr<const UniformSource> prior_;
};

}  // namespace fundsim

#include "sensitivity/bootstrap_weights.hpp"

#include "random/samplers.hpp"
#include "random/stream.hpp"
#include "sensitivity/draw_sites.hpp"

namespace fundsim::sensitivity {

BootstrapWeights BootstrapWeights::poisson(std::uint64_t seed, std::uint64_t row,
                                           std::size_t replicates) {
  BootstrapWeights w{seed, row, std::vector<std::uint32_t>(replicates)};
  Stream stream(StreamKey{seed, row}, kDomain, kSiteBootstrapWeights);
  for (auto& weight : w.weights) weight = static_cast<std::uint32_t>(sample_poisson(1.0, stream));
  return w;
}

}  // namespace fundsim::sensitivity

#pragma once
// The random numbers the calibration algorithm draws itself (designs, proposals, resampling,
// Metropolis–Hastings), as opposed to the simulator's. Each use has its own stream:
//   Stream(StreamKey{seed, index}, Domain::parameters, kSiteTag | purpose << 40 | step)
// The engine draws Domain::parameters only at sites = parameter indices (small numbers), so
// the tagged sites (top 16 bits 0xCA1B) never meet them. A dedicated Domain::calibration
// would make this explicit; the lead may add it and change kDomain below.
#include <cstdint>

#include "random/stream.hpp"

namespace fundsim::calibration {

enum class Purpose : std::uint64_t {
  design = 1,             // wave 1's Latin hypercube
  wave_proposal = 2,      // later waves' mixture draws
  centre_thinning = 3,    // systematic thinning of mixture centres
  initial_particles = 4,  // the posterior's first particles
  resampling = 5,         // systematic resampling in the posterior steps
  move_proposal = 6,      // random-walk proposals of the Metropolis–Hastings moves
  move_acceptance = 7,    // their acceptance uniforms
};

inline constexpr Domain kDomain = Domain::parameters;
inline constexpr std::uint64_t kSiteTag = std::uint64_t{0xCA1B} << 48;

// step < 2^40 (a wave or posterior step number, or a step and move packed by the caller).
inline Stream algorithm_stream(std::uint64_t seed, Purpose purpose, std::uint64_t step,
                               std::uint64_t index = 0) {
  return Stream(StreamKey{seed, index}, kDomain,
                kSiteTag | (static_cast<std::uint64_t>(purpose) << 40) |
                    (step & ((std::uint64_t{1} << 40) - 1)));
}

}  // namespace fundsim::calibration

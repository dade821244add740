#pragma once
// Where the sensitivity module takes its random numbers. All of them come from Philox streams
// in Domain::parameters at sites far above the parameter indices that the uncertainty sampler
// uses as sites there (sampler.cpp), so they never coincide with a parameter draw, whatever
// the seed. (A Domain::sensitivity value would make this separation structural; see the
// module's report.)
#include <cstdint>

#include "random/stream.hpp"

namespace fundsim::sensitivity {

inline constexpr Domain kDomain = Domain::parameters;
inline constexpr std::uint64_t kSiteBase = 0x5345'4E53'0000'0000;  // "SENS"

// StreamKey{seed, dimension}: the dimension's scramble matrix and digital shift.
inline constexpr std::uint64_t kSiteSobolScramble = kSiteBase + 1;
// StreamKey{seed, base row}: Poisson(1) bootstrap weights of a Saltelli base row.
inline constexpr std::uint64_t kSiteBootstrapWeights = kSiteBase + 2;
// StreamKey{seed, trajectory}: a Morris trajectory's start levels and factor order.
inline constexpr std::uint64_t kSiteMorrisTrajectory = kSiteBase + 3;
// StreamKey{seed, bootstrap replicate}: which trajectories a Morris bootstrap replicate draws.
inline constexpr std::uint64_t kSiteMorrisBootstrap = kSiteBase + 4;

}  // namespace fundsim::sensitivity

#pragma once
// Standard normal deviates for the posterior draws behind the EVPPI standard errors, from the
// engine's counter-based streams (inversion of Philox uniforms with Boost.Math's normal
// quantile), so a seed gives the same draws on every platform and in any call order.
//
// The decision module has no Domain of its own yet: it uses Domain::model with sites whose top
// bit is set, which the model's draw sites (month << 32 | class << 8 | step) never reach.
#include <Eigen/Core>
#include <cstdint>

namespace fundsim::decision {

inline constexpr std::uint64_t kDecisionSiteBase = 0xDEC0'0000'0000'0000ULL;

// Fills `out` with independent N(0, 1) deviates from stream (seed, index) at site
// kDecisionSiteBase + purpose.
void standard_normals(std::uint64_t seed, std::uint64_t index, std::uint64_t purpose,
                      Eigen::Ref<Eigen::VectorXd> out);

}  // namespace fundsim::decision

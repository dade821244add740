#include "sensitivity/morris_design.hpp"

#include <string>
#include <utility>

#include "analysis/moments.hpp"
#include "errors.hpp"
#include "random/stream.hpp"
#include "sensitivity/draw_sites.hpp"

namespace fundsim::sensitivity {
namespace {

// Uniform integer in [0, n) from one 64-bit word (Lemire's multiply-shift; bias < n / 2^64).
std::uint64_t below(Stream& stream, std::uint64_t n) {
  return static_cast<std::uint64_t>((static_cast<uint128>(stream.bits()) * n) >> 64);
}

}  // namespace

DesignPoint MorrisTrajectory::point(std::size_t k) const {
  if (k > order.size()) {
    throw Error("Morris trajectory: point " + std::to_string(k) + " of " +
                std::to_string(order.size() + 1));
  }
  std::vector<int> level = start_levels;
  for (std::size_t s = 0; s < k; ++s) level[order[s]] += direction(order[s]) * (levels / 2);
  DesignPoint p{std::vector<double>(level.size()), stream_id};
  for (std::size_t d = 0; d < level.size(); ++d) {
    p.u[d] = (level[d] + 0.5) / levels;
  }
  return p;
}

MorrisDesign::MorrisDesign(std::size_t parameters, std::uint64_t trajectories, std::uint64_t seed,
                           int levels)
    : parameters_(parameters), trajectories_(trajectories), seed_(seed), levels_(levels) {
  if (parameters == 0) throw InputError("Morris design: at least one parameter is needed");
  if (trajectories == 0) throw InputError("Morris design: at least one trajectory is needed");
  if (levels < 2 || levels % 2 != 0 || levels > (1 << 20)) {
    throw InputError("Morris design: " + std::to_string(levels) +
                     " levels; an even number from 2 up is needed");
  }
}

MorrisTrajectory MorrisDesign::trajectory(std::uint64_t t) const {
  MorrisTrajectory tr;
  tr.index = t;
  tr.levels = levels_;
  tr.stream_id = t;
  Stream stream(StreamKey{seed_, t}, kDomain, kSiteMorrisTrajectory);
  tr.start_levels.resize(parameters_);
  for (auto& l : tr.start_levels) l = static_cast<int>(below(stream, levels_));
  // Fisher-Yates shuffle of the factor order.
  tr.order.resize(parameters_);
  for (std::size_t d = 0; d < parameters_; ++d) tr.order[d] = d;
  for (std::size_t i = parameters_; i > 1; --i) {
    std::swap(tr.order[i - 1], tr.order[below(stream, i)]);
  }
  return tr;
}

}  // namespace fundsim::sensitivity

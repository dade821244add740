#pragma once
// Morris (1991) one-at-a-time trajectories on a p-level grid, Technometrics 33.
//
// A trajectory starts at a random grid point and moves each of the D factors once, in random
// order, by Delta = p/2 grid steps: a factor starting on level l < p/2 moves up to l + p/2, one
// starting on l >= p/2 moves down to l - p/2. With the start levels uniform on all p levels this
// is Morris's design with Delta = p / (2 (p - 1)) and random directions; every level is used
// equally often.
//
// Grid to (0,1): Morris's levels 0, 1/(p-1), ..., 1 would put the end levels at u = 0 and 1,
// where most quantile functions are infinite. Level l is mapped instead to the midpoint of the
// l-th of p equal strata, u = (l + 1/2) / p (affine in l), so the step is Delta_u = 1/2 in u for
// every even p. Elementary effects are output changes divided by Delta_u (per unit of the
// parameter's probability scale); multiply by Delta_u = 1/2 for the output change of one step.
//
// All D + 1 points of trajectory t share stream id t (common random numbers along the
// trajectory, so the model's noise largely cancels in each effect).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sensitivity/design_point.hpp"

namespace fundsim::sensitivity {

struct MorrisTrajectory {
  std::uint64_t index = 0;
  int levels = 4;                  // p
  std::vector<int> start_levels;   // per factor, in 0 .. p-1
  std::vector<std::size_t> order;  // order[s] = the factor moved at step s
  std::uint64_t stream_id = 0;

  // +1 if the factor moves up, -1 if down.
  int direction(std::size_t factor) const { return start_levels[factor] < levels / 2 ? 1 : -1; }
  // Point k = 0 .. D: the start with the first k factors of `order` moved.
  DesignPoint point(std::size_t k) const;
};

class MorrisDesign {
 public:
  static constexpr int kDefaultLevels = 4;

  // Throws InputError unless parameters >= 1, trajectories >= 1 and levels is even and >= 2.
  MorrisDesign(std::size_t parameters, std::uint64_t trajectories, std::uint64_t seed,
               int levels = kDefaultLevels);

  std::size_t parameters() const { return parameters_; }
  std::uint64_t trajectories() const { return trajectories_; }
  std::uint64_t seed() const { return seed_; }
  int levels() const { return levels_; }
  static constexpr double delta() { return 0.5; }  // step in u
  std::size_t points_per_trajectory() const { return parameters_ + 1; }
  std::uint64_t evaluations() const { return trajectories_ * points_per_trajectory(); }

  // Trajectory t from Philox StreamKey{seed, t} (draw_sites.hpp); t may exceed trajectories()
  // (a design can be extended), the first trajectories never change.
  MorrisTrajectory trajectory(std::uint64_t t) const;

 private:
  std::size_t parameters_;
  std::uint64_t trajectories_;
  std::uint64_t seed_;
  int levels_;
};

}  // namespace fundsim::sensitivity

#pragma once
// Morris elementary effects of one integer model output (Morris 1991): per factor the mean mu,
// the mean absolute value mu* (Campolongo, Cariboni & Saltelli 2007, Environmental Modelling &
// Software 22) and the standard deviation sigma of its effects over the trajectories, and a
// bootstrap interval on mu* (resampling trajectories). Effects are stored per trajectory and
// summarised in trajectory order, so adding and merging trajectories in any order gives bitwise
// the same results.
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "sensitivity/morris_design.hpp"
#include "sensitivity/percentile_interval.hpp"

namespace fundsim::sensitivity {

struct MorrisFactor {
  double mu = 0;       // mean elementary effect (signed; effects of opposite sign cancel)
  double mu_star = 0;  // mean |elementary effect|: the screening measure
  double sigma = 0;    // standard deviation of the effects (n - 1): non-linearity/interactions
  Interval mu_star_interval;
};

struct MorrisResults {
  std::uint64_t trajectories = 0;
  double delta = MorrisDesign::delta();  // elementary effect = output change / delta
  double confidence = 0.95;
  std::vector<MorrisFactor> factors;
};

class MorrisEffects {
 public:
  static constexpr std::size_t kDefaultBootstrapReplicates = 1000;

  explicit MorrisEffects(const MorrisDesign& design);

  // Adds trajectory t's D + 1 outputs in point order (MorrisTrajectory::point(0 .. D)).
  // Throws Error for a wrong count or a trajectory already added; NumericError if an output
  // change does not fit in 64 bits.
  void add(std::uint64_t trajectory, std::span<const std::int64_t> outputs);
  // Adds another accumulator's trajectories (same design, else Error; no overlap, else Error).
  void merge(const MorrisEffects& other);
  std::uint64_t trajectories() const { return changes_.size(); }

  // Summaries; mu_star_interval from `bootstrap_replicates` resamples of the trajectories
  // (Philox keyed by the design seed: deterministic). sigma is NaN below 2 trajectories.
  MorrisResults results(double confidence = 0.95,
                        std::size_t bootstrap_replicates = kDefaultBootstrapReplicates) const;

  // Per trajectory, per factor: the signed output change of its step (times its direction),
  // i.e. the elementary effect times delta. For checkpoints and MPI.
  const std::map<std::uint64_t, std::vector<std::int64_t>>& changes() const { return changes_; }

 private:
  MorrisDesign design_;
  std::map<std::uint64_t, std::vector<std::int64_t>> changes_;
};

}  // namespace fundsim::sensitivity

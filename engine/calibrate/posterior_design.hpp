#pragma once
// The posterior as a run's input (`fundsim run STUDY --parameters posterior.h5`,
// docs/calibration.md §5): each replicate's calibrated parameters are posterior draw j(r), chosen
// reproducibly from (seed, r) (uncertainty/posterior_uniforms.hpp); the study's other uncertain
// parameters are drawn from their priors by plain Monte Carlo from (seed, r), so the design does
// not depend on the replicate count (--target-se, shards and resumed runs keep working). Every
// scenario uses the same replicates: common random numbers hold, and overrides use the replicate's
// u.
#include <cstdint>
#include <memory>
#include <string>

#include "calibrate/calibration_file.hpp"
#include "run/runner.hpp"
#include "study/study.hpp"
#include "uncertainty/posterior_marginals.hpp"

namespace fundsim {

struct PosteriorDesign {
  std::shared_ptr<const ReplicateDesign> design;
  PosteriorFile posterior;
};

// Reads `path` and maps its parameters onto `study`'s. InputError if a posterior parameter is
// not a parameter of the study, or if the study's prior would turn the posterior's u into another
// value than the calibration's (the study changed that parameter's distribution since).
PosteriorDesign posterior_design(const Study& study, const std::string& path, std::uint64_t seed);
// The same from a posterior already read (one read serves several seeds).
PosteriorDesign posterior_design(const Study& study, PosteriorFile posterior, std::uint64_t seed);

// The posterior's marginals for the sensitivity designs (`fundsim sensitivity STUDY --parameters
// posterior.h5`, docs/sensitivity.md §8): each calibrated parameter over its own posterior
// marginal, independently of the others. The same checks as posterior_design().
struct PosteriorMarginalsInput {
  std::shared_ptr<const PosteriorMarginals> marginals;
  PosteriorFile posterior;
};
PosteriorMarginalsInput posterior_marginals(const Study& study, const std::string& path);

}  // namespace fundsim

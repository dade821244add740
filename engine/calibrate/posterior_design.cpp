#include "calibrate/posterior_design.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "errors.hpp"
#include "uncertainty/posterior_marginals.hpp"
#include "uncertainty/posterior_uniforms.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim {

namespace {

// The posterior's column of each study parameter (PosteriorUniforms::kFromPrior for the others),
// after checking that every posterior parameter is one of the study's, with the same prior.
std::vector<std::size_t> posterior_columns(const Study& study, const PosteriorFile& p,
                                           const std::string& path) {
  const std::size_t d = p.parameters.size();
  std::vector<std::size_t> column_of(study.parameters.size(), PosteriorUniforms::kFromPrior);
  for (std::size_t c = 0; c < d; ++c) {
    const auto it =
        std::find_if(study.parameters.begin(), study.parameters.end(),
                     [&](const ParameterDecl& decl) { return decl.name == p.parameters[c]; });
    if (it == study.parameters.end())
      throw InputError(path + ": the posterior's parameter '" + p.parameters[c] +
                       "' is not a parameter of " + study.file);
    const ParameterDecl& decl = *it;
    // The same prior maps each draw's u to the value the calibration recorded (to 1e-9, in case
    // another build rounds a quantile function's last bits differently).
    for (std::size_t j = 0; j < p.draws; ++j) {
      const double here = ParameterSampler::value(decl.dist, decl.range, p.u[j * d + c]);
      const double there = p.values[j * d + c];
      if (!(std::fabs(here - there) <= 1e-9 * std::max(1.0, std::fabs(there))))
        throw InputError(path + ": parameter '" + decl.name + "' has another prior in " +
                         study.file + " (" + decl.dist.describe() +
                         ") than in the calibration: its posterior draw " + std::to_string(j) +
                         " was " + std::to_string(there) + ", this prior makes it " +
                         std::to_string(here) + "; calibrate this study again");
    }
    column_of[static_cast<std::size_t>(it - study.parameters.begin())] = c;
  }
  return column_of;
}

}  // namespace

PosteriorDesign posterior_design(const Study& study, const std::string& path, std::uint64_t seed) {
  return posterior_design(study, read_posterior_file(path), seed);
}

PosteriorDesign posterior_design(const Study& study, PosteriorFile posterior, std::uint64_t seed) {
  PosteriorDesign out;
  out.posterior = std::move(posterior);
  const PosteriorFile& p = out.posterior;
  const std::size_t d = p.parameters.size();
  std::vector<std::size_t> column_of = posterior_columns(study, p, p.path);
  auto design = std::make_shared<ReplicateDesign>();
  design->uniforms = std::make_shared<PosteriorUniforms>(
      p.u, d, std::move(column_of), seed,
      std::make_shared<DesignUniforms>(seed, 1, Design::monte_carlo));
  out.design = std::move(design);
  return out;
}

PosteriorMarginalsInput posterior_marginals(const Study& study, const std::string& path) {
  PosteriorMarginalsInput out;
  out.posterior = read_posterior_file(path);
  const PosteriorFile& p = out.posterior;
  out.marginals = std::make_shared<PosteriorMarginals>(p.u, p.parameters.size(),
                                                       posterior_columns(study, p, path));
  return out;
}

}  // namespace fundsim

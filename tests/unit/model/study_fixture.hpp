#pragma once
// Studies for model tests: the repository's small study (small_study.hpp), and one replicate's
// parameter values.
#include <string>
#include <vector>

#include "small_study.hpp"
#include "study/study.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim::test {

// Parameter values of one replicate of `study` (Monte Carlo draw).
inline std::vector<double> sampled_values(const Study& study, std::uint64_t replicate,
                                          std::uint64_t seed = 1) {
  ParameterSampler sampler(study.parameters, seed, study.run.replicates, Design::monte_carlo,
                           false);
  std::vector<double> values(study.parameters.size());
  sampler.sample(replicate, values);
  return values;
}

}  // namespace fundsim::test

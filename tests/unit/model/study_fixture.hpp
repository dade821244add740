#pragma once
// Studies for model tests: the repository's small study, loaded once per test.
#include <string>
#include <vector>

#include "study/study.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim::test {

inline Study small_study() {
  return load_study(std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/small.toml");
}

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

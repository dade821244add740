#include "results/run_results.hpp"

namespace fundsim {

RunResults empty_results(const Study& study) {
  RunResults r;
  const auto months = static_cast<std::size_t>(study.run.months);
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    r.summaries.emplace_back(study.classes.size(), months);
    r.differences.emplace_back(study.classes.size(), months);
  }
  return r;
}

std::vector<bool> replicate_storage_plan(const Study& study, bool summary_only) {
  std::vector<bool> stored(study.scenarios.size(), false);
  if (summary_only) return stored;
  for (std::size_t s = 0; s < study.scenarios.size(); ++s)
    stored[s] = study.scenarios[s].sweep.empty();
  return stored;
}

}  // namespace fundsim

#include "results/run_results.hpp"

namespace fundsim {

RunResults empty_results(const Study& study, bool sweep_months) {
  RunResults r;
  const auto months = static_cast<std::size_t>(study.run.simulated_months());
  const auto history = static_cast<std::size_t>(study.run.history_months);
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    const bool monthly = sweep_months || study.scenarios[s].sweep.empty();
    r.summaries.emplace_back(study.classes.size(), months, history, monthly);
    r.differences.emplace_back(study.classes.size(), months, history, monthly);
  }
  for (std::size_t o = 0; o < study.objectives.size(); ++o) r.objectives.emplace_back(study, o);
  return r;
}

void RunResults::merge(const RunResults& part) {
  for (std::size_t s = 0; s < summaries.size(); ++s) {
    summaries[s].merge(part.summaries[s]);
    differences[s].merge(part.differences[s]);
  }
  for (std::size_t o = 0; o < objectives.size(); ++o) objectives[o].merge(part.objectives[o]);
  completed.add(part.completed);
}

std::vector<bool> replicate_storage_plan(const Study& study, bool summary_only) {
  std::vector<bool> stored(study.scenarios.size(), false);
  if (summary_only) return stored;
  for (std::size_t s = 0; s < study.scenarios.size(); ++s)
    stored[s] = study.scenarios[s].sweep.empty();
  return stored;
}

}  // namespace fundsim

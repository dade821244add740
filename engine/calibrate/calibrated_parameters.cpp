#include "calibrate/calibrated_parameters.hpp"

#include "registry/effect_targets.hpp"

namespace fundsim {

ParameterSplit split_parameters(const Study& study, int policy_months) {
  // The lever of each effect parameter (none for globals and class parameters).
  constexpr std::size_t kNoLever = static_cast<std::size_t>(-1);
  std::vector<std::size_t> lever_of(study.parameters.size(), kNoLever);
  for (std::size_t l = 0; l < study.levers.size(); ++l) {
    for (const EffectDecl& e : study.levers[l].effects) {
      const std::size_t count = curve_info(e.curve).param_count;
      for (std::size_t i = 0; i < count; ++i) lever_of[e.first_param + i] = l;
    }
  }
  const Scenario& baseline = study.scenarios[study.baseline];
  const auto baseline_spends = [&](std::size_t lever) {
    for (int t = 0; t < policy_months; ++t)
      if (baseline.spend(lever, t) > 0) return true;
    return false;
  };
  ParameterSplit split;
  for (std::size_t p = 0; p < study.parameters.size(); ++p) {
    if (study.parameters[p].dist.is_fixed()) continue;
    const bool informative = lever_of[p] == kNoLever || baseline_spends(lever_of[p]);
    (informative ? split.calibrated : split.prior_only).push_back(p);
  }
  return split;
}

}  // namespace fundsim

#pragma once
// Which of a study's parameters the calibration fits (docs/calibration.md §3): every uncertain
// parameter that can change what the observed months simulate. A lever's effect parameters act
// only through its spending, and the history spends nothing (docs/model.md §4 "History"), so they
// are fitted only if the baseline scenario spends on that lever within the calibrated months;
// otherwise the data cannot inform them at all and their posterior is their prior, exactly.
#include <cstddef>
#include <vector>

#include "study/study.hpp"

namespace fundsim {

struct ParameterSplit {
  std::vector<std::size_t> calibrated;  // indices into Study::parameters, in study order
  std::vector<std::size_t> prior_only;  // uncertain, but no observation depends on them
};

// `policy_months`: months of the policy horizon the calibration simulates (>= 1).
ParameterSplit split_parameters(const Study& study, int policy_months);

}  // namespace fundsim

#pragma once
// g of step 2 (docs/model.md §4): the deterrent effect of recent arrests on onset. Shared by
// the one-scenario and the scenario-lane steps, which must compute it identically. Include only
// from units compiled without FMA contraction (random/fast_math.hpp).
#include <algorithm>
#include <cmath>

#include "model/model_parameters.hpp"
#include "random/fast_math.hpp"

namespace fundsim {

inline double deterrence(const ModelParameters& params, double smoothed_arrests) {
  const double elasticity = params[GlobalParam::deterrence_elasticity];
  if (elasticity == 0.0) return 1.0;
  const double g = fm::pow(smoothed_arrests / params[GlobalParam::arrests_ref], -elasticity);
  return std::clamp(g, 0.5, 2.0);
}

}  // namespace fundsim

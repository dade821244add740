#pragma once
// g of step 2 (docs/model.md §4): the deterrent effect of recent arrests on onset. Shared by
// the one-scenario and the scenario-lane steps, which must compute it identically.
#include <algorithm>
#include <cmath>

#include "model/model_parameters.hpp"

namespace fundsim {

inline double deterrence(const ModelParameters& params, double smoothed_arrests) {
  const double elasticity = params[GlobalParam::deterrence_elasticity];
  if (elasticity == 0.0) return 1.0;
  const double g = std::pow(smoothed_arrests / params[GlobalParam::arrests_ref], -elasticity);
  return std::clamp(g, 0.5, 2.0);
}

}  // namespace fundsim

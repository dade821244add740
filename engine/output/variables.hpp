#pragma once
// Units and long names of the output variables (MODEL.md §5), in one place.
#include "analysis/scenario_summary.hpp"
#include "model/month_outcome.hpp"

namespace fundsim {

struct VariableInfo {
  const char* units;
  const char* long_name;
};

VariableInfo class_metric_info(ClassMetric m);
VariableInfo capacity_info();
VariableInfo safeguarded_info();
// Over the horizon: flows summed over months and classes, stocks at the last month.
VariableInfo horizon_metric_info(HorizonMetric m);

}  // namespace fundsim

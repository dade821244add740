#pragma once
// What `fundsim sensitivity` prints (docs/sensitivity.md §3): the top drivers of every target and
// metric at one period as tables, or every index as JSON.
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "run/sensitivity_run.hpp"
#include "study/study.hpp"

namespace fundsim::cli {

struct SensitivityReport {
  bool from_run = false;   // the indices are of a results file's replicates
  std::string input;       // the study or results file
  std::size_t top = 5;     // drivers per table
  std::size_t period = 0;  // index into the axes' periods
  // The posterior sample the calibrated parameters came from (--parameters, or the run's); empty:
  // every parameter over its prior.
  std::string posterior;
  std::vector<std::string> calibrated;  // the factors varied over their posterior marginals
};

// Per target and metric, the `top` parameters by |PRCC|, ST or mu*, with intervals and the noise
// share.
void print_sensitivity_table(std::ostream& out, const Study& study, const SensitivityResults& r,
                             const SensitivityReport& report);
// {"method", ..., "indices": [...], "noise_share": [...]}.
void print_sensitivity_json(std::ostream& out, const Study& study, const SensitivityResults& r,
                            const SensitivityReport& report);

}  // namespace fundsim::cli

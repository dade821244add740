#pragma once
// What `fundsim sensitivity` prints (docs/sensitivity.md §3): the top drivers of every target and
// metric at one period as tables, or every index as JSON.
#include <cstddef>
#include <ostream>
#include <string>

#include "run/sensitivity_run.hpp"
#include "study/study.hpp"

namespace fundsim::cli {

struct SensitivityReport {
  bool from_run = false;   // the indices are of a results file's replicates
  std::string input;       // the study or results file
  std::size_t top = 5;     // drivers per table
  std::size_t period = 0;  // index into the axes' periods
};

// Per target and metric, the `top` parameters by |PRCC|, ST or mu*, with intervals and the noise
// share.
void print_sensitivity_table(std::ostream& out, const Study& study, const SensitivityResults& r,
                             const SensitivityReport& report);
// {"method", ..., "indices": [...], "noise_share": [...]}.
void print_sensitivity_json(std::ostream& out, const Study& study, const SensitivityResults& r,
                            const SensitivityReport& report);

}  // namespace fundsim::cli

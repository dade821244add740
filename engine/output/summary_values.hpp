#pragma once
// The values of a summary, paired-difference or cost variable (output/variables.hpp), computed
// from a run's results in the variable's C order. Integer-valued variables (replicates without
// gain) come back in `counts`, the others in `reals`.
#include <cstdint>
#include <vector>

#include "output/variables.hpp"
#include "results/run_results.hpp"

namespace fundsim {

struct SummaryValues {
  std::vector<double> reals;
  std::vector<std::int64_t> counts;
};

SummaryValues summary_values(const Variable& v, const Study& study, const RunResults& results);

}  // namespace fundsim

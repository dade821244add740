#pragma once
// The short table printed after a run: per scenario, horizon totals as median [5%, 95%].
#include <ostream>

#include "results/run_results.hpp"

namespace fundsim::cli {

void print_summary_table(std::ostream& out, const Study& study, const RunResults& results);

}  // namespace fundsim::cli

#pragma once
// What the commands that read a results file share: finding a scenario by name (sweep points
// are named SWEEP[lever=share,...], docs/study-format.md §7) and requiring per-replicate totals.
#include <cstddef>
#include <string>

#include "output/results_file.hpp"
#include "study/study.hpp"

namespace fundsim::cli {

// Throws InputError naming `option` and the closest names.
std::size_t find_scenario(const Study& study, const std::string& name, const std::string& option);

// Per-replicate totals (docs/output-format.md §2.8) are needed by `command`; a summary-only file
// has none: InputError saying so.
void require_totals(const ResultsFile& file, const std::string& command);

}  // namespace fundsim::cli

#pragma once
// How a file records the study's correlated inputs (docs/output-format.md §4): the root
// attribute `input_correlation`, a JSON object that json.loads / jsonlite read directly.
#include <string>

#include "study/study.hpp"

namespace fundsim {

// {"method": ..., "statistic": "spearman", "block_replicates": 4096,
//  "parameters": [names], "rank": [[row], ...]} with the target over every correlated parameter
// (rows and columns in the order of "parameters"; 0 between unconnected declarations). Numbers
// in the shortest form that reads back exactly. Empty when the study declares no correlation.
std::string input_correlation_json(const Study& study);

}  // namespace fundsim

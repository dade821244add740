#pragma once
// A list of distinct uncertain parameters named in a study table (`parameters = [...]` of
// [[correlation]] and [[parameter_group]], docs/study-format.md §11 and §13), read with located
// errors: unknown names get a suggestion, parameters with one value and repeats are refused.
#include <cstddef>
#include <string>
#include <vector>

#include "study/reader.hpp"
#include "study/study.hpp"

namespace fundsim::study_detail {

// A distribution with more than one value: not a fixed number, not a uniform with min = max.
bool is_uncertain(const ParameterDecl& p);

// The indices into study.parameters of the names in table.`parameters` (at least `min_count`),
// in the order written. `purpose` completes "only parameters with a distribution can be ...".
std::vector<std::size_t> read_uncertain_parameters(const Reader& reader, const Node& table,
                                                   const std::string& path, const Study& study,
                                                   std::size_t min_count,
                                                   const std::string& purpose);

}  // namespace fundsim::study_detail

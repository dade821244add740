#pragma once
// Parameter values (docs/study-format.md §4): a number or a distribution table, checked
// against the parameter's valid range.
#include <string>
#include <string_view>

#include "study/reader.hpp"
#include "uncertainty/distribution.hpp"
#include "uncertainty/parameter_decl.hpp"

namespace fundsim::study_detail {

// Reads `node` (a number, or a table { dist = "...", ..., clamp = true|false }) as the
// value of a parameter with valid range `range`:
// - a fixed value must lie in the range (and be an integer when range.integer);
// - a distribution's own parameters must pass check_distribution();
// - a distribution whose support leaves the range is an error unless clamp = true.
Distribution read_parameter_value(const Reader& reader, const Node& node, std::string_view path,
                                  const ValidRange& range);

// The same, packaged as a declaration named `name` located at `node`.
ParameterDecl read_parameter(const Reader& reader, const Node& node, std::string_view path,
                             std::string name, const ValidRange& range);

// A range for messages, e.g. "[0, 1]", "(-1, inf)", "integer >= 0".
std::string describe_range(const ValidRange& range);

}  // namespace fundsim::study_detail

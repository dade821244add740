#pragma once
// "Did you mean …" for the observations reader. (engine/study/suggest.hpp has the same idea
// for study files; the calibration library does not link the study library.)
#include <string>
#include <string_view>
#include <vector>

namespace fundsim::calibration {

// " (did you mean 'x'?)" for the candidate within edit distance 2 of `word` (Levenshtein with
// adjacent transpositions; the first one on ties), or "" when none is that close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "'a', 'b', 'c'" (or "(none)").
std::string quoted_list(const std::vector<std::string>& names);

}  // namespace fundsim::calibration

#pragma once
// "Did you mean …" suggestions and lists of allowed names for error messages.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fundsim::study_detail {

// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` within distance 2 (first one on ties); else, for a word of 3
// characters or more, the first candidate that starts with it (contact -> contact_abuse) or has
// it as a '_', '.' or '-' separated part (abuse -> contact_abuse); or "" if none.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c" (each quoted when `quote`); long lists end with "... (N more)" after at most
// `limit` names (support/name_list.hpp).
std::string join_names(const std::vector<std::string>& names, bool quote = false,
                       std::size_t limit = 40);

// Shortest decimal form that round-trips (1, 0.25, 1e+06, ...).
std::string format_number(double v);

}  // namespace fundsim::study_detail

#include "calibration/suggest.hpp"

#include <algorithm>
#include <cstddef>

namespace fundsim::calibration {
namespace {

// Optimal-string-alignment distance (Damerau 1964; Levenshtein 1966).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> d((n + 1) * (m + 1));
  const auto at = [m](std::size_t i, std::size_t j) { return i * (m + 1) + j; };
  for (std::size_t i = 0; i <= n; ++i) d[at(i, 0)] = i;
  for (std::size_t j = 0; j <= m; ++j) d[at(0, j)] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[at(i, j)] =
          std::min({d[at(i - 1, j)] + 1, d[at(i, j - 1)] + 1, d[at(i - 1, j - 1)] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[at(i, j)] = std::min(d[at(i, j)], d[at(i - 2, j - 2)] + 1);
    }
  }
  return d[at(n, m)];
}

}  // namespace

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  std::size_t best_distance = 3;
  for (const std::string& c : candidates) {
    const std::size_t dist = edit_distance(word, c);
    if (dist < best_distance && dist < std::max<std::size_t>(word.size(), 1)) {
      best_distance = dist;
      best = &c;
    }
  }
  return best ? " (did you mean '" + *best + "'?)" : std::string();
}

std::string quoted_list(const std::vector<std::string>& names) {
  if (names.empty()) return "(none)";
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

}  // namespace fundsim::calibration

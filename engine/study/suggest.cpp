#include "study/suggest.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "support/name_list.hpp"

namespace fundsim::study_detail {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

namespace {

// `part` is a whole '_'-, '.'- or '-'-separated part of `name` (abuse in contact_abuse).
bool is_part(std::string_view part, std::string_view name) {
  const auto separator = [](char c) { return c == '_' || c == '.' || c == '-'; };
  for (std::size_t at = name.find(part); at != std::string_view::npos;
       at = name.find(part, at + 1)) {
    const std::size_t end = at + part.size();
    if ((at == 0 || separator(name[at - 1])) && (end == name.size() || separator(name[end])))
      return true;
  }
  return false;
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 3;
  for (const std::string& c : candidates) {
    // Cheap reject: lengths differing by more than 2 cannot be within distance 2.
    const std::size_t diff =
        c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (diff > 2) continue;
    const std::size_t dist = edit_distance(word, c);
    if (dist < best_distance && dist < std::max<std::size_t>(word.size(), 1)) {
      best_distance = dist;
      best = c;
    }
  }
  if (!best.empty() || word.size() < 3) return best;
  // A word cut short or one part of a name: "contact" for contact_abuse, "abuse" likewise.
  for (const std::string& c : candidates)
    if (c.size() > word.size() && c.compare(0, word.size(), word) == 0) return c;
  for (const std::string& c : candidates)
    if (is_part(word, c)) return c;
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = closest_match(word, candidates);
  return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

std::string join_names(const std::vector<std::string>& names, bool quote, std::size_t limit) {
  return list_names(names, quote, NameListLimits{limit, NameListLimits{}.max_chars});
}

std::string format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Whole numbers print in full (21000000, not 2.1e+07); others in the shortest form
  // that reads back exactly.
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    return std::string(buf, result.ptr);
  }
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

}  // namespace fundsim::study_detail

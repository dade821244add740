// Simplex grid expansion and naming of sweep points (pure functions).
#include "study/sweep_grid.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace fundsim {

std::uint64_t simplex_point_count(std::size_t parts, std::uint64_t divisions) {
  if (parts == 0) return divisions == 0 ? 1 : 0;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  // C(n + i, i) built up for i = 1 .. parts-1; each intermediate value is exact.
  std::uint64_t result = 1;
  for (std::uint64_t i = 1; i < parts; ++i) {
    const std::uint64_t factor = divisions + i;
    if (factor < divisions || result > kMax / factor) return kMax;
    result = result * factor / i;
  }
  return result;
}

namespace {

void fill(std::size_t part, std::uint32_t left, std::vector<std::uint32_t>& point,
          std::vector<std::vector<std::uint32_t>>& out) {
  if (part + 1 == point.size()) {
    point[part] = left;
    out.push_back(point);
    return;
  }
  for (std::uint32_t k = left + 1; k-- > 0;) {
    point[part] = k;
    fill(part + 1, left - k, point, out);
  }
}

}  // namespace

std::vector<std::vector<std::uint32_t>> simplex_points(std::size_t parts, std::uint32_t divisions) {
  std::vector<std::vector<std::uint32_t>> out;
  if (parts == 0) return out;
  std::vector<std::uint32_t> point(parts, 0);
  fill(0, divisions, point, out);
  return out;
}

int step_decimals(double step) {
  double scale = 1.0;
  for (int d = 0; d < 12; ++d, scale *= 10.0) {
    const double scaled = step * scale;
    if (std::fabs(scaled - std::round(scaled)) <= 1e-6) return d;
  }
  return 12;
}

std::string format_share(std::uint32_t k, std::uint32_t divisions, int decimals) {
  if (k == 0) return "0";
  if (k == divisions) return "1";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, static_cast<double>(k) / divisions);
  return buf;
}

std::string sweep_point_name(const std::string& sweep, const std::vector<std::string>& levers,
                             const std::vector<std::uint32_t>& point, std::uint32_t divisions,
                             int decimals) {
  std::string name = sweep + "[";
  for (std::size_t i = 0; i < levers.size(); ++i) {
    if (i) name += ',';
    name += levers[i] + "=" + format_share(point[i], divisions, decimals);
  }
  return name + "]";
}

}  // namespace fundsim

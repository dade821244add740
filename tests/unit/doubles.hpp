#pragma once
// Doubles in the unit tests: the special values by short names, and comparison bit for bit
// (reproducibility is bitwise, docs/architecture.md).
#include <cstring>
#include <limits>
#include <vector>

namespace fundsim::test {

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

inline bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace fundsim::test
